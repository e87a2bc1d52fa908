"""Factories for crafted records used by the answer, caveat and records tests (no tests here)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy.orm import Session

from bot.models import Figure, Inspection, Postcode, School, SchoolLink, SchoolName, SourceFile

TODAY = date(2026, 11, 27)


class Records:
    """Insert schools, figures, inspections and links; commit with `.done()`."""

    def __init__(self, engine):
        self.engine = engine
        self.s = Session(engine)
        self._files: dict[tuple, int] = {}
        self._seen: set[tuple] = set()

    def done(self) -> None:
        self.s.commit()
        self.s.close()

    def file(self, kind: str = "ks4", year: int = 2024, *, provisional: bool = False, demo: bool = False,
             name: str | None = None) -> int:
        key = (kind, year, provisional, demo, name)
        if key not in self._files:
            sf = SourceFile(
                name=name or f"{year - 1}-{year}_{kind}{'_prov' if provisional else 'final'}.csv",
                sha256=uuid.uuid4().hex * 2, kind=kind, year=year, provisional=provisional,
                demo=demo, loaded_at=datetime(2026, 1, 1),
            )
            self.s.add(sf)
            self.s.flush()
            self._files[key] = sf.id
        return self._files[key]

    def school(self, urn: int = 100001, name: str = "Test School", **kw) -> School:
        defaults = dict(
            la_code=936, la_name="Surrey", phase="Secondary", type_name="Academy converter",
            type_group="Academies", status="Open", is_open=True, low_age=11, high_age=16,
            town="Frimley", postcode="GU16 8PY", easting=488000, northing=158000,
        )
        if "source_file_id" not in kw:
            defaults["source_file_id"] = self.file("gias", 2025, name="edubasealldata20250401.csv")
            defaults["as_of"] = date(2025, 4, 1)
        school = School(urn=urn, name=name, **{**defaults, **kw})
        self.s.add(school)
        self.s.add(SchoolName(urn=urn, name=name, kind="current"))
        self.s.flush()
        return school

    def fig(self, area: str | int, ks: str, measure: str, year: int, value: float | None = None, *,
            status: str | None = None, text: str | None = None, provisional: bool = False,
            file: int | None = None, la_code: int | None = 936, phase: str | None = None) -> Figure | None:
        """`area`: a URN (school), "la", "england" or "england_state"; `phase` (census and absence
        summary rows): primary|secondary|special, giving area keys "la:936:primary", "england:primary"."""
        fid = file if file is not None else self.file(ks, year, provisional=provisional)
        suffix = f":{phase}" if phase else ""
        if isinstance(area, int):
            kw = dict(area="school", area_key=f"school:{area}", urn=area, la_code=la_code)
        elif area == "la":
            kw = dict(area="la", area_key=f"la:{la_code}{suffix}", urn=None, la_code=la_code)
        else:
            kw = dict(area=area, area_key=f"{area}{suffix}", urn=None, la_code=None)
        if value is None and status is None and text is None:
            raise ValueError("a figure needs a value, a status or a text")
        key = (kw["area_key"], ks, measure, year, provisional)
        if key in self._seen:  # comparators shared by several crafted schools
            return None
        self._seen.add(key)
        f = Figure(key_stage=ks, measure=measure, year=year, value=value, status=status, text=text,
                   provisional=provisional, source_file_id=fid, **kw)
        self.s.add(f)
        return f

    def figs(self, area, ks: str, year: int, *, phase: str | None = None, **values) -> None:
        """Several numeric figures of one area and year: figs(urn, "ks4", 2024, p8=0.3, att8=50)."""
        for measure, value in values.items():
            if isinstance(value, str):
                self.fig(area, ks, measure, year, status=value, phase=phase)
            else:
                self.fig(area, ks, measure, year, value, phase=phase)

    def inspection(self, urn: int, start: date, kind: str = "graded", *, overall: str | None = None,
                   outcome: str | None = None, judgements: dict | None = None, framework: str | None = None,
                   inspected_urn: int | None = None, inspected_name: str | None = None) -> Inspection:
        if framework is None:
            framework = ("reportcard2025" if start >= date(2025, 11, 10)
                         else "interim2024" if start >= date(2024, 9, 2) else "EIF2019")
        i = Inspection(urn=urn, start_date=start, kind=kind, framework=framework, overall=overall,
                       outcome=outcome, judgements=judgements, inspected_urn=inspected_urn,
                       inspected_name=inspected_name, web_link=f"https://reports.ofsted.gov.uk/provider/23/{urn}")
        self.s.add(i)
        return i

    def link(self, urn: int, link_urn: int, link_type: str, name: str | None = None) -> None:
        self.s.add(SchoolLink(urn=urn, link_urn=link_urn, link_type=link_type, link_name=name,
                              link_date=date(2015, 9, 1)))

    def postcode(self, district: str, easting: int, northing: int, town: str | None = None) -> None:
        self.s.add(Postcode(district=district, easting=easting, northing=northing, town=town))


def ks4_school(r: Records, urn: int = 100001, year: int = 2024, *, p8=0.6, low=0.3, high=0.9, pupils=150,
               **kw) -> School:
    """A secondary school with a full KS4 set and LA/England comparators in the same file."""
    school = r.school(urn, **kw)
    r.figs(urn, "ks4", year, p8=p8, p8_ci_low=low, p8_ci_high=high, p8_pupils=pupils, att8=52.1,
           basics_95=55.0, ks4_pupils=pupils)
    r.figs("la", "ks4", year, p8=0.12, att8=49.0, basics_95=50.0)
    r.figs("england_state", "ks4", year, p8=-0.03, att8=46.1, basics_95=45.9)
    r.figs("england", "ks4", year, p8=0.0, att8=45.9, basics_95=45.3)
    return school
