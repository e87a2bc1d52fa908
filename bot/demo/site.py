"""The fictional Demoshire data as the official sites publish it: one response for every URL of
knowledge/sources.yaml, in each source's official format, so `schoolbot fetch` can be tried (and
tested) against a local server instead of the internet.

The files bot/demo/writers.py writes supply GIAS, links, Ofsted, KS2, KS4, census and absence (each year's
copy with its figures moved a little, so every year is its own file); this module adds the files the
demo area does not have: 16-18 results, destinations, and the Explore Education Statistics data sets.
"""

from __future__ import annotations

import csv
import io
import json
import random
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from bot.demo.data import LA_CODE, LA_NAME, SCHOOLS, DemoSchool
from bot.demo.writers import write_demo_files
from bot.sources import Source, all_sources

OFSTED_AS_AT = (date(2026, 9, 30), date(2026, 10, 31))  # two monthly files: the newest is picked


def build_site(site_url: str, years: tuple[int, ...] = (2024, 2025), today: date | None = None
               ) -> dict[str, bytes]:
    """URL path (with query) -> response body, for a server at `site_url` that each source's base
    is moved to ({site_url}/{base name}): dated sources for `today`, yearly ones for `years`."""
    today = today or date.today()
    demo = _demo_files()
    routes: dict[str, bytes] = {}
    for source in all_sources().values():
        for alternatives in source.targets(f"/{source.base}", today=today):
            target = alternatives[0]
            year = int(target.label[:4]) + 1 if source.years else max(years)
            if source.years and year not in years:
                continue  # not published yet: the server answers 404
            routes.update(_responses(source, target.url, year, demo, site_url))
    return routes


def _responses(source: Source, path: str, year: int, demo: dict[str, bytes], site_url: str) -> dict[str, bytes]:
    name = source.name
    if name in ("gias", "gias_links"):
        return {path: demo["links" if name == "gias_links" else "edubasealldata"]}
    if name == "ofsted":
        return _ofsted_page(path, demo["ofsted"], site_url)
    if name in ("ks2", "ks4", "ks4_provisional", "census", "absence"):
        kind = name.removesuffix("_provisional")
        column = {"ks2": "PTRWM_EXP", "ks4": "ATT8SCR", "census": "NOR", "absence": "PERCTOT"}[kind]
        return {path: vary(demo[kind], column, year + (name != kind))}
    if name == "ks5":
        return {path: _ks5(year)}
    if name.endswith("destinations"):
        return {path: _destinations(year, sixth_form=name.startswith("ks5"))}
    if name == "admissions_schools":
        return {path: _zipped(f"data/app_school_level_{year}.csv", _admissions_schools(year))}
    return {path: {"ees_ks2_schools": _ees_ks2, "ees_ks4_schools": _ees_ks4,
                   "admissions": _admissions_la}[name](year)}


def _demo_files() -> dict[str, bytes]:
    """The demo files by kind: edubasealldata, links, ks2, ks4, census, absence, ofsted."""
    with tempfile.TemporaryDirectory(prefix="schoolbot-site-") as tmp:
        out = {}
        for path in write_demo_files(Path(tmp)):
            kind = "links" if path.name.startswith("links") else (
                "edubasealldata" if path.parent.name == "gias" else path.parent.name)
            out[kind] = path.read_bytes()
        return out


def vary(data: bytes, column: str, year: int) -> bytes:
    """The same CSV with every figure of `column` moved by a step per year (so each year's file
    differs), keeping the official layout: encoding, byte-order mark, quoting of the source."""
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data[3 if bom else 0:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    at = rows[0].index(column)
    for row in rows[1:]:
        if at < len(row):
            row[at] = _shift(row[at], (year % 7) - 3)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8")


def _shift(cell: str, step: int) -> str:
    raw = cell.strip().rstrip("%")
    try:
        value = float(raw)
    except ValueError:
        return cell  # a status code (SUPP, NE, ...) stays as published
    moved = max(0.0, value + step) if "%" in cell or "." not in raw else value + step / 10
    text = f"{moved:.{len(raw.split('.')[1]) if '.' in raw else 0}f}"
    return text + ("%" if cell.strip().endswith("%") else "")


def _ofsted_page(path: str, csv_bytes: bytes, site_url: str) -> dict[str, bytes]:
    """A GOV.UK content-API page listing two monthly MI files, and the files."""
    out, attachments = {}, []
    for n, as_at in enumerate(OFSTED_AS_AT):
        file = (f"/assets/media/demo{n}/Management_information_-_state-funded_schools_-_latest_inspections_"
                f"as_at_{as_at:%d_%b_%Y}.csv")
        attachments.append({"title": f"Management information - state-funded schools - latest inspections "
                                     f"as at {as_at.day} {as_at:%B %Y}",
                            "url": site_url.rstrip("/") + file, "content_type": "text/csv"})
        out[file] = csv_bytes
    out[path] = json.dumps({"title": "Monthly management information: Ofsted's school inspections outcomes",
                            "details": {"attachments": attachments}}).encode("utf-8")
    return out


def _rng(school: DemoSchool, year: int, what: str) -> random.Random:
    return random.Random(f"{school.urn}-{year}-{what}")


def _csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\r\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def _zipped(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo(name, date_time=(2026, 6, 12, 9, 30, 0)), data)
    return buf.getvalue()


def _identity(s: DemoSchool) -> dict[str, str]:
    return {"LEA": str(LA_CODE), "ESTAB": str(s.estab), "URN": str(s.urn), "SCHNAME": s.name,
            "ADDRESS1": s.street, "TOWN": s.town, "PCODE": s.postcode, "ICLOSE": "0",
            "AGERANGE": f"{s.ages[0]}-{s.ages[1]}", "RELDENOM": s.religion, "EGENDER": s.gender.upper()}


KS5_HEADER = ["RECTYPE", "LEA", "ESTAB", "URN", "SCHNAME", "ADDRESS1", "TOWN", "PCODE", "ICLOSE", "AGERANGE",
              "RELDENOM", "EGENDER", "TPUP1618", "TALLPUP_ALEV_1618", "TALLPPE_ALEV_1618",
              "TALLPPEGRD_ALEV_1618", "VA_INS_ALEV_1618"]
_GRADES = [(50, "A"), (46.67, "A-"), (43.33, "B+"), (40, "B"), (36.67, "B-"), (33.33, "C+"), (30, "C"), (0, "C-")]


def _ks5(year: int) -> bytes:
    """16-18 results (a subset of the ks5final columns): school rows, the LA and England."""
    rows = []
    for s in SCHOOLS:
        if s.sixth_form != "Has a sixth form":
            continue
        rng = _rng(s, year, "ks5")
        aps = round(rng.uniform(29, 47), 2)
        pupils = rng.randint(40, 160)
        rows.append({"RECTYPE": "1", **_identity(s), "TPUP1618": str(pupils + rng.randint(0, 30)),
                     "TALLPUP_ALEV_1618": str(pupils), "TALLPPE_ALEV_1618": f"{aps:.2f}",
                     "TALLPPEGRD_ALEV_1618": next(g for floor, g in _GRADES if aps >= floor),
                     "VA_INS_ALEV_1618": "NE" if s.independent else f"{rng.uniform(-0.4, 0.4):.2f}"})
    rows.append({"RECTYPE": "4", "LEA": str(LA_CODE), "SCHNAME": LA_NAME, "TALLPPE_ALEV_1618": "37.91",
                 "TALLPPEGRD_ALEV_1618": "B-"})
    rows.append({"RECTYPE": "5", "TALLPPE_ALEV_1618": f"{36 + (year % 5) / 10:.2f}", "TALLPPEGRD_ALEV_1618": "C+"})
    return _csv(KS5_HEADER, rows)


DESTINATIONS_HEADER = ["RECTYPE", "LEA", "URN", "SCHNAME", "COHORT", "OVERALL_DESTPER", "EDUCATIONPER",
                       "APPRENPER", "EMPLOYMENTPER", "NOT_SUSTAINEDPER"]


def _destinations(year: int, *, sixth_form: bool) -> bytes:
    """KS4 (or 16-18) destinations: school rows, then the LA and England ("LA", "NAT")."""
    rows = []
    for s in SCHOOLS:
        if not (s.sixth_form == "Has a sixth form" if sixth_form else s.ks4) or s.independent:
            continue
        rng = _rng(s, year, "destinations")
        overall = rng.randint(86, 98)
        education = rng.randint(overall - 12, overall - 2)
        apprentices = rng.randint(1, overall - education)
        rows.append({"RECTYPE": "1", "LEA": str(LA_CODE), "URN": str(s.urn), "SCHNAME": s.name,
                     "COHORT": str(rng.randint(60, 240)), "OVERALL_DESTPER": f"{overall}%",
                     "EDUCATIONPER": f"{education}%", "APPRENPER": f"{apprentices}%",
                     "EMPLOYMENTPER": f"{overall - education - apprentices}%",
                     "NOT_SUSTAINEDPER": f"{100 - overall - 1}%"})
    rows.append({"RECTYPE": "LA", "LEA": str(LA_CODE), "SCHNAME": LA_NAME, "COHORT": "1480",
                 "OVERALL_DESTPER": "94%"})
    rows.append({"RECTYPE": "NAT", "COHORT": str(560000 + year), "OVERALL_DESTPER": "94%"})
    return _csv(DESTINATIONS_HEADER, rows)


_EES_ID = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "version"]
EES_KS2_HEADER = [*_EES_ID, "school_urn", "school_laestab", "school_name", "breakdown_topic", "breakdown", "subject",
                  "expected_standard_pupil_percent", "higher_standard_pupil_percent", "average_scaled_score",
                  "progress_measure_score", "progress_measure_lower_conf_interval",
                  "progress_measure_upper_conf_interval", "absent_or_not_able_to_access_percent",
                  "working_towards_expected_standard_pupil_percent", "absent_or_disapplied_percent",
                  "progress_measure_unadjusted", "progress_measure_description"]


def _ees(year: int, level: str) -> dict[str, str]:
    return {"time_period": f"{year - 1}{year % 100:02d}", "time_identifier": "Academic year",
            "geographic_level": level, "country_code": "E92000001", "country_name": "England",
            "version": "Final"}


def _ees_ks2(year: int) -> bytes:
    """KS2 institution level - schools: one row per school, breakdown and subject; every year
    of the data set (2022/23 onwards) in one file."""
    rows = []
    for y in range(2023, year + 1):
        for s in SCHOOLS:
            if not s.ks2:
                continue
            rng = _rng(s, y, "ees_ks2")
            for subject in ("Reading, writing and maths", "Reading", "Writing", "Maths"):
                scaled = "z" if subject in ("Reading, writing and maths", "Writing") else str(rng.randint(100, 110))
                rows.append({**_ees(y, "School"), "school_urn": str(s.urn), "school_laestab": f"{LA_CODE}{s.estab}",
                             "school_name": s.name, "breakdown_topic": "All pupils", "breakdown": "Total",
                             "subject": subject, "expected_standard_pupil_percent": str(rng.randint(50, 95)),
                             "higher_standard_pupil_percent": str(rng.randint(5, 35)),
                             "average_scaled_score": scaled, "progress_measure_score": "z",
                             "progress_measure_lower_conf_interval": "z",
                             "progress_measure_upper_conf_interval": "z",
                             "absent_or_not_able_to_access_percent": "0",
                             "working_towards_expected_standard_pupil_percent": "z",
                             "absent_or_disapplied_percent": "z", "progress_measure_unadjusted": "z",
                             "progress_measure_description": "z"})
    return _csv(EES_KS2_HEADER, rows)


EES_KS4_HEADER = [*_EES_ID, "old_la_code", "la_name", "school_urn", "school_laestab", "school_name",
                  "establishment_type_group", "t_pupils", "avg_att8", "avg_p8score", "p8_banding"]


def _ees_ks4(year: int) -> bytes:
    """KS4 school information: one row per school (the columns the ingest reads) for `year`."""
    rows = []
    for s in SCHOOLS:
        if not s.ks4 or s.independent:
            continue
        rng = _rng(s, year, "ees_ks4")
        rows.append({**_ees(year, "School"), "old_la_code": str(LA_CODE), "la_name": LA_NAME,
                     "school_urn": str(s.urn), "school_laestab": f"{LA_CODE}{s.estab}", "school_name": s.name,
                     "establishment_type_group": ("Academies" if "Academy" in s.type_name
                                                  else "Local authority maintained"),
                     "t_pupils": str(rng.randint(80, 260)), "avg_att8": f"{rng.uniform(38, 62):.1f}",
                     "avg_p8score": "z", "p8_banding": "z"})  # no Progress 8 for 2024/25 and 2025/26
    return _csv(EES_KS4_HEADER, rows)


ADMISSIONS_LA_HEADER = [*_EES_ID[:5], "region_code", "region_name", "new_la_code", "old_la_code", "la_name",
                        "school_phase", "nc_year_admission", "admission_numbers", "applications_received",
                        "first_preference_offers", "first_preference_offers_percent", "preferred_school_offer",
                        "preferred_school_offer_percent", "no_offer", "no_offer_percent"]


def _admissions_la(year: int) -> bytes:
    """Applications and offers by LA (and England) and phase, for every year to `year`."""
    rows = []
    for y in range(2015, year + 2):
        for phase, nc in (("Primary", "R"), ("Secondary", "7")):
            rng = random.Random(f"admissions-{y}-{phase}")
            apps = rng.randint(2800, 3400)
            first = round(apps * rng.uniform(0.78, 0.93))
            preferred = round(apps * rng.uniform(0.95, 0.99))
            for level, code in (("National", ""), ("Local authority", str(LA_CODE))):
                scale = 220 if level == "National" else 1
                rows.append({**{k: v for k, v in _ees(y, level).items() if k != "version"},
                             "new_la_code": "E06999999" if code else "", "old_la_code": code,
                             "la_name": LA_NAME if code else "", "school_phase": phase, "nc_year_admission": nc,
                             "admission_numbers": str(round(apps * 1.05) * scale),
                             "applications_received": str(apps * scale),
                             "first_preference_offers": str(first * scale),
                             "first_preference_offers_percent": f"{100 * first / apps:.2f}",
                             "preferred_school_offer": str(preferred * scale),
                             "preferred_school_offer_percent": f"{100 * preferred / apps:.2f}",
                             "no_offer": str((apps - preferred) * scale),
                             "no_offer_percent": f"{100 * (apps - preferred) / apps:.2f}"})
    return _csv(ADMISSIONS_LA_HEADER, rows)


ADMISSIONS_SCHOOL_HEADER = [*_EES_ID[:5], "old_la_code", "la_name", "school_phase", "school_urn",
                            "school_name", "entry_year", "total_number_places_offered",
                            "number_preferred_offers", "number_1st_preference_offers",
                            "times_put_as_any_preferred_school", "times_put_as_1st_preference",
                            "proportion_1stprefs_v_totaloffers"]


def _admissions_schools(year: int) -> bytes:
    """School-level applications and offers for the intake starting in September of `year`."""
    rows = []
    for s in SCHOOLS:
        if not s.is_open or s.independent or s.phase not in ("Primary", "Secondary"):
            continue
        rng = _rng(s, year, "admissions")
        places = rng.choice((30, 60, 90)) if s.phase == "Primary" else rng.choice((150, 180, 240))
        first = round(places * rng.uniform(0.6, 1.9))
        rows.append({**{k: v for k, v in _ees(year + 1, "School").items() if k != "version"},
                     "old_la_code": str(LA_CODE), "la_name": LA_NAME, "school_phase": s.phase,
                     "school_urn": str(s.urn), "school_name": s.name,
                     "entry_year": "R" if s.phase == "Primary" else "7",
                     "total_number_places_offered": str(places), "number_preferred_offers": str(places),
                     "number_1st_preference_offers": str(min(places, first)),
                     "times_put_as_any_preferred_school": str(first * 3),
                     "times_put_as_1st_preference": str(first),
                     "proportion_1stprefs_v_totaloffers": f"{first / places:.2f}"})
    return _csv(ADMISSIONS_SCHOOL_HEADER, rows)
