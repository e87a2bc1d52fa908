"""Ingest of small official-format files written in tmp_path, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.ingest import ingest_paths
from bot.models import Figure, Inspection, School, SchoolLink, SchoolName, SourceFile
from tests.helpers.small_files import gias_file, ks4_file, write

def figures(engine, **where) -> dict[tuple[str, str], Figure]:
    with Session(engine) as s:
        rows = s.scalars(select(Figure).filter_by(**where)).all()
        return {(f.area_key, f.measure): f for f in rows}


def count(engine, model) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def test_ks4_values_status_codes_and_comparators(engine, tmp_path):
    report = ingest_paths(engine, [ks4_file(tmp_path)])
    (result,) = report.files
    assert (result.status, result.kind, result.year, result.encoding) == ("loaded", "ks4", 2019, "utf-8-sig")
    figs = figures(engine, key_stage="ks4", year=2019)
    assert figs[("school:900001", "basics_94")].value == 78.0
    assert figs[("school:900001", "p8")].value == 0.25
    assert figs[("school:900001", "confexam")].status == "R"
    band = figs[("school:900001", "p8_banding")]
    assert (band.text, band.value) == ("Above average", 2.0)
    for measure, code in [("total_pupils", "SUPP"), ("ks4_pupils", "NE"), ("att8", "NP"),
                          ("p8_pupils", "NA"), ("p8", "LOWCOV"), ("p8_ci_low", "SP"),
                          ("p8_ci_high", "RE"), ("basics_94", "UNAVAIL"), ("p8_banding", "SUPP")]:
        fig = figs[("school:900002", measure)]
        assert (fig.status, fig.value) == (code, None), measure
    assert figs[("school:900003", "total_pupils")].status == "NEW"
    assert ("school:900003", "att8") not in figs  # truncated row: no figure, never blank or zero
    assert ("school:900002", "confexam") not in figs  # blank CONFEXAM = checked
    assert figs[("la:850", "basics_94")].value == 65.0
    assert figs[("england", "att8")].value == 44.5
    assert figs[("england_state", "p8")].value == -0.03
    assert all(f.value is not None or f.status is not None for f in figs.values())
    with Session(engine) as s:
        alpha = s.get(School, 900001)
        assert (alpha.name, alpha.town, alpha.la_code, alpha.low_age, alpha.high_age, alpha.phase) == (
            "Alpha School", "Alton", 850, 11, 16, "Secondary")
        source = s.scalars(select(SourceFile)).one()
        assert (source.kind, source.year, source.rows_loaded) == ("ks4", 2019, 6)
        assert {f.source_file_id for f in figs.values()} == {source.id}


def test_reingest_same_file_is_unchanged(engine, tmp_path):
    path = ks4_file(tmp_path / "data")
    ingest_paths(engine, [path])
    before = count(engine, Figure), count(engine, SourceFile)
    report = ingest_paths(engine, [path, tmp_path / "data"])
    assert {f.status for f in report.files} == {"unchanged"}
    assert {f.year for f in report.files} == {2019}
    assert (count(engine, Figure), count(engine, SourceFile)) == before


def test_newer_year_does_not_erase_older(engine, tmp_path):
    ingest_paths(engine, [ks4_file(tmp_path / "a", "2017-2018", p8="0.10")])
    ingest_paths(engine, [ks4_file(tmp_path / "b", "2018-2019", p8="0.30")])
    p8 = figures(engine, measure="p8", area_key="school:900001")
    assert p8[("school:900001", "p8")] is not None
    with Session(engine) as s:
        values = dict(s.execute(select(Figure.year, Figure.value).filter_by(
            area_key="school:900001", measure="p8")).all())
    assert values == {2018: 0.10, 2019: 0.30}


def test_provisional_and_final_are_both_kept(engine, tmp_path):
    ingest_paths(engine, [ks4_file(tmp_path / "final")])
    prov = tmp_path / "prov" / "england_ks4provisional_2018-2019.csv"
    prov.parent.mkdir()
    prov.write_bytes((tmp_path / "final" / "2018-2019_850_ks4final.csv").read_bytes().replace(b"0.25", b"0.20"))
    report = ingest_paths(engine, [prov])
    assert report.files[0].provisional
    with Session(engine) as s:
        rows = dict(s.execute(select(Figure.provisional, Figure.value).filter_by(
            area_key="school:900001", measure="p8")).all())
    assert rows == {False: 0.25, True: 0.20}


def test_gias_cp1252_and_bom_variants(engine, tmp_path):
    row = '"900010","850","Hampshire","St Thomas à Becket School","Open","Primary","Alton","GU34 1AA","01-03-2022"'
    cp = gias_file(tmp_path / "one.csv", [row], encoding="cp1252")
    bom = gias_file(tmp_path / "two.csv", [row.replace("900010", "900011")], bom=True)
    report = ingest_paths(engine, [cp, bom])
    assert {f.path.name: f.encoding for f in report.files} == {"one.csv": "cp1252", "two.csv": "utf-8-sig"}
    with Session(engine) as s:
        assert s.get(School, 900010).name == "St Thomas à Becket School"
        assert s.get(School, 900011).name == "St Thomas à Becket School"
        assert s.get(School, 900010).is_open


def test_gias_newer_extract_renames_and_older_never_overwrites(engine, tmp_path):
    old = gias_file(tmp_path / "old.csv", ['"900020","850","Hampshire","Old Name School","Open","Primary","Alton","GU34 1AA","01-03-2020"'])
    new = gias_file(tmp_path / "new.csv", ['"900020","850","Hampshire","New Name Academy","Open","Primary","Alton","GU34 1AA","01-03-2022"'])
    ingest_paths(engine, [new])
    ingest_paths(engine, [old])  # older extract arrives later: must not overwrite
    with Session(engine) as s:
        school = s.get(School, 900020)
        assert school.name == "New Name Academy" and str(school.as_of) == "2022-03-01"
        names = dict(s.execute(select(SchoolName.name, SchoolName.kind).filter_by(urn=900020)).all())
    assert names == {"New Name Academy": "current", "Old Name School": "former"}


def test_gias_wins_over_performance_table_school(engine, tmp_path):
    ingest_paths(engine, [ks4_file(tmp_path / "ks4")])
    gias_file(tmp_path / "gias" / "g.csv", ['"900001","850","Hampshire","Alpha Academy","Closed","Secondary","Alton","GU34 1AA","01-03-2022"'])
    ingest_paths(engine, [tmp_path / "gias"])
    with Session(engine) as s:
        school = s.get(School, 900001)
        assert (school.name, school.phase, school.is_open) == ("Alpha Academy", "Secondary", False)


def test_links_file(engine, tmp_path):
    path = write(tmp_path / "links.csv", [
        '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"',
        '100006,134643,"CCfL Key Stage 3 PRU","Predecessor - merged","01-01-2022"',
        '100012,100021,"Rhyl Community Primary School","Successor","31-08-2021"',
    ], encoding="cp1252")
    report = ingest_paths(engine, [path])
    assert report.files[0].kind == "gias_links"
    with Session(engine) as s:
        link = s.scalars(select(SchoolLink).filter_by(urn=100012)).one()
    assert (link.link_urn, link.link_type, str(link.link_date)) == (100021, "Successor", "2021-08-31")


def test_unrecognised_files_are_skipped_with_a_reason(engine, tmp_path):
    tmp_path = tmp_path / "data"
    write(tmp_path / "notes.csv", ["Some heading,,", "text,,"])
    write(tmp_path / "meta.csv", ["Column,Field Name,Label/Description", "1,RECTYPE,Record type"])
    (tmp_path / "readme.md").write_text("# hi")
    (tmp_path / "blob.csv").write_bytes(b"\x00\x01\x02binary")
    report = ingest_paths(engine, [tmp_path])
    reasons = {f.path.name: f.reason for f in report.files}
    assert all(f.status == "skipped" for f in report.files)
    assert "unrecognised header" in reasons["notes.csv"]
    assert "metadata" in reasons["meta.csv"]
    assert "not a CSV" in reasons["readme.md"]
    assert "binary" in reasons["blob.csv"]
    assert count(engine, SourceFile) == 0


def test_ofsted_inspections(engine, tmp_path):
    cols = ["URN", "School name", "Ofsted phase", "Inspection start date", "Publication date",
            "Safeguarding standards", "Inclusion", "Achievement",
            "Inspection start date of latest OEIF graded inspection",
            "Latest OEIF overall effectiveness", "Latest OEIF quality of education",
            "Latest OEIF  safeguarding is effective?", "Latest OEIF sixth form provision (where applicable)",
            "Date of latest ungraded inspection", "Ungraded inspection overall outcome"]
    path = write(tmp_path / "mi.csv", [
        ",".join(cols),
        "900030,Rivers Primary,Primary,17/03/2026,13/05/2026,Met,Expected standard,Not applicable,08/02/2022,2,2,Yes,9,04/12/2019,School remains Good",
        "900031,Lake Primary,Primary,NULL,NULL,NULL,NULL,NULL,01/10/2024,Not judged,2,Yes,9,NULL,NULL",
    ])
    ingest_paths(engine, [path])
    with Session(engine) as s:
        got = {(i.urn, i.kind): i for i in s.scalars(select(Inspection))}
        assert s.get(School, 900030).phase == "Primary"
    card = got[(900030, "report_card")]
    assert card.framework == "reportcard2025" and card.judgements == {"safeguarding": "Met", "inclusion": "Expected standard"}
    graded = got[(900030, "graded")]
    assert (graded.framework, graded.overall, graded.judgements["quality_of_education"]) == ("EIF2019", "Good", "Good")
    assert "sixth_form" not in graded.judgements
    assert got[(900030, "ungraded")].outcome == "School remains Good"
    assert got[(900031, "graded")].framework == "interim2024"
    assert len(got) == 4


def test_ks5_table_and_demo_flag(engine, tmp_path):
    path = write(tmp_path / "data" / "2023-2024_919_ks5final.csv", [
        "RECTYPE,LEA,ESTAB,URN,SCHNAME,TOWN,TPUP1618,TALLPPE_ALEV_1618,TALLPPEGRD_ALEV_1618",
        "1,919,4001,900040,Sixth School,Hitchin,120,38.5,B-",
        "4,919,,,,,5000,35.1,C+",
    ])
    report = ingest_paths(engine, [path], demo=True)
    assert (report.files[0].kind, report.files[0].year) == ("ks5", 2024)
    figs = figures(engine, key_stage="ks5")
    assert figs[("school:900040", "a_level_aps")].value == 38.5
    assert figs[("school:900040", "ks5_pupils")].value == 120
    assert figs[("la:919", "a_level_aps")].value == 35.1
    assert ("school:900040", "a_level_grade") not in figs  # a grade is not a number
    assert report.files[0].skip_reasons == {"cell ignored: text, not a figure, in TALLPPEGRD_ALEV_1618": 2}
    with Session(engine) as s:
        assert s.get(School, 900040).demo
        assert s.scalars(select(SourceFile)).one().demo


def test_year_from_national_figures(engine, tmp_path):
    path = write(tmp_path / "data" / "england_abs.csv", [
        "LA,ESTAB,URN,PERCTOT,PPERSABS10",
        "850,2000,900060,4.1,9",
        "850,PRI,,4.2,8.5",
        "NAT,PRI,,4,8.2",
    ], bom=True)
    report = ingest_paths(engine, [path])
    assert (report.files[0].kind, report.files[0].year) == ("absence", 2019)
    figs = figures(engine, key_stage="absence", year=2019)
    assert figs[("la:850:primary", "overall_absence")].value == 4.2
    assert figs[("england:primary", "persistent_absence")].value == 8.2


def test_file_with_unknown_year_is_skipped(engine, tmp_path):
    path = write(tmp_path / "data" / "england_abs.csv", ["LA,ESTAB,URN,PERCTOT,PPERSABS10", "850,2000,900060,4.1,9"])
    report = ingest_paths(engine, [path])
    assert report.files[0].status == "skipped" and "year unknown" in report.files[0].reason
    assert count(engine, SourceFile) == 0 and count(engine, Figure) == 0


def test_ees_codes_and_overlong_text(engine, tmp_path):
    header = '"time_period","geographic_level","school_urn","school_name","old_la_code","la_name","version","full_address","p8_banding","t_pupils","pt_disadvantaged","pt_sen","pt_sen_with_ehcp","pt_language_not_english"'
    long_name = "A" * 400
    path = write(tmp_path / "data" / "ks4_school_info.csv", [
        header,
        f'"202324","School","900070","{long_name}","919","Hertfordshire","Final","1 High St, Hitchin, SG5 1AA","Well below average","x","c","z","u","low"',
        '"202324","School","900071","Dot School","919","Hertfordshire","Final","2 Low St, Hitchin, SG5 1AB",":","120","12.5%","","",""',
    ])
    report = ingest_paths(engine, [path])
    assert (report.files[0].kind, report.files[0].year) == ("ees_ks4", 2024)
    figs = figures(engine, key_stage="ks4", year=2024)
    assert {m: figs[("school:900070", m)].status for m in
            ("ks4_pupils", "pct_disadvantaged", "pct_sen", "pct_ehcp", "pct_eal")} == {
        "ks4_pupils": "x", "pct_disadvantaged": "c", "pct_sen": "z", "pct_ehcp": "u", "pct_eal": "low"}
    assert (figs[("school:900070", "p8_banding")].text, figs[("school:900070", "p8_banding")].value) == (
        "Well below average", 5.0)
    assert figs[("school:900071", "p8_banding")].status == ":"
    assert figs[("school:900071", "pct_disadvantaged")].value == 12.5
    with Session(engine) as s:
        school = s.get(School, 900070)
        assert len(school.name) == 300 and school.postcode == "SG5 1AA" and school.town == "Hitchin"


def test_minimal_school_rows_fill_gaps_from_later_files(engine, tmp_path):
    prov = write(tmp_path / "a" / "england_ks4provisional_2018-2019.csv", [
        "RECTYPE,LEA,ESTAB,URN,SCHNAME,P8MEA", "1,919,4001,900080,Hill School,0.1"])
    ees = write(tmp_path / "b" / "ks4_school_info.csv", [
        "time_period,geographic_level,school_urn,school_name,old_la_code,la_name,full_address,agerange,t_pupils",
        "202324,School,900080,Hill School,919,Hertfordshire,\"1 Hill Rd, Hitchin, SG5 1AA\",11 to 18,150",
    ])
    ingest_paths(engine, [prov])
    ingest_paths(engine, [ees])
    with Session(engine) as s:
        school = s.get(School, 900080)
        assert (school.town, school.postcode, school.la_name, school.phase) == (
            "Hitchin", "SG5 1AA", "Hertfordshire", "Secondary")
        assert school.source_file_id is not None


def test_a_school_replaced_by_an_open_successor_is_closed(engine, tmp_path):
    extract = gias_file(tmp_path / "gias.csv", [
        '"900030","850","Hampshire","Old Park School","Open","Secondary","Alton","GU34 1AA","01-03-2022"',
        '"900031","850","Hampshire","Old Park Academy","Open","Secondary","Alton","GU34 1AA","01-03-2022"',
        '"900032","850","Hampshire","Future Park School","Open","Secondary","Alton","GU34 1AA","01-03-2022"',
    ])
    links = write(tmp_path / "links.csv", [
        '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"',
        '900030,900031,"Old Park Academy","Successor","01-09-2023"',
        '900031,900030,"Old Park School","Predecessor","01-09-2023"',
        '900032,900031,"Old Park Academy","Successor","01-09-2999"',  # planned, not yet
    ])
    ingest_paths(engine, [extract, links])
    with Session(engine) as s:
        old, new, future = (s.get(School, u) for u in (900030, 900031, 900032))
        assert not old.is_open and "successor" in old.status
        assert new.is_open and future.is_open


def test_school_rows_from_results_files_keep_village_faith_and_gender(engine, tmp_path):
    """Parents name the village ("Robert May's, Odiham") where the post town is another (Hook)."""
    perf = write(tmp_path / "a" / "2018-2019_850_ks4final.csv", [
        "RECTYPE,LEA,ESTAB,URN,SCHNAME,ADDRESS1,ADDRESS2,ADDRESS3,TOWN,PCODE,RELDENOM,EGENDER,P8MEA",
        "1,850,4001,900090,Village School,West Street,Odiham,,Hook,RG29 1NA,Roman Catholic,GIRLS,0.1",
        "1,850,4002,900091,Road School,1 Main St,London Road,,Reading,RG1 1AA,Does not apply,MIXED,0.2",
    ])
    ees = write(tmp_path / "b" / "ks4_school_info.csv", [
        "time_period,geographic_level,school_urn,school_name,old_la_code,la_name,full_address,reldenom,"
        "egender,t_pupils",
        '202324,School,900092,Green School,850,Hampshire,"Church Lane, Crondall, Farnham, GU10 5QF",'
        'Church of England,Boys,90',
        '202324,School,900093,Unit School,850,Hampshire,"Unit 3, Station Road, Fleet, GU51 1AA",'
        'Denomination unclassified,Gender unclassified,80',
    ])
    ingest_paths(engine, [perf, ees])
    with Session(engine) as s:
        got = {u: (s.get(School, u).locality, s.get(School, u).town) for u in range(900090, 900094)}
        kind = {u: (s.get(School, u).religious_character, s.get(School, u).gender)
                for u in range(900090, 900094)}
    assert got == {900090: ("Odiham", "Hook"), 900091: (None, "Reading"),
                   900092: ("Crondall", "Farnham"), 900093: (None, "Fleet")}
    # and what "catholic schools near ..." and "girls' schools ..." filter on
    assert kind == {900090: ("Roman Catholic", "Girls"), 900091: ("Does not apply", "Mixed"),
                    900092: ("Church of England", "Boys"), 900093: (None, None)}


def test_ks2_progress_bands_are_kept_with_their_labels(engine, tmp_path):
    path = write(tmp_path / "2018-2019_850_ks2final.csv", [
        "RECTYPE,LEA,ESTAB,URN,SCHNAME,MATPROG,MATPROG_DESCR,READPROG,READPROG_DESCR,READPROG_DESCR_18",
        "1,850,2001,900100,Lock School,-6.7,5,1.2,2,SUPP",
    ])
    ingest_paths(engine, [path])
    figs = figures(engine, key_stage="ks2", year=2019)
    band = figs[("school:900100", "mat_prog_band")]
    assert (band.value, band.text) == (5.0, "Well below average")
    assert figs[("school:900100", "read_prog_band")].text == "Above average"  # not the 2018 column


def test_na_is_a_blank_in_files_re_saved_by_a_script_not_in_dfe_files(engine, tmp_path):
    """R writes a missing value as NA; the DfE's NA means 'not applicable' (PROVENANCE.md)."""
    lines = ["RECTYPE,LEA,ESTAB,URN,SCHNAME,ATT8SCR,P8MEA", "1,850,4001,900110,R School,NA,0.1"]
    subset = write(tmp_path / "a" / "england_ks4provisional_2018-2019_column_subset.csv", lines)
    dfe = write(tmp_path / "b" / "2017-2018_850_ks4final.csv",
                [lines[0], "1,850,4002,900111,DfE School,NA,0.1"])
    ingest_paths(engine, [subset, dfe])
    figs = {**figures(engine, key_stage="ks4", year=2019), **figures(engine, key_stage="ks4", year=2018)}
    assert ("school:900110", "att8") not in figs and figs[("school:900110", "p8")].value == 0.1
    assert figs[("school:900111", "att8")].status == "NA"
