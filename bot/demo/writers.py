"""The demo area written in the official formats: a GIAS extract (cp1252) and links file, KS2
(2018/19) and KS4 (2023/24) performance tables, census and absence (2023/24), an Ofsted
management-information file and postcode-district centroids, each with the header and conventions of
the real published file. `write_demo_files` writes them all; the same bytes come out every time."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from bot.demo.data import DISTRICTS, EXTRACT_DATE, LA_CODE, LA_NAME, SCHOOLS, DemoSchool
from bot.demo.headers import (
    ABSENCE_HEADER, CENSUS_HEADER, GIAS_HEADER, KS2_HEADER, KS4_HEADER, LINKS_HEADER, OFSTED_HEADER,
    POSTCODES_HEADER,
)

# GIAS type -> (EstablishmentTypeGroup, performance-table NFTYPE, Ofsted "Type of education").
_TYPES = {
    "Community school": ("Local authority maintained schools", "CY", "Community School"),
    "Voluntary aided school": ("Local authority maintained schools", "VA", "Voluntary Aided School"),
    "Voluntary controlled school": (
        "Local authority maintained schools", "VC", "Voluntary Controlled School"),
    "Foundation school": ("Local authority maintained schools", "FD", "Foundation School"),
    "Local authority nursery school": ("Local authority maintained schools", "", "LA Nursery School"),
    "Academy converter": ("Academies", "ACC", "Academy Converter"),
    "Academy sponsor led": ("Academies", "AC", "Academy Sponsor Led"),
    "Free schools": ("Free Schools", "F", "Free School"),
    "Community special school": ("Special schools", "CYS", "Community Special School"),
    "Academy special converter": ("Academies", "ACCS", "Academy Special Converter"),
    "Other independent school": ("Independent schools", "IND", ""),
}
_OPEN_REASON = {"Academy converter": "Academy Converter", "Free schools": "Academy Free School"}
_GRADE_WORD = {"1": "Outstanding", "2": "Good", "3": "Requires improvement", "4": "Inadequate"}
_CONSTITUENCY = {"ZZ1": "North", "ZZ2": "North", "ZZ6": "North", "ZZ7": "North", "ZZ8": "North"}


def _constituency(school: DemoSchool) -> tuple[str, str]:
    side = _CONSTITUENCY.get(school.district, "South")
    return f"E1499900{1 if side == 'North' else 2}", f"Demoshire {side} (fictional)"


def _laestab(school: DemoSchool) -> str:
    return f"{LA_CODE}{school.estab:04d}"


def _dmy(iso: str, sep: str) -> str:
    """ISO date -> dd-mm-yyyy (GIAS) or dd/mm/yyyy (Ofsted); '' stays ''."""
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{d}{sep}{m}{sep}{y}"


def _num(x: float, places: int = 2) -> str:
    """A number as the DfE prints it: no trailing zeros ('0.1', '59', '-0.6')."""
    s = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _coords(school: DemoSchool) -> tuple[int, int]:
    _, e, n, _, _ = DISTRICTS[school.district]
    return e + (school.urn * 37) % 900 - 450, n + (school.urn * 53) % 900 - 450


def _rng(school: DemoSchool, salt: str) -> random.Random:
    """A generator seeded by URN and purpose: derived figures are the same on every run."""
    return random.Random(f"{school.urn}:{salt}")


# --- GIAS --------------------------------------------------------------------------------------

_GIAS_UNQUOTED = {"URN", "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "UKPRN",
                  "Easting", "Northing"}


def _gias_rating(school: DemoSchool) -> tuple[str, str]:
    """GIAS OfstedRating and OfstedLastInsp: the latest single-word grade of this URN, if any."""
    o = school.ofsted
    if o.graded and o.graded.of_predecessor:
        return "", ""
    last = max((i.start for i in (o.graded, o.ungraded, o.report_card) if i), default="")
    if o.report_card and last == o.report_card.start:
        return "", _dmy(last, "-")
    if o.ungraded and last == o.ungraded.start:
        outcome = o.ungraded.outcome
        word = next((w for w in _GRADE_WORD.values() if w in outcome), "")
        if not word and o.graded:
            word = _GRADE_WORD.get(o.graded.overall, "")
        return word, _dmy(last, "-")
    if o.graded:
        return _GRADE_WORD.get(o.graded.overall, ""), _dmy(last, "-")
    return "", ""


def _gias_row(s: DemoSchool, by_urn: dict[int, DemoSchool]) -> dict[str, str]:
    group, _, _ = _TYPES[s.type_name]
    easting, northing = _coords(s)
    rating, last_insp = _gias_rating(s)
    title, first, last = s.head
    boys = girls = ""
    if s.pupils is not None:
        girls_n = s.pupils if s.gender == "Girls" else round(s.pupils * _rng(s, "girls").uniform(0.45, 0.53))
        boys, girls = str(s.pupils - girls_n), str(girls_n)
    links = "Does not have links"
    successors = [o.urn for o in by_urn.values() if o.predecessor == s.urn]
    if successors:
        links = f"{successors[0]} Successor"
    elif s.predecessor:
        links = f"{s.predecessor} Predecessor"
    maintained = group == "Local authority maintained schools"
    return {
        "URN": str(s.urn), "LA (code)": str(LA_CODE), "LA (name)": LA_NAME,
        "EstablishmentNumber": str(s.estab), "EstablishmentName": s.name,
        "TypeOfEstablishment (name)": s.type_name, "EstablishmentTypeGroup (name)": group,
        "EstablishmentStatus (name)": "Open" if s.is_open else "Closed",
        "ReasonEstablishmentOpened (name)": _OPEN_REASON.get(s.type_name, "New Provision")
        if s.opened else "Not applicable",
        "OpenDate": _dmy(s.opened, "-"),
        "ReasonEstablishmentClosed (name)": s.close_reason or "Not applicable",
        "CloseDate": _dmy(s.closed, "-"),
        "PhaseOfEducation (name)": s.phase,
        "StatutoryLowAge": str(s.ages[0]), "StatutoryHighAge": str(s.ages[1]),
        "Boarders (name)": "No boarders", "NurseryProvision (name)": s.nursery,
        "OfficialSixthForm (name)": s.sixth_form, "Gender (name)": s.gender,
        "ReligiousCharacter (name)": s.religion,
        "ReligiousEthos (name)": "Christian" if s.independent else "Does not apply",
        "Diocese (name)": "Diocese of Demoshire (fictional)"
        if s.religion in ("Church of England", "Roman Catholic") else "Not applicable",
        "AdmissionsPolicy (name)": s.admissions, "SchoolCapacity": str(s.capacity),
        "SpecialClasses (name)": "Has Special Classes" if s.special else "No Special Classes",
        "CensusDate": "15-01-2026" if s.is_open else "",
        "NumberOfPupils": "" if s.pupils is None else str(s.pupils),
        "NumberOfBoys": boys, "NumberOfGirls": girls,
        "PercentageFSM": "" if s.fsm is None else _num(s.fsm, 1),
        "TrustSchoolFlag (name)": "Supported by a multi-academy trust" if s.trust else "Not applicable",
        "Trusts (name)": s.trust,
        "SchoolSponsorFlag (name)": "Not applicable" if maintained or s.independent else "-",
        "FederationFlag (name)": "Not under a federation" if maintained else "Not applicable",
        "FurtherEducationType (name)": "Not applicable",
        "OfstedLastInsp": last_insp,
        "LastChangedDate": _dmy(s.closed, "-") if s.closed else "01-10-2026",
        "Street": s.street, "Town": s.town, "County (name)": LA_NAME, "Postcode": s.postcode,
        "SchoolWebsite": f"www.{s.name.lower().replace(chr(0x2019), '').replace(' ', '-')}.example"
        if s.is_open else "",
        "TelephoneNum": f"01632960{s.urn % 1000:03d}" if s.is_open else "",
        "HeadTitle (name)": title, "HeadFirstName": first, "HeadLastName": last,
        "HeadPreferredJobTitle": "Headteacher",
        "BSOInspectorateName (name)": "Not applicable", "TeenMoth (name)": "Not applicable",
        "SENPRU (name)": "Not applicable", "EBD (name)": "Not applicable",
        "EdByOther (name)": "Not applicable", "Section41Approved (name)": "Not applicable",
        "SEN1 (name)": "ASD - Autistic Spectrum Disorder" if s.special else "",
        "GOR (name)": "South East", "DistrictAdministrative (name)": f"{s.town} (fictional)",
        "AdministrativeWard (name)": f"{s.town} Central",
        "ParliamentaryConstituency (name)": _constituency(s)[1],
        "UrbanRural (name)": "(England/Wales) Rural village"
        if s.town in ("Little Oxlow", "Upper Wendle") else "(England/Wales) Urban city and town",
        "GSSLACode (name)": "E10000999", "Easting": str(easting), "Northing": str(northing),
        "InspectorateName (name)": "ISI" if s.independent else "",
        "OfstedRating (name)": rating,
        "RSCRegion (name)": "South-East England and South London",
        "FSM": "" if s.fsm is None or s.pupils is None else str(round(s.pupils * s.fsm / 100)),
        "Linked establishments": links,
    }


def _gias_text(schools: tuple[DemoSchool, ...]) -> str:
    by_urn = {s.urn: s for s in schools}

    def quoted(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"'

    def line(cells: list[str]) -> str:  # GIAS quotes every field but a few numbers ("" when empty)
        return ",".join(c if col in _GIAS_UNQUOTED and c else quoted(c) for col, c in zip(GIAS_HEADER, cells))

    lines = [",".join(quoted(col) for col in GIAS_HEADER)]
    lines += [line(_row(GIAS_HEADER, _gias_row(s, by_urn))) for s in schools]
    return "\r\n".join(lines) + "\r\n"


def _links_text(schools: tuple[DemoSchool, ...]) -> str:
    lines = [",".join(f'"{c}"' for c in LINKS_HEADER)]
    by_urn = {s.urn: s for s in schools}
    for s in schools:
        if s.predecessor:
            old = by_urn[s.predecessor]
            when = _dmy(s.opened, "-")
            lines.append(f'{old.urn},{s.urn},"{s.name}","Successor","{when}"')
            lines.append(f'{s.urn},{old.urn},"{old.name}","Predecessor","{when}"')
    lines.sort(key=lambda ln: (ln[0] != '"', ln))
    return "\r\n".join(lines) + "\r\n"


# --- performance tables ------------------------------------------------------------------------


def _csv_text(header: tuple[str, ...], rows: list[list[str]], newline: str) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def _row(header: tuple[str, ...], values: dict[str, str], blank: str = "") -> list[str]:
    unknown = set(values) - set(header)
    assert not unknown, f"columns not in the official header: {sorted(unknown)}"
    return [values.get(col, blank) for col in header]


def _ks2_band(score: float, low: float, high: float) -> str:
    """The KS2 progress 'description' code: 1 well above ... 5 well below average."""
    if low > 0:
        return "1" if score >= 3.0 else "2"
    if high < 0:
        return "5" if score <= -3.0 else "4"
    return "3"


def _school_identity_ks2(s: DemoSchool) -> dict[str, str]:
    pcon_code, pcon_name = _constituency(s)
    return {
        "RECTYPE": "2" if s.special else "1", "ALPHAIND": str(s.urn % 100000), "LEA": str(LA_CODE),
        "ESTAB": str(s.estab), "URN": str(s.urn), "SCHNAME": s.name.replace("\u2019", "'"),
        "ADDRESS1": s.street, "TOWN": s.town, "PCODE": s.postcode,
        "TELNUM": f"01632960{s.urn % 1000:03d}", "PCON_CODE": pcon_code, "PCON_NAME": pcon_name,
        "URN_AC": "0", "NFTYPE": _TYPES[s.type_name][1], "ICLOSE": "0", "RELDENOM": s.religion,
        "AGERANGE": f"{s.ages[0]}-{s.ages[1]}", "TAB15": "0", "TAB1618": "0",
    }


def _ks2_school(s: DemoSchool) -> dict[str, str]:
    k = s.ks2
    assert k is not None
    v = _school_identity_ks2(s)
    v["CONFEXAM"] = k.confexam
    rng = _rng(s, "ks2")
    boys = round(k.telig * rng.uniform(0.42, 0.58))
    v.update({
        "TOTPUPS": str(s.pupils or 0), "TPUPYEAR": str(k.telig), "TELIG": str(k.telig),
        "BELIG": str(boys), "GELIG": str(k.telig - boys),
        "PBELIG": f"{round(100 * boys / k.telig)}%", "PGELIG": f"{100 - round(100 * boys / k.telig)}%",
    })
    supp = k.telig <= 5

    def pct(x: int | str, delta: int = 0) -> str:
        return "SUPP" if supp else x if isinstance(x, str) else f"{max(0, min(100, x + delta))}%"

    v.update({
        "PTRWM_EXP": pct(k.rwm), "PTRWM_HIGH": pct(k.rwm_high),
        "PTREAD_EXP": pct(k.rwm, 9), "PTREAD_HIGH": pct(k.rwm_high, 12),
        "PTGPS_EXP": pct(k.rwm, 10), "PTGPS_HIGH": pct(k.rwm_high, 18),
        "PTMAT_EXP": pct(k.rwm, 8), "PTMAT_HIGH": pct(k.rwm_high, 10),
        "PTWRITTA_EXP": pct(k.rwm, 11), "PTWRITTA_HIGH": pct(k.rwm_high, 6),
    })
    for prefix, measure in (("READ", k.reading), ("WRIT", k.writing), ("MAT", k.maths)):
        if supp or isinstance(measure, str):
            code = "SUPP" if supp or not isinstance(measure, str) else measure
            v[f"{prefix}PROG"] = v[f"{prefix}PROG_LOWER"] = v[f"{prefix}PROG_UPPER"] = code
            v[f"{prefix}PROG_DESCR"] = "SUPP" if supp else "NA"
        else:
            score, low, high = measure
            v[f"{prefix}PROG"], v[f"{prefix}PROG_LOWER"], v[f"{prefix}PROG_UPPER"] = (
                _num(score, 1), _num(low, 1), _num(high, 1))
            v[f"{prefix}PROG_DESCR"] = _ks2_band(score, low, high)
        v[f"{prefix}COV"] = "SUPP" if supp else f"{k.coverage}%"
        v[f"{prefix}PROG_UNADJUSTED"] = v[f"{prefix}PROG"]
    for col, avg in zip(("READ_AVERAGE", "GPS_AVERAGE", "MAT_AVERAGE"), k.averages):
        v[col] = "SUPP" if supp else str(avg)
    return v


def _ks2_text(schools: tuple[DemoSchool, ...]) -> str:
    with_ks2 = [s for s in schools if s.ks2]
    rows = [_row(KS2_HEADER, _ks2_school(s)) for s in sorted(with_ks2, key=lambda s: (s.special, s.estab))]
    total = sum(s.pupils or 0 for s in with_ks2)
    telig = sum(s.ks2.telig for s in with_ks2 if s.ks2)
    summary = {"TOTPUPS": str(total), "TPUPYEAR": str(telig), "TELIG": str(telig)}
    la = {"RECTYPE": "3", "LEA": str(LA_CODE), "SCHNAME": LA_NAME, **summary,
          "PTRWM_EXP": "67%", "PTRWM_HIGH": "11%", "READPROG": "0.3", "READPROG_LOWER": "-0.1",
          "READPROG_UPPER": "0.7", "READCOV": "97%", "WRITPROG": "0.4", "WRITPROG_LOWER": "0",
          "WRITPROG_UPPER": "0.8", "WRITCOV": "97%", "MATPROG": "0.1", "MATPROG_LOWER": "-0.3",
          "MATPROG_UPPER": "0.5", "MATCOV": "97%", "READ_AVERAGE": "105", "GPS_AVERAGE": "106",
          "MAT_AVERAGE": "105", "PTREAD_EXP": "76%", "PTMAT_EXP": "78%", "PTGPS_EXP": "79%",
          "PTWRITTA_EXP": "79%", "READPROG_DESCR": "3", "WRITPROG_DESCR": "3", "MATPROG_DESCR": "3"}
    rows.append(_row(KS2_HEADER, la, blank=" "))
    for rectype, pupils, eligible in (("4", "4610000", "651000"), ("5", "4556000", "646500")):
        england = {"RECTYPE": rectype, "TOTPUPS": pupils, "TPUPYEAR": eligible, "TELIG": eligible,
                   "PTRWM_EXP": "64%", "PTRWM_HIGH": "10%", "READ_AVERAGE": "104",
                   "GPS_AVERAGE": "106", "MAT_AVERAGE": "105", "PTREAD_EXP": "73%",
                   "PTMAT_EXP": "78%", "PTGPS_EXP": "78%", "PTWRITTA_EXP": "78%"}
        rows.append(_row(KS2_HEADER, england, blank=" "))
    return _csv_text(KS2_HEADER, rows, "\r\n")


def _p8_band(score: float, low: float, high: float) -> str:
    """The published Progress 8 banding, from the score and its confidence interval."""
    if low > 0:
        return "Well above average" if score >= 0.5 else "Above average"
    if high < 0:
        return "Well below average" if score < -0.5 else "Below average"
    return "Average"


def _ks4_school(s: DemoSchool) -> list[str]:
    k = s.ks4
    assert k is not None
    pcon_code, pcon_name = _constituency(s)
    admpol = {"Selective": ("SEL", "SEL"), "Non-selective": ("NSE", "OTHER NON SEL")}
    adm, adm_pt = admpol.get(s.admissions, ("" if s.independent else "NA", "NA"))
    v = {
        "RECTYPE": "2" if s.special else "1", "LEA": str(LA_CODE), "ESTAB": str(s.estab),
        "URN": str(s.urn), "SCHNAME": s.name.replace("\u2019", "'"), "ADDRESS1": s.street,
        "TOWN": s.town, "PCODE": s.postcode, "TELNUM": f"01632960{s.urn % 1000:03d}",
        "PCON_CODE": pcon_code, "PCON_NAME": pcon_name, "CONTFLAG": "0", "ICLOSE": "0",
        "NFTYPE": _TYPES[s.type_name][1], "RELDENOM": s.religion, "ADMPOL": adm, "ADMPOL_PT": adm_pt,
        "EGENDER": s.gender.upper(), "FEEDER": "0", "AGERANGE": f"{s.ages[0]}-{s.ages[1]}",
        "TOTPUPS": "NEW" if k.tpup == "NEW" else str(s.pupils),
    }
    if k.tpup == "NEW":  # published cut short after TOTPUPS
        return _row(KS4_HEADER, v)[: KS4_HEADER.index("TOTPUPS") + 1]
    assert isinstance(k.tpup, int)
    girls = k.tpup if s.gender == "Girls" else round(k.tpup * _rng(s, "ks4").uniform(0.44, 0.54))
    v.update({
        "NUMBOYS": str(s.pupils - round(s.pupils * girls / k.tpup)) if s.pupils else "",
        "NUMGIRLS": str(round(s.pupils * girls / k.tpup)) if s.pupils else "",
        "TPUP": str(k.tpup), "BPUP": str(k.tpup - girls), "GPUP": str(girls),
        "PBPUP": f"{round(100 * (k.tpup - girls) / k.tpup)}%", "PGPUP": f"{round(100 * girls / k.tpup)}%",
    })

    def pct(x: float | str) -> str:
        return x if isinstance(x, str) else f"{x:.2f}%"

    def num(x: float | str, places: int = 2) -> str:
        return x if isinstance(x, str) else _num(x, places)

    v.update({
        "ATT8SCR": num(k.att8, 1), "P8PUP": str(k.p8_pupils),
        "P8MEACOV": k.coverage if isinstance(k.coverage, str) else f"{k.coverage}%",
        "PTL2BASICS_94": pct(k.basics94), "PTL2BASICS_95": pct(k.basics95),
        "EBACCAPS": num(k.ebacc_aps), "PTEBACC_E_PTQ_EE": pct(k.ebacc_entry),
    })
    if isinstance(k.p8, str):
        for col in ("P8MEA", "P8CILOW", "P8CIUPP", "P8MEA_ORIG", "P8CILOW_ORIG", "P8CIUPP_ORIG"):
            v[col] = k.p8
        row = _row(KS4_HEADER, v)
        return row[:-1]  # no banding: the last field is left out, as published
    score, low, high = k.p8
    for suffix in ("", "_ORIG"):
        v[f"P8MEA{suffix}"], v[f"P8CILOW{suffix}"], v[f"P8CIUPP{suffix}"] = (
            _num(score), _num(low), _num(high))
    v["P8_BANDING"] = _p8_band(score, low, high)
    return _row(KS4_HEADER, v)


def _ks4_text(schools: tuple[DemoSchool, ...]) -> str:
    with_ks4 = [(s, s.ks4) for s in schools if s.ks4]
    rows = [_ks4_school(s) for s, _ in sorted(with_ks4, key=lambda sk: (sk[0].special, sk[0].name))]
    state = [(s, k) for s, k in with_ks4 if not s.independent and isinstance(k.tpup, int)]
    tpup = sum(int(k.tpup) for _, k in state)
    p8pup = sum(k.p8_pupils for _, k in state if isinstance(k.p8_pupils, int))
    la = {"RECTYPE": "4", "LEA": str(LA_CODE), "ICLOSE": "0",
          "TOTPUPS": str(sum(s.pupils or 0 for s, _ in state)), "TPUP": str(tpup), "ATT8SCR": "50.1",
          "P8PUP": str(p8pup), "P8MEACOV": "95%", "P8MEA": "0.05", "P8CILOW": "0.01",
          "P8CIUPP": "0.09", "PTL2BASICS_94": "68.40%", "PTL2BASICS_95": "49.60%", "EBACCAPS": "4.31",
          "PTEBACC_E_PTQ_EE": "44.10%", "P8_BANDING": "Above average"}
    rows.append(_row(KS4_HEADER, la))
    england_all = {"RECTYPE": "5", "ICLOSE": "0", "TOTPUPS": "4190000", "TPUP": "700100",
                   "ATT8SCR": "44.6", "PTL2BASICS_94": "61.10%", "PTL2BASICS_95": "43.20%",
                   "EBACCAPS": "3.92", "PTEBACC_E_PTQ_EE": "37.60%"}
    england_state = {"RECTYPE": "7", "ICLOSE": "0", "TOTPUPS": "3739000", "TPUP": "631400",
                     "ATT8SCR": "46.1", "P8PUP": "588300", "P8MEACOV": "93%", "P8MEA": "-0.03",
                     "PTL2BASICS_94": "65.30%", "PTL2BASICS_95": "46.20%", "EBACCAPS": "4.09",
                     "PTEBACC_E_PTQ_EE": "40.70%"}
    rows += [_row(KS4_HEADER, england_all)[:-1], _row(KS4_HEADER, england_state)[:-1]]
    return _csv_text(KS4_HEADER, rows, "\r\n")


# --- census and absence (2023/24) --------------------------------------------------------------


def _census_phase(s: DemoSchool) -> tuple[str, str] | None:
    """(SCHOOLTYPE, summary phase code) for the census; None for schools it leaves out."""
    if s.independent:
        return "Independent school", ""
    if s.special:
        return "State-funded special school", "SPE"
    return {"Primary": ("State-funded primary", "PRI"), "Secondary": ("State-funded secondary", "SEC"),
            "Nursery": ("State-funded nursery", "")}.get(s.phase)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


def _census_counts(s: DemoSchool) -> list[int]:
    """NOR, NORG, NORB, TSENELSE, TSENELK, NUMEAL, NUMENGFL, NUMUNCFL, NUMFSM, NUMFSMEVER."""
    rng = _rng(s, "census")
    nor = s.pupils_2024 or (s.pupils or 0) - rng.randint(0, 12)
    girls = nor if s.gender == "Girls" else round(nor * rng.uniform(0.46, 0.53))
    ehcp = round(nor * (rng.uniform(0.93, 0.99) if s.special else rng.uniform(0.01, 0.04)))
    support = round(nor * (rng.uniform(0.0, 0.04) if s.special else rng.uniform(0.09, 0.17)))
    eal = round(nor * rng.uniform(0.04, 0.19))
    unclassified = rng.randint(0, 2)
    fsm = round(nor * (s.fsm or 0) / 100 * rng.uniform(0.9, 1.0))
    fsm_ever = round(fsm * rng.uniform(1.15, 1.35))
    return [nor, girls, nor - girls, ehcp, support, eal, nor - eal - unclassified, unclassified, fsm, fsm_ever]


def _census_values(c: list[int], independent: bool, nursery: bool) -> list[str]:
    nor, girls, boys, ehcp, support, eal, english, unclassified, fsm, fsm_ever = c
    values = [str(nor), str(girls), str(boys), _pct(girls, nor), _pct(boys, nor), str(ehcp),
              _pct(ehcp, nor), str(support), _pct(support, nor)]
    if independent:
        return values + ["NA"] * 10
    values += [str(eal), str(english), str(unclassified), _pct(eal, nor), _pct(english, nor),
               _pct(unclassified, nor), str(fsm)]
    if nursery:
        return values + ["NA", "NA", "NA"]
    return values + [str(fsm_ever), str(nor), _pct(fsm_ever, nor)]


def _census_text(schools: tuple[DemoSchool, ...]) -> str:
    rows: list[list[str]] = []
    totals: dict[str, list[int]] = {}
    for s in sorted(schools, key=lambda s: s.urn):
        kind = _census_phase(s)
        if not s.on_roll_2024 or kind is None:
            continue
        school_type, code = kind
        counts = _census_counts(s)
        rows.append([str(s.urn), str(LA_CODE), str(s.estab), school_type]
                    + _census_values(counts, s.independent, s.phase == "Nursery"))
        if code:
            totals[code] = [a + b for a, b in zip(totals.get(code, [0] * 10), counts)]
    names = {"PRI": "State-funded primary", "SEC": "State-funded secondary", "SPE": "Special school"}
    for code in ("PRI", "SEC", "SPE"):
        rows.append(["LA", names[code], code, str(LA_CODE)] + _census_values(totals[code], False, False))
    national = {
        "PRI": [4598000, 2257000, 2341000, 138100, 652300, 1046000, 3537000, 15000, 1118000, 1121000],
        "SEC": [3661000, 1819000, 1842000, 101200, 470100, 683000, 2952000, 26000, 884000, 882000],
        "SPE": [161300, 44600, 116700, 160100, 1100, 23100, 137700, 500, 75900, 71500],
    }
    for code in ("PRI", "SEC", "SPE"):
        rows.append(["NAT", "", code, names[code]] + _census_values(national[code], False, False))
    return _csv_text(CENSUS_HEADER, rows, "\n")


def _absence_text(schools: tuple[DemoSchool, ...]) -> str:
    rows: list[list[str]] = []
    for s in sorted(schools, key=lambda s: s.estab):
        kind = _census_phase(s)
        if not s.on_roll_2024 or kind is None or not kind[1]:
            continue
        rng = _rng(s, "absence")
        base = {"PRI": 4.2, "SEC": 7.4, "SPE": 10.5}[kind[1]] + (s.fsm or 0) / 15
        overall = round(base + rng.uniform(-0.6, 0.6), 1)
        persistent = "SUPP" if (s.pupils or 0) < 40 else _num(round(overall * 2.6 + rng.uniform(-2, 2), 1), 1)
        rows.append([str(LA_CODE), str(s.estab), str(s.urn), _num(overall, 1), persistent])
    rows += [[str(LA_CODE), "PRI", "", "5.2", "13.1"], [str(LA_CODE), "SEC", "", "8.3", "23.4"],
             [str(LA_CODE), "SPE", "", "12.6", "35.2"], ["NAT", "PRI", "", "5.5", "14.5"],
             ["NAT", "SEC", "", "8.8", "25.4"], ["NAT", "SPE", "", "13.1", "36.9"]]
    return _csv_text(ABSENCE_HEADER, rows, "\n")


# --- Ofsted management information -------------------------------------------------------------

_NULL = "NULL"


def _ofsted_row(s: DemoSchool, by_urn: dict[int, DemoSchool]) -> list[str]:
    _, _, education_type = _TYPES[s.type_name]
    phase = "Special" if s.special else s.phase
    christian = s.religion in ("Church of England", "Roman Catholic")
    pcon_name = _constituency(s)[1]
    v = dict.fromkeys(OFSTED_HEADER, _NULL)
    v.update({
        "Web Link (opens in new window)":
            f"http://www.ofsted.gov.uk/inspection-reports/find-inspection-report/provider/ELS/{s.urn}",
        "URN": str(s.urn), "LAESTAB": _laestab(s), "School name": s.name, "Ofsted phase": phase,
        "Type of education": education_type, "School open date": _dmy(s.opened, "/") or _NULL,
        "Admissions policy": s.admissions, "Sixth form": s.sixth_form,
        "Designated religious character": s.religion,
        "Religious ethos": "Does not apply", "Faith grouping": "Christian" if christian else "Non-faith",
        "Ofsted region": "South East", "Region": "South East", "Local authority": LA_NAME,
        "Parliamentary constituency": pcon_name, "Postcode": s.postcode,
        "The income deprivation affecting children index (IDACI) quintile":
            str(min(5, 1 + int((s.fsm or 0) // 9))),
        "Total number of pupils": str(s.pupils), "Statutory lowest age": str(s.ages[0]),
        "Statutory highest age": str(s.ages[1]), "Most recent category of concern": _NULL,
    })
    if s.trust:
        v["Multi-academy trust UID"], v["Multi-academy trust name"] = "99001", s.trust
    o, n = s.ofsted, s.urn % 1000
    if o.report_card:
        r = o.report_card
        v.update({"Inspection number of latest full inspection": f"1043{n:03d}1",
                  "Inspection type": "S5 Inspection", "Inspection type grouping": "S5 Inspection",
                  "Event type grouping": "Schools - S5", "Inspection start date": _dmy(r.start, "/"),
                  "Publication date": _dmy(r.published, "/"),
                  "Does the latest full inspection relate to the URN of the current school?": "Yes",
                  "URN at time of latest full inspection": str(s.urn),
                  "LAESTAB at time of latest full inspection": _laestab(s),
                  "School name at time of latest full inspection": s.name,
                  "School type at time of latest full inspection": education_type,
                  "Category of concern": ""})
        areas = [c for c in OFSTED_HEADER[37:55:2]]
        for area, grade in zip(areas, r.grades):
            v[area] = grade
            v[OFSTED_HEADER[OFSTED_HEADER.index(area) + 1]] = _dmy(r.start, "/")
    if o.graded:
        g = o.graded
        at = by_urn[s.predecessor] if g.of_predecessor and s.predecessor else s
        v.update({
            "Inspection number of latest OEIF graded inspection": f"1034{at.urn % 1000:03d}2",
            "Inspection type of latest OEIF graded inspection": "S5 Inspection",
            "Inspection type grouping of latest OEIF graded inspection": "S5 Inspection",
            "Event type grouping of latest OEIF graded inspection": "Schools - S5",
            "Inspection start date of latest OEIF graded inspection": _dmy(g.start, "/"),
            "Publication date of latest OEIF graded inspection": _dmy(g.published, "/"),
            "Does the latest OEIF graded inspection relate to the URN of the current school?":
                "No" if at is not s else "Yes",
            "URN at time of latest OEIF graded inspection": str(at.urn),
            "LAESTAB at time of latest OEIF graded inspection": _laestab(at),
            "School name at time of latest OEIF graded inspection": at.name,
            "School type at time of latest OEIF graded inspection": _TYPES[at.type_name][2],
            "Latest OEIF category of concern": "",
            "Latest OEIF overall effectiveness": g.overall,
            "Latest OEIF quality of education": g.judgements[0],
            "Latest OEIF behaviour and attitudes": g.judgements[1],
            "Latest OEIF personal development": g.judgements[2],
            "Latest OEIF effectiveness of leadership and management": g.judgements[3],
            "Latest OEIF  safeguarding is effective?": "Yes",
            "Latest OEIF early years provision (where applicable)": g.early_years,
            "Latest OEIF sixth form provision (where applicable)": g.sixth_form,
        })
    if o.ungraded:
        u = o.ungraded
        v.update({
            "Latest ungraded inspection number": f"1035{n:03d}3",
            "Date of latest ungraded inspection": _dmy(u.start, "/"),
            "Ungraded inspection publication date": _dmy(u.published, "/"),
            "Does the ungraded inspection relate to the URN of the current school?": "Yes",
            "URN at time of the ungraded inspection": str(s.urn),
            "LAESTAB at time of the ungraded inspection": _laestab(s),
            "School name at time of the ungraded inspection": s.name,
            "School type at time of the ungraded inspection": education_type,
            "Ungraded inspection overall outcome": u.outcome,
        })
    if o.graded or o.ungraded or o.report_card:
        v["Most recent category of concern"] = ""
    return [v[col] for col in OFSTED_HEADER]


def _ofsted_text(schools: tuple[DemoSchool, ...]) -> str:
    by_urn = {s.urn: s for s in schools}
    rows = [_ofsted_row(s, by_urn) for s in schools if s.is_open and not s.independent]
    return _csv_text(OFSTED_HEADER, rows, "\n")


def _postcodes_text() -> str:
    rows = [[d, str(e), str(n), f"{lat:.5f}", f"{lon:.5f}", town, LA_NAME, "South East England",
             "ENG", "England"] for d, (town, e, n, lat, lon) in DISTRICTS.items()]
    return _csv_text(POSTCODES_HEADER, rows, "\n")


# --- the files ---------------------------------------------------------------------------------

# file name -> (text builder, encoding, byte-order mark)
_FILES = {
    f"gias/edubasealldata{EXTRACT_DATE:%Y%m%d}.csv": (_gias_text, "cp1252", False),
    f"gias/links_edubasealldata{EXTRACT_DATE:%Y%m%d}.csv": (_links_text, "cp1252", False),
    "ks2/2018-2019_999_ks2final.csv": (_ks2_text, "utf-8", True),
    "ks4/2023-2024_999_ks4final.csv": (_ks4_text, "utf-8", True),
    "census/2023-2024_999_census.csv": (_census_text, "utf-8", True),
    "absence/2023-2024_999_abs.csv": (_absence_text, "utf-8", True),
    "ofsted/Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Oct_2026.csv":
        (_ofsted_text, "utf-8", False),
    "postcodes/postcodes.csv": (lambda _schools: _postcodes_text(), "utf-8", False),
}


def write_demo_files(folder: Path) -> list[Path]:
    """Write the fictional Demoshire files under `folder` (same bytes every time); return their paths."""
    folder = Path(folder)
    paths = []
    for name, (build, encoding, bom) in _FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = build(SCHOOLS).encode(encoding)
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
        paths.append(path)
    return paths
