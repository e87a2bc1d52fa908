"""Demo data: a small FICTIONAL area written in the official file formats, loaded when the store is empty.

"Demoshire (fictional)" (LA 999, postcode districts ZZ1-ZZ9, URNs 990001-990030) has 30 made-up
schools chosen to exercise every case an answer must handle: infant/junior pairs, two schools with
the same name, a closed school reopened as an academy, independent and special schools, suppressed
and missing figures, old and new Ofsted frameworks. `write_demo_files` writes them as a GIAS extract
(cp1252) and links file, KS2 (2018/19) and KS4 (2023/24) performance tables, census and absence
(2023/24), an Ofsted management-information file and postcode-district centroids, each with the
header and conventions of the real published file. `ensure_data` loads them through the ordinary
ingest with `demo=True`, so everything built from them is marked fictional; `remove_demo_data` takes
them out again before real data goes in. Nothing here is random: the same files come out byte for
byte every time.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, delete, or_, select

from bot.db import is_empty, session_scope
from bot.models import (
    Figure, Inspection, LocalAuthority, Postcode, School, SchoolLink, SchoolName, SourceFile,
)

LA_CODE = 999
LA_NAME = "Demoshire (fictional)"
TRUST = "Demoshire Learning Trust (fictional)"
EXTRACT_DATE = date(2026, 11, 1)  # the date of the demo GIAS extract


# --- the fictional schools ---------------------------------------------------------------------


@dataclass(frozen=True)
class Graded:
    """The latest graded inspection under the Ofsted framework of 2019 (OEIF), as Ofsted's MI shows it."""

    start: str  # ISO date
    published: str
    overall: str  # "1".."4", or "Not judged" (inspections from September 2024)
    judgements: tuple[str, str, str, str]  # quality of education, behaviour, personal dev., leadership
    early_years: str = "9"  # 9 = not applicable
    sixth_form: str = "9"
    of_predecessor: bool = False  # carried over from the school this one replaced


@dataclass(frozen=True)
class Ungraded:
    start: str
    published: str
    outcome: str  # e.g. "School remains Good", "Standards maintained"


@dataclass(frozen=True)
class ReportCard:
    """A report-card inspection (from November 2025): one grade per area, in the MI file's order."""

    start: str
    published: str
    grades: tuple[str, ...]  # safeguarding, inclusion, curriculum, achievement, attendance,
    #                          personal development, early years, post-16, leadership


@dataclass(frozen=True)
class Ofsted:
    graded: Graded | None = None
    ungraded: Ungraded | None = None
    report_card: ReportCard | None = None


Interval = tuple[float, float, float]  # score, lower and upper 95% confidence limits


@dataclass(frozen=True)
class KS2:
    """Key stage 2 (2018/19). Five or fewer eligible pupils: every measure is published as SUPP."""

    telig: int
    rwm: int | str  # % reaching the expected standard in reading, writing and maths
    rwm_high: int | str
    reading: Interval | str
    writing: Interval | str
    maths: Interval | str
    averages: tuple[int | str, int | str, int | str]  # reading, grammar/punctuation/spelling, maths
    coverage: int = 100
    confexam: str = ""  # "R": the school had not checked its results


@dataclass(frozen=True)
class KS4:
    """Key stage 4 (2023/24). tpup "NEW": a new school, its row cut short as the DfE publishes it."""

    tpup: int | str
    p8: Interval | str = "NP"
    p8_pupils: int | str = "NP"
    coverage: int | str = "NP"
    att8: float | str = "NE"
    basics94: float | str = "NE"
    basics95: float | str = "NE"
    ebacc_aps: float | str = "NE"
    ebacc_entry: float | str = "NE"


@dataclass(frozen=True)
class DemoSchool:
    urn: int
    estab: int
    name: str
    type_name: str  # GIAS TypeOfEstablishment
    phase: str  # GIAS PhaseOfEducation
    ages: tuple[int, int]
    street: str
    town: str
    postcode: str
    capacity: int
    pupils: int | None
    fsm: float | None
    head: tuple[str, str, str]
    demonstrates: str
    religion: str = "Does not apply"
    gender: str = "Mixed"
    admissions: str = "Not applicable"
    sixth_form: str = "Does not have a sixth form"
    nursery: str = "No Nursery Classes"
    opened: str = ""  # ISO date
    closed: str = ""
    close_reason: str = ""
    trust: str = ""
    predecessor: int | None = None  # URN of the closed school this one replaced
    ofsted: Ofsted = field(default_factory=Ofsted)
    ks2: KS2 | None = None
    ks4: KS4 | None = None
    on_roll_2024: bool = True  # open in January 2024 (census and absence 2023/24)
    pupils_2024: int | None = None  # on roll in January 2024, when it differs from today's figure

    @property
    def is_open(self) -> bool:
        return not self.closed

    @property
    def district(self) -> str:
        return self.postcode.split()[0]

    @property
    def independent(self) -> bool:
        return self.type_name == "Other independent school"

    @property
    def special(self) -> bool:
        return "special" in self.type_name


def _g(start: str, published: str, overall: str, *judgements: str, **kw) -> Ofsted:
    subs = judgements or (overall,) * 4
    return Ofsted(graded=Graded(start, published, overall, tuple(subs), **kw))


SCHOOLS: tuple[DemoSchool, ...] = (
    DemoSchool(
        990001, 2001, "Oakfield Infant School", "Community school", "Primary", (4, 7),
        "Oakfield Road", "Brindlecombe", "ZZ1 3QA", 270, 262, 12.4, ("Mrs", "Helen", "Carter"),
        "infant half of the Oakfield pair (no KS2); last graded before the 2019 framework, so "
        "Ofsted MI shows only an ungraded 'School remains Good' (2024)",
        ofsted=Ofsted(ungraded=Ungraded("2024-02-07", "2024-03-12", "School remains Good")),
    ),
    DemoSchool(
        990002, 2002, "Oakfield Junior School", "Community school", "Primary", (7, 11),
        "Oakfield Road", "Brindlecombe", "ZZ1 3QB", 360, 348, 14.9, ("Mr", "Daniel", "Hughes"),
        "junior half of the Oakfield pair; KS2 progress below average (junior-school caveat); "
        "Requires improvement (2023)",
        ofsted=_g("2023-05-16", "2023-06-20", "3", "3", "2", "2", "3"),
        ks2=KS2(88, 58, 6, (-1.9, -3.1, -0.7), (-0.8, -2.0, 0.4), (-2.4, -3.6, -1.2), (103, 104, 104)),
    ),
    DemoSchool(
        990003, 3301, "St John the Baptist CofE Primary School", "Voluntary aided school", "Primary",
        (4, 11), "Church Lane", "Brindlecombe", "ZZ2 1JB", 420, 415, 6.8, ("Mrs", "Ruth", "Ellison"),
        "same name as 990004 (Kestlewick); Outstanding from November 2019: before September 2020 "
        "and more than 5 years old; KS2 well above average in maths",
        religion="Church of England",
        ofsted=_g("2019-11-13", "2019-12-18", "1", early_years="1"),
        ks2=KS2(60, 84, 22, (2.8, 1.2, 4.4), (1.9, 0.4, 3.4), (3.6, 2.1, 5.1), (109, 108, 110)),
    ),
    DemoSchool(
        990004, 3102, "St John the Baptist CofE Primary School", "Voluntary controlled school",
        "Primary", (4, 11), "Mill Street", "Kestlewick", "ZZ4 6JB", 210, 198, 17.2,
        ("Mr", "Owen", "Pritchard"),
        "same name as 990003 (Brindlecombe); Good (2023); KS2 progress average",
        religion="Church of England",
        ofsted=_g("2023-11-08", "2023-12-13", "2"),
        ks2=KS2(29, 66, 10, (0.4, -1.8, 2.6), (-0.3, -2.4, 1.8), (0.9, -1.2, 3.0), (105, 104, 105)),
    ),
    DemoSchool(
        990005, 2003, "Brindlecombe Primary School", "Community school", "Primary", (3, 11),
        "Station Road", "Brindlecombe", "ZZ1 5BP", 630, 642, 28.3, ("Ms", "Priya", "Natarajan"),
        "graded inspection of January 2025 with overall effectiveness 'Not judged' (interim "
        "framework, no single-word grade); over capacity",
        nursery="Has Nursery Classes",
        ofsted=_g("2025-01-21", "2025-02-25", "Not judged", "2", "2", "2", "2", early_years="2"),
        ks2=KS2(90, 61, 8, (-0.2, -1.4, 1.0), (1.1, -0.1, 2.3), (0.6, -0.6, 1.8), (104, 105, 104)),
    ),
    DemoSchool(
        990006, 2004, "Fernhallow Primary School", "Community school", "Primary", (4, 11),
        "Hallow Lane", "Fernhallow", "ZZ3 2FP", 315, 301, 9.5, ("Mr", "Samuel", "Okafor"),
        "report-card inspection (January 2026), not comparable with its earlier Good (2021)",
        ofsted=Ofsted(
            graded=Graded("2021-11-10", "2021-12-15", "2", ("2", "2", "2", "2"), early_years="2"),
            report_card=ReportCard("2026-01-20", "2026-02-24", (
                "Met", "Strong standard", "Expected standard", "Expected standard",
                "Strong standard", "Expected standard", "Expected standard", "Not applicable",
                "Strong standard",
            )),
        ),
        ks2=KS2(44, 70, 14, (1.2, -0.6, 3.0), (0.5, -1.3, 2.3), (1.8, 0.1, 3.5), (106, 105, 106)),
    ),
    DemoSchool(
        990007, 3103, "Little Oxlow CofE Primary School", "Voluntary controlled school", "Primary",
        (4, 11), "The Green", "Little Oxlow", "ZZ8 4LO", 84, 71, 4.2, ("Mrs", "Clare", "Whitfield"),
        "small cohort: 8 pupils in KS2 (figures published, wide intervals); ungraded "
        "'Standards maintained' (2025) after Good (2023)",
        religion="Church of England",
        ofsted=Ofsted(
            graded=Graded("2023-03-08", "2023-04-18", "2", ("2", "2", "2", "2")),
            ungraded=Ungraded("2025-06-11", "2025-07-15", "Standards maintained"),
        ),
        ks2=KS2(8, 75, 13, (3.1, -1.1, 7.3), (-1.0, -5.1, 3.1), (0.2, -3.9, 4.3), (107, 104, 105)),
    ),
    DemoSchool(
        990008, 2005, "Upper Wendle Primary School", "Community school", "Primary", (4, 11),
        "Wendle Road", "Upper Wendle", "ZZ9 2UW", 56, 38, 10.5, ("Miss", "Laura", "Penrose"),
        "tiny school: 4 pupils in KS2, every KS2 measure SUPP; persistent absence SUPP",
        ofsted=_g("2023-06-27", "2023-07-25", "2"),
        ks2=KS2(4, "SUPP", "SUPP", "SUPP", "SUPP", "SUPP", ("SUPP", "SUPP", "SUPP")),
    ),
    DemoSchool(
        990009, 2006, "Hollybush Lane Community Primary School", "Community school", "Primary",
        (4, 11), "Hollybush Lane", "Kestlewick", "ZZ5 1HL", 420, 388, 31.0, ("Mr", "Mark", "Bennett"),
        "CLOSED 31 August 2024 (academy converter); successor 990010; its Good (2023) inspection, "
        "KS2, census and absence figures stay under this URN",
        closed="2024-08-31", close_reason="Academy Converter",
        ofsted=_g("2023-03-14", "2023-04-25", "2"),
        ks2=KS2(57, 63, 9, (0.8, -0.7, 2.3), (2.2, 0.7, 3.7), (-0.5, -2.0, 1.0), (105, 105, 104)),
    ),
    DemoSchool(
        990010, 2006, "Hollybush Lane Primary Academy", "Academy converter", "Primary", (4, 11),
        "Hollybush Lane", "Kestlewick", "ZZ5 1HL", 420, 395, 30.1, ("Mr", "Mark", "Bennett"),
        "academy opened 1 September 2024 replacing 990009 (former name); not yet inspected, so "
        "Ofsted MI shows the predecessor's Good (2023); no results under its own URN",
        opened="2024-09-01", trust=TRUST, on_roll_2024=False, predecessor=990009,
        ofsted=_g("2023-03-14", "2023-04-25", "2", of_predecessor=True),
    ),
    DemoSchool(
        990011, 2007, "Marrowby Primary School", "Free schools", "Primary", (4, 11),
        "Castle Street", "Marrowby", "ZZ6 3MP", 420, 402, 15.9, ("Mrs", "Joanna", "Reeve"),
        "free school (2014) in a trust; Good (2019) confirmed by ungraded 'School remains Good' (2024)",
        opened="2014-09-01", trust=TRUST,
        ofsted=Ofsted(
            graded=Graded("2019-10-02", "2019-11-05", "2", ("2", "2", "2", "2")),
            ungraded=Ungraded("2024-04-17", "2024-05-21", "School remains Good"),
        ),
        ks2=KS2(58, 72, 17, (1.5, 0.1, 2.9), (0.2, -1.2, 1.6), (2.4, 1.0, 3.8), (106, 106, 107)),
    ),
    DemoSchool(
        990012, 2008, "Tollbridge Primary School", "Community school", "Primary", (4, 11),
        "Bridge Street", "Tollbridge", "ZZ7 2TP", 420, 377, 35.6, ("Mr", "Ian", "Fairbairn"),
        "KS2 results not checked by the school (CONFEXAM R); maths progress well below average; "
        "Requires improvement (2024)",
        ofsted=_g("2024-03-05", "2024-04-09", "3", "3", "2", "2", "3"),
        ks2=KS2(54, 48, 4, (-2.6, -4.1, -1.1), (-1.1, -2.6, 0.4), (-3.9, -5.4, -2.4), (101, 102, 101),
                confexam="R"),
    ),
    DemoSchool(
        990013, 3304, "St Mary\u2019s Catholic Primary School", "Voluntary aided school", "Primary",
        (4, 11), "Abbey Road", "Marrowby", "ZZ6 7SM", 210, 207, 11.1, ("Mrs", "Teresa", "Quinn"),
        "name with a typographic apostrophe (cp1252 byte 0x92 in GIAS, plain ' in KS2); "
        "Outstanding (2023), after September 2020",
        religion="Roman Catholic",
        ofsted=_g("2023-10-03", "2023-11-07", "1", early_years="1"),
        ks2=KS2(30, 80, 20, (2.0, -0.1, 4.1), (1.0, -1.1, 3.1), (2.5, 0.4, 4.6), (108, 107, 108)),
    ),
    DemoSchool(
        990014, 5201, "Ashgrove Primary School", "Foundation school", "Primary", (4, 11),
        "Ashgrove Avenue", "Fernhallow", "ZZ3 5AG", 420, 409, 19.0, ("Mr", "Peter", "Lindqvist"),
        "Good (March 2024, last single-word grades); KS2 average",
        ofsted=_g("2024-03-12", "2024-04-16", "2"),
        ks2=KS2(59, 68, 12, (0.3, -1.2, 1.8), (0.9, -0.6, 2.4), (1.0, -0.5, 2.5), (105, 105, 106)),
    ),
    DemoSchool(
        990015, 2009, "Riverside Primary School", "Community school", "Primary", (3, 11),
        "Wharf Road", "Tollbridge", "ZZ7 5RP", 315, 288, 41.7, ("Ms", "Grace", "Adeyemi"),
        "Good from January 2020: more than 5 years old; high FSM",
        nursery="Has Nursery Classes",
        ofsted=_g("2020-01-15", "2020-02-18", "2", early_years="2"),
        ks2=KS2(41, 56, 5, (-0.9, -2.7, 0.9), (0.7, -1.1, 2.5), (-0.4, -2.2, 1.4), (103, 103, 103)),
    ),
    DemoSchool(
        990016, 5202, "Castle Hill Infant School", "Foundation school", "Primary", (4, 7),
        "Castle Hill", "Kestlewick", "ZZ4 2CH", 180, 176, 8.0, ("Mrs", "Nadia", "Kowalski"),
        "infant school; ungraded 'Some aspects not as strong' (2025) after Good (2023)",
        ofsted=Ofsted(
            graded=Graded("2023-05-09", "2023-06-13", "2", ("2", "2", "2", "2"), early_years="2"),
            ungraded=Ungraded("2025-03-04", "2025-04-08", "Some aspects not as strong"),
        ),
    ),
    DemoSchool(
        990017, 1000, "Brindlecombe Nursery School", "Local authority nursery school", "Nursery",
        (2, 5), "Park Walk", "Brindlecombe", "ZZ1 7BN", 104, 96, None, ("Mrs", "Amy", "Thornton"),
        "maintained nursery school (ages 2-5); Outstanding (2023)",
        nursery="Has Nursery Classes", sixth_form="Not applicable",
        ofsted=_g("2023-02-01", "2023-03-07", "1", early_years="1"),
    ),
    DemoSchool(
        990018, 2010, "Kestlewick Middle School", "Community school", "Middle deemed primary",
        (8, 12), "School Road", "Kestlewick", "ZZ4 8KM", 360, None, None, ("Mr", "Alan", "Fisher"),
        "CLOSED in 2015 with no successor (closed-school caveat)",
        closed="2015-08-31", close_reason="Closure", on_roll_2024=False,
        ofsted=_g("2013-05-14", "2013-06-18", "3"),
    ),
    DemoSchool(
        990019, 2011, "Greenacre Primary School", "Academy converter", "Primary", (4, 11),
        "Greenacre Way", "Brindlecombe", "ZZ2 4GA", 420, 433, 22.5, ("Mr", "Tom", "Ashworth"),
        "academy in a trust; Good (2023); KS2 average",
        opened="2012-02-01", trust=TRUST,
        ofsted=_g("2023-01-17", "2023-02-21", "2"),
        ks2=KS2(62, 69, 11, (0.1, -1.3, 1.5), (-0.6, -2.0, 0.8), (0.5, -0.9, 1.9), (105, 104, 105)),
    ),
    DemoSchool(
        990020, 3305, "Holy Cross Catholic Primary School", "Voluntary aided school", "Primary",
        (4, 11), "Cross Street", "Tollbridge", "ZZ7 8HC", 210, 196, 13.3, ("Mrs", "Maria", "Doyle"),
        "Catholic primary; Good (June 2024); KS2 average",
        religion="Roman Catholic",
        ofsted=_g("2024-06-18", "2024-07-16", "2"),
        ks2=KS2(28, 75, 14, (1.0, -1.2, 3.2), (1.5, -0.7, 3.7), (0.8, -1.4, 3.0), (106, 106, 106)),
    ),
    DemoSchool(
        990021, 4001, "Brindlecombe Academy", "Academy converter", "Secondary", (11, 18),
        "College Road", "Brindlecombe", "ZZ2 8BA", 1650, 1580, 14.2, ("Dr", "Rachel", "Moreno"),
        "secondary with sixth form; Progress 8 +0.62 (0.45 to 0.79): well above average",
        religion="None", admissions="Non-selective", sixth_form="Has a sixth form",
        opened="2011-08-01", trust=TRUST,
        ofsted=_g("2023-03-08", "2023-04-18", "2", sixth_form="2"),
        ks4=KS4(252, (0.62, 0.45, 0.79), 241, 96, 55.8, 79.4, 60.3, 4.98, 48.4),
    ),
    DemoSchool(
        990022, 4002, "Kestlewick School", "Community school", "Secondary", (11, 16),
        "Longmead Road", "Kestlewick", "ZZ4 3KS", 1050, 1012, 19.8, ("Mr", "Gareth", "Lloyd"),
        "Progress 8 +0.12 (-0.12 to 0.36): interval includes 0, average; Outstanding (2023)",
        admissions="Non-selective",
        ofsted=_g("2023-06-13", "2023-07-18", "1"),
        ks4=KS4(198, (0.12, -0.12, 0.36), 190, 96, 47.9, 67.2, 48.0, 4.21, 39.9),
    ),
    DemoSchool(
        990023, 4003, "Marrowby High School", "Foundation school", "Secondary", (11, 16),
        "High Street", "Marrowby", "ZZ6 5MH", 900, 874, 24.6, ("Mrs", "Linda", "Osei"),
        "Progress 8 -0.38 (-0.63 to -0.13): below average; inspected November 2024, overall "
        "'Not judged' with sub-grades",
        admissions="Non-selective",
        ofsted=_g("2024-11-19", "2025-01-07", "Not judged", "3", "2", "2", "3"),
        ks4=KS4(171, (-0.38, -0.63, -0.13), 165, 96, 41.2, 55.6, 35.1, 3.48, 22.8),
    ),
    DemoSchool(
        990024, 4004, "Tollbridge Community College", "Academy sponsor led", "Secondary", (11, 18),
        "Canal Road", "Tollbridge", "ZZ7 1TC", 1400, 1236, 38.4, ("Mr", "Kevin", "Marsh"),
        "Progress 8 -0.71 (-0.95 to -0.47): well below average; Requires improvement (2023)",
        religion="None", admissions="Non-selective", sixth_form="Has a sixth form",
        opened="2013-09-01", trust=TRUST,
        ofsted=_g("2023-10-03", "2023-11-14", "3", "3", "3", "2", "3", sixth_form="2"),
        ks4=KS4(214, (-0.71, -0.95, -0.47), 203, 95, 36.4, 46.3, 24.8, 2.97, 18.5),
    ),
    DemoSchool(
        990025, 4605, "St Aidan's Catholic High School", "Voluntary aided school", "Secondary",
        (11, 18), "Priory Lane", "Fernhallow", "ZZ3 8SA", 1200, 1177, 11.9, ("Mr", "Michael", "Byrne"),
        "Catholic secondary; Progress 8 +0.31 (0.07 to 0.55): above average; Good (2023) "
        "confirmed 'School remains Good' (2025)",
        religion="Roman Catholic", admissions="Non-selective", sixth_form="Has a sixth form",
        ofsted=Ofsted(
            graded=Graded("2023-01-25", "2023-03-01", "2", ("2", "2", "2", "2"), sixth_form="2"),
            ungraded=Ungraded("2025-05-14", "2025-06-17", "School remains Good"),
        ),
        ks4=KS4(188, (0.31, 0.07, 0.55), 181, 96, 51.9, 74.5, 53.2, 4.56, 52.7),
    ),
    DemoSchool(
        990026, 5401, "Brindlecombe Girls' Grammar School", "Foundation school", "Secondary",
        (11, 18), "Grammar School Lane", "Brindlecombe", "ZZ1 9GG", 1100, 1093, 3.1,
        ("Dr", "Eleanor", "Hart"),
        "selective girls' grammar: very high attainment, Progress 8 +0.45 (0.19 to 0.71) above "
        "average (not 'well above': score under 0.5); Outstanding (2023)",
        religion="None", gender="Girls", admissions="Selective", sixth_form="Has a sixth form",
        ofsted=_g("2023-05-23", "2023-06-27", "1", sixth_form="1"),
        ks4=KS4(160, (0.45, 0.19, 0.71), 158, 99, 71.3, 99.4, 96.2, 6.72, 91.9),
    ),
    DemoSchool(
        990027, 4005, "Kestlewick Free School", "Free schools", "Secondary", (11, 16),
        "Enterprise Way", "Kestlewick", "ZZ5 4KF", 600, 240, 16.4, ("Ms", "Sophie", "Grant"),
        "new school (opened 2023): KS4 row 'NEW' cut short as published; not yet inspected",
        religion="None", admissions="Non-selective", opened="2023-09-01", trust=TRUST,
        ks4=KS4("NEW"), pupils_2024=120,
    ),
    DemoSchool(
        990028, 6001, "Ashcombe House School", "Other independent school", "Not applicable",
        (3, 18), "Ashcombe Road", "Marrowby", "ZZ6 9AH", 650, 598, None, ("Mr", "Julian", "Ferrers"),
        "independent school: Progress 8 NP (not published), no P8 banding (row one field short), "
        "inspected by ISI so not in Ofsted's state-funded MI",
        religion="None", sixth_form="Has a sixth form", nursery="Has Nursery Classes",
        opened="1931-09-01", admissions="",
        ks4=KS4(64, "NP", "NP", "NP", 58.2, 83.5, 67.1, 5.12, 31.3),
    ),
    DemoSchool(
        990029, 7001, "Brackenwood School", "Community special school", "Not applicable", (4, 19),
        "Brackenwood Drive", "Kestlewick", "ZZ4 9BW", 140, 131, 39.7, ("Mrs", "Fiona", "Maddox"),
        "special school: KS2 progress LOWCOV (coverage 44%), KS4 small cohort (8 pupils in P8, "
        "-1.52, well below average)",
        sixth_form="Has a sixth form",
        ofsted=_g("2023-02-28", "2023-04-04", "2", sixth_form="2"),
        ks2=KS2(9, 0, 0, "LOWCOV", "LOWCOV", "LOWCOV", ("", "", ""), coverage=44),
        ks4=KS4(9, (-1.52, -2.61, -0.43), 8, 89, 12.4, 11.1, 0.0, 0.78, 0.0),
    ),
    DemoSchool(
        990030, 7002, "Meadowbank School", "Academy special converter", "Not applicable", (11, 16),
        "Meadow Lane", "Tollbridge", "ZZ7 6MB", 90, 84, 45.2, ("Mr", "Rhys", "Vaughan"),
        "special academy with 6 pupils at KS4: no entries (NE) for attainment, Progress 8 SUPP",
        opened="2015-04-01", trust=TRUST,
        ofsted=_g("2024-01-23", "2024-02-27", "2"),
        ks4=KS4(6, "SUPP", "NE", "NE", "NE", "NE", "NE", "NE", "NE"),
    ),
)

# Postcode districts: (town, easting, northing, latitude, longitude).
DISTRICTS: dict[str, tuple[str, int, int, float, float]] = {
    "ZZ1": ("Brindlecombe", 452300, 248700, 52.13413, -1.23732),
    "ZZ2": ("Brindlecombe", 452900, 251400, 52.15835, -1.22813),
    "ZZ3": ("Fernhallow", 447600, 244900, 52.10040, -1.30651),
    "ZZ4": ("Kestlewick", 458800, 246300, 52.11191, -1.14278),
    "ZZ5": ("Kestlewick", 460900, 247100, 52.11887, -1.11197),
    "ZZ6": ("Marrowby", 455100, 255200, 52.19229, -1.19536),
    "ZZ7": ("Tollbridge", 446200, 252800, 52.17154, -1.32587),
    "ZZ8": ("Little Oxlow", 449300, 257900, 52.21711, -1.27981),
    "ZZ9": ("Upper Wendle", 462400, 241800, 52.07106, -1.09104),
}

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
            code = "SUPP" if supp else measure
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


# --- public interface --------------------------------------------------------------------------

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


def ensure_data(engine: Engine) -> bool:
    """Load the demo area through the ordinary ingest when no school is loaded; True if it loaded.

    Expects a migrated database. Everything loaded is marked demo (fictional).
    """
    if not is_empty(engine):
        return False
    from bot.ingest import ingest_paths

    with tempfile.TemporaryDirectory(prefix="schoolbot-demo-") as tmp:
        write_demo_files(Path(tmp))
        ingest_paths(engine, [Path(tmp)], demo=True)
    return True


def remove_demo_data(engine: Engine) -> int:
    """Delete everything the demo loaded (call before real data goes in); return the schools removed."""
    with session_scope(engine) as session:
        demo_files = select(SourceFile.id).where(SourceFile.demo.is_(True))
        demo_urns = select(School.urn).where(School.demo.is_(True))
        for model in (Figure, SchoolLink):
            session.execute(delete(model).where(model.source_file_id.in_(demo_files)))
        session.execute(delete(Inspection).where(
            or_(Inspection.source_file_id.in_(demo_files), Inspection.urn.in_(demo_urns))))
        session.execute(delete(SchoolName).where(SchoolName.urn.in_(demo_urns)))
        session.execute(delete(Postcode).where(Postcode.district.in_(list(DISTRICTS))))
        session.execute(delete(LocalAuthority).where(LocalAuthority.code == LA_CODE))
        removed = session.execute(delete(School).where(School.demo.is_(True))).rowcount
        session.execute(delete(SourceFile).where(SourceFile.demo.is_(True)))
    return removed or 0


# --- the official headers (copied from the real published files) -------------------------------


def _columns(*parts: str) -> tuple[str, ...]:
    return tuple("".join(parts).split(","))


# 111 columns, as in gias/20220420_gias.csv
GIAS_HEADER = _columns(
    'URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),'
    'EstablishmentTypeGroup (name),EstablishmentStatus (name),ReasonEstablishmentOpened (name),'
    'OpenDate,ReasonEstablishmentClosed (name),CloseDate,PhaseOfEducation (name),'
    'StatutoryLowAge,StatutoryHighAge,Boarders (name),NurseryProvision (name),'
    'OfficialSixthForm (name),Gender (name),ReligiousCharacter (name),ReligiousEthos (name),'
    'Diocese (name),AdmissionsPolicy (name),SchoolCapacity,SpecialClasses (name),CensusDate,'
    'NumberOfPupils,NumberOfBoys,NumberOfGirls,PercentageFSM,TrustSchoolFlag (name),'
    'Trusts (name),SchoolSponsorFlag (name),SchoolSponsors (name),FederationFlag (name),'
    'Federations (name),UKPRN,FEHEIdentifier,FurtherEducationType (name),OfstedLastInsp,'
    'LastChangedDate,Street,Locality,Address3,Town,County (name),Postcode,SchoolWebsite,'
    'TelephoneNum,HeadTitle (name),HeadFirstName,HeadLastName,HeadPreferredJobTitle,'
    'BSOInspectorateName (name),InspectorateReport,DateOfLastInspectionVisit,'
    'NextInspectionVisit,TeenMoth (name),TeenMothPlaces,CCF (name),SENPRU (name),EBD (name),'
    'PlacesPRU,FTProv (name),EdByOther (name),Section41Approved (name),SEN1 (name),SEN2 (name),'
    'SEN3 (name),SEN4 (name),SEN5 (name),SEN6 (name),SEN7 (name),SEN8 (name),SEN9 (name),'
    'SEN10 (name),SEN11 (name),SEN12 (name),SEN13 (name),TypeOfResourcedProvision (name),'
    'ResourcedProvisionOnRoll,ResourcedProvisionCapacity,SenUnitOnRoll,SenUnitCapacity,'
    'GOR (name),DistrictAdministrative (name),AdministrativeWard (name),'
    'ParliamentaryConstituency (name),UrbanRural (name),GSSLACode (name),Easting,Northing,'
    'MSOA (name),LSOA (name),InspectorateName (name),SENStat,SENNoStat,PropsName,'
    'OfstedRating (name),RSCRegion (name),Country (name),UPRN,SiteName,QABName (name),'
    'EstablishmentAccredited (name),QABReport,CHNumber,MSOA (code),LSOA (code),FSM,'
    'Linked establishments'
)
# 5 columns, as in gias/links_edubasealldata20250422.csv
LINKS_HEADER = _columns(
    'URN,LinkURN,LinkName,LinkType,LinkEstablishedDate'
)
# 318 columns, as in ks2/2018-2019_936_ks2final.csv
KS2_HEADER = _columns(
    'RECTYPE,ALPHAIND,LEA,ESTAB,URN,SCHNAME,ADDRESS1,ADDRESS2,ADDRESS3,TOWN,PCODE,TELNUM,'
    'PCON_CODE,PCON_NAME,URN_AC,SCHNAME_AC,OPEN_AC,NFTYPE,ICLOSE,RELDENOM,AGERANGE,CONFEXAM,'
    'TAB15,TAB1618,TOTPUPS,TPUPYEAR,TELIG,BELIG,GELIG,PBELIG,PGELIG,TKS1AVERAGE,TKS1GROUP_L,'
    'PTKS1GROUP_L,TKS1GROUP_M,PTKS1GROUP_M,TKS1GROUP_H,PTKS1GROUP_H,TKS1GROUP_NA,PTKS1GROUP_NA,'
    'TFSM6CLA1A,PTFSM6CLA1A,TNotFSM6CLA1A,PTNotFSM6CLA1A,TEALGRP2,PTEALGRP2,TMOBN,PTMOBN,'
    'PTRWM_EXP,PTRWM_HIGH,READPROG,READPROG_LOWER,READPROG_UPPER,READCOV,WRITPROG,'
    'WRITPROG_LOWER,WRITPROG_UPPER,WRITCOV,MATPROG,MATPROG_LOWER,MATPROG_UPPER,MATCOV,'
    'PTREAD_EXP,PTREAD_HIGH,PTREAD_AT,READ_AVERAGE,PTGPS_EXP,PTGPS_HIGH,PTGPS_AT,GPS_AVERAGE,'
    'PTMAT_EXP,PTMAT_HIGH,PTMAT_AT,MAT_AVERAGE,PTWRITTA_EXP,PTWRITTA_HIGH,PTWRITTA_WTS,'
    'PTWRITTA_AD,PTSCITA_EXP,PTSCITA_AD,PTRWM_EXP_B,PTRWM_EXP_G,PTRWM_EXP_L,PTRWM_EXP_M,'
    'PTRWM_EXP_H,PTRWM_EXP_FSM6CLA1A,PTRWM_EXP_NotFSM6CLA1A,DIFFN_RWM_EXP,PTRWM_EXP_EAL,'
    'PTRWM_EXP_MOBN,PTRWM_HIGH_B,PTRWM_HIGH_G,PTRWM_HIGH_L,PTRWM_HIGH_M,PTRWM_HIGH_H,'
    'PTRWM_HIGH_FSM6CLA1A,PTRWM_HIGH_NotFSM6CLA1A,DIFFN_RWM_HIGH,PTRWM_HIGH_EAL,'
    'PTRWM_HIGH_MOBN,READPROG_B,READPROG_B_LOWER,READPROG_B_UPPER,READPROG_G,READPROG_G_LOWER,'
    'READPROG_G_UPPER,READPROG_L,READPROG_L_LOWER,READPROG_L_UPPER,READPROG_M,READPROG_M_LOWER,'
    'READPROG_M_UPPER,READPROG_H,READPROG_H_LOWER,READPROG_H_UPPER,READPROG_FSM6CLA1A,'
    'READPROG_FSM6CLA1A_LOWER,READPROG_FSM6CLA1A_UPPER,READPROG_NotFSM6CLA1A,'
    'READPROG_NotFSM6CLA1A_LOWER,READPROG_NotFSM6CLA1A_UPPER,DIFFN_READPROG,READPROG_EAL,'
    'READPROG_EAL_LOWER,READPROG_EAL_UPPER,READPROG_MOBN,READPROG_MOBN_LOWER,'
    'READPROG_MOBN_UPPER,WRITPROG_B,WRITPROG_B_LOWER,WRITPROG_B_UPPER,WRITPROG_G,'
    'WRITPROG_G_LOWER,WRITPROG_G_UPPER,WRITPROG_L,WRITPROG_L_LOWER,WRITPROG_L_UPPER,WRITPROG_M,'
    'WRITPROG_M_LOWER,WRITPROG_M_UPPER,WRITPROG_H,WRITPROG_H_LOWER,WRITPROG_H_UPPER,'
    'WRITPROG_FSM6CLA1A,WRITPROG_FSM6CLA1A_LOWER,WRITPROG_FSM6CLA1A_UPPER,'
    'WRITPROG_NotFSM6CLA1A,WRITPROG_NotFSM6CLA1A_LOWER,WRITPROG_NotFSM6CLA1A_UPPER,'
    'DIFFN_WRITPROG,WRITPROG_EAL,WRITPROG_EAL_LOWER,WRITPROG_EAL_UPPER,WRITPROG_MOBN,'
    'WRITPROG_MOBN_LOWER,WRITPROG_MOBN_UPPER,MATPROG_B,MATPROG_B_LOWER,MATPROG_B_UPPER,'
    'MATPROG_G,MATPROG_G_LOWER,MATPROG_G_UPPER,MATPROG_L,MATPROG_L_LOWER,MATPROG_L_UPPER,'
    'MATPROG_M,MATPROG_M_LOWER,MATPROG_M_UPPER,MATPROG_H,MATPROG_H_LOWER,MATPROG_H_UPPER,'
    'MATPROG_FSM6CLA1A,MATPROG_FSM6CLA1A_LOWER,MATPROG_FSM6CLA1A_UPPER,MATPROG_NotFSM6CLA1A,'
    'MATPROG_NotFSM6CLA1A_LOWER,MATPROG_NotFSM6CLA1A_UPPER,DIFFN_MATPROG,MATPROG_EAL,'
    'MATPROG_EAL_LOWER,MATPROG_EAL_UPPER,MATPROG_MOBN,MATPROG_MOBN_LOWER,MATPROG_MOBN_UPPER,'
    'READ_AVERAGE_B,READ_AVERAGE_G,READ_AVERAGE_L,READ_AVERAGE_M,READ_AVERAGE_H,'
    'READ_AVERAGE_FSM6CLA1A,READ_AVERAGE_NotFSM6CLA1A,READ_AVERAGE_EAL,READ_AVERAGE_MOBN,'
    'MAT_AVERAGE_B,MAT_AVERAGE_G,MAT_AVERAGE_L,MAT_AVERAGE_M,MAT_AVERAGE_H,'
    'MAT_AVERAGE_FSM6CLA1A,MAT_AVERAGE_NotFSM6CLA1A,MAT_AVERAGE_EAL,MAT_AVERAGE_MOBN,'
    'GPS_AVERAGE_B,GPS_AVERAGE_G,GPS_AVERAGE_L,GPS_AVERAGE_M,GPS_AVERAGE_H,'
    'GPS_AVERAGE_FSM6CLA1A,GPS_AVERAGE_NotFSM6CLA1A,GPS_AVERAGE_EAL,GPS_AVERAGE_MOBN,'
    'PTREAD_EXP_L,PTREAD_EXP_M,PTREAD_EXP_H,PTREAD_EXP_FSM6CLA1A,PTREAD_EXP_NotFSM6CLA1A,'
    'PTGPS_EXP_L,PTGPS_EXP_M,PTGPS_EXP_H,PTGPS_EXP_FSM6CLA1A,PTGPS_EXP_NotFSM6CLA1A,'
    'PTMAT_EXP_L,PTMAT_EXP_M,PTMAT_EXP_H,PTMAT_EXP_FSM6CLA1A,PTMAT_EXP_NotFSM6CLA1A,'
    'PTWRITTA_EXP_L,PTWRITTA_EXP_M,PTWRITTA_EXP_H,PTWRITTA_EXP_FSM6CLA1A,'
    'PTWRITTA_EXP_NotFSM6CLA1A,PTREAD_HIGH_L,PTREAD_HIGH_M,PTREAD_HIGH_H,PTREAD_HIGH_FSM6CLA1A,'
    'PTREAD_HIGH_NotFSM6CLA1A,PTGPS_HIGH_L,PTGPS_HIGH_M,PTGPS_HIGH_H,PTGPS_HIGH_FSM6CLA1A,'
    'PTGPS_HIGH_NotFSM6CLA1A,PTMAT_HIGH_L,PTMAT_HIGH_M,PTMAT_HIGH_H,PTMAT_HIGH_FSM6CLA1A,'
    'PTMAT_HIGH_NotFSM6CLA1A,PTWRITTA_HIGH_L,PTWRITTA_HIGH_M,PTWRITTA_HIGH_H,'
    'PTWRITTA_HIGH_FSM6CLA1A,PTWRITTA_HIGH_NotFSM6CLA1A,TEALGRP1,PTEALGRP1,TEALGRP3,PTEALGRP3,'
    'TSENELE,PSENELE,TSENELK,PSENELK,TSENELEK,PSENELEK,TELIG_18,PTFSM6CLA1A_18,'
    'PTNOTFSM6CLA1A_18,PTRWM_EXP_18,PTRWM_HIGH_18,PTRWM_EXP_FSM6CLA1A_18,'
    'PTRWM_HIGH_FSM6CLA1A_18,PTRWM_EXP_NotFSM6CLA1A_18,PTRWM_HIGH_NotFSM6CLA1A_18,READPROG_18,'
    'READPROG_LOWER_18,READPROG_UPPER_18,WRITPROG_18,WRITPROG_LOWER_18,WRITPROG_UPPER_18,'
    'MATPROG_18,MATPROG_LOWER_18,MATPROG_UPPER_18,READ_AVERAGE_18,MAT_AVERAGE_18,TELIG_17,'
    'PTFSM6CLA1A_17,PTNOTFSM6CLA1A_17,PTRWM_EXP_17,PTRWM_HIGH_17,PTRWM_EXP_FSM6CLA1A_17,'
    'PTRWM_HIGH_FSM6CLA1A_17,PTRWM_EXP_NotFSM6CLA1A_17,PTRWM_HIGH_NotFSM6CLA1A_17,READPROG_17,'
    'READPROG_LOWER_17,READPROG_UPPER_17,WRITPROG_17,WRITPROG_LOWER_17,WRITPROG_UPPER_17,'
    'MATPROG_17,MATPROG_LOWER_17,MATPROG_UPPER_17,READ_AVERAGE_17,MAT_AVERAGE_17,TELIG_3YR,'
    'PTRWM_EXP_3YR,PTRWM_HIGH_3YR,READ_AVERAGE_3YR,MAT_AVERAGE_3YR,READPROG_UNADJUSTED,'
    'WRITPROG_UNADJUSTED,MATPROG_UNADJUSTED,READPROG_DESCR_17,WRITPROG_DESCR_17,'
    'MATPROG_DESCR_17,READPROG_DESCR_18,WRITPROG_DESCR_18,MATPROG_DESCR_18,READPROG_DESCR,'
    'WRITPROG_DESCR,MATPROG_DESCR'
)
# 429 columns, as in ks4/2023-2024_919_ks4final.csv
KS4_HEADER = _columns(
    'RECTYPE,LEA,ESTAB,URN,SCHNAME,SCHNAME_AC,ADDRESS1,ADDRESS2,ADDRESS3,TOWN,PCODE,TELNUM,'
    'PCON_CODE,PCON_NAME,CONTFLAG,ICLOSE,NFTYPE,RELDENOM,ADMPOL,ADMPOL_PT,EGENDER,FEEDER,'
    'AGERANGE,TOTPUPS,NUMBOYS,NUMGIRLS,TPUP,BPUP,PBPUP,GPUP,PGPUP,KS2ASS,TPRIORLO,PTPRIORLO,'
    'TPRIORAV,PTPRIORAV,TPRIORHI,PTPRIORHI,TFSM6CLA1A,PTFSM6CLA1A,TNOTFSM6CLA1A,PTNOTFSM6CLA1A,'
    'TEALGRP2,PTEALGRP2,TEALGRP1,PTEALGRP1,TEALGRP3,PTEALGRP3,TNMOB,PTNMOB,SENE4,PSENE4,'
    'SEN_ALL4,PSEN_ALL4,SENK4,PSENK4,TOTATT8,ATT8SCR,TOTATT8ENG,ATT8SCRENG,TOTATT8MAT,'
    'ATT8SCRMAT,TOTATT8EBAC,ATT8SCREBAC,TOTATT8OPEN,ATT8SCROPEN,TOTATT8OPENG,ATT8SCROPENG,'
    'TOTATT8OPENNG,ATT8SCROPENNG,AVGEBACFILL,AVGOPENFILL,P8PUP,TP8ADJ,P8MEACOV,P8MEA,P8CILOW,'
    'P8CIUPP,P8MEA_ORIG,P8CILOW_ORIG,P8CIUPP_ORIG,P8MEAENG,P8MEAENG_CILOW,P8MEAENG_CIUPP,'
    'P8MEAMAT,P8MEAMAT_CILOW,P8MEAMAT_CIUPP,P8MEAEBAC,P8MEAEBAC_CILOW,P8MEAEBAC_CIUPP,'
    'P8MEAOPEN,P8MEAOPEN_CILOW,P8MEAOPEN_CIUPP,PTL2BASICS_94,PTL2BASICS_95,TOTEBACCAPS,'
    'EBACCAPS,EBACCAPS_FSM6CLA1A,EBACCAPS_NFSM6CLA1A,EBACCAPS_LO,EBACCAPS_MID,EBACCAPS_HI,'
    'EBACCAPS_EAL,EBACCAPS_GIRLS,EBACCAPS_BOYS,EBACCAPS_NMOB,TEBACC_E_PTQ_EE,PTEBACC_E_PTQ_EE,'
    'PTEBACC_94,PTEBACC_95,TEBACENG_E_PTQ_EE,PTEBACENG_E_PTQ_EE,TEBACMAT_E_PTQ_EE,'
    'PTEBACMAT_E_PTQ_EE,TEBAC2SCI_E_PTQ_EE,PTEBAC2SCI_E_PTQ_EE,TEBACHUM_E_PTQ_EE,'
    'PTEBACHUM_E_PTQ_EE,TEBACLAN_E_PTQ_EE,PTEBACLAN_E_PTQ_EE,PTEBACENG_94,PTEBACENG_95,'
    'PTEBACMAT_94,PTEBACMAT_95,PTEBAC2SCI_94,PTEBAC2SCI_95,PTEBACHUM_94,PTEBACHUM_95,'
    'PTEBACLAN_94,PTEBACLAN_95,SCIVAPUP_PTQ_EE,SCIVACOV_PTQ_EE,HUMVAPUP_PTQ_EE,HUMVACOV_PTQ_EE,'
    'LANVAPUP_PTQ_EE,LANVACOV_PTQ_EE,SCIVAMEA_PTQ_EE,SCIVALOW_PTQ_EE,SCIVAUPP_PTQ_EE,'
    'HUMVAMEA_PTQ_EE,HUMVALOW_PTQ_EE,HUMVAUPP_PTQ_EE,LANVAMEA_PTQ_EE,LANVALOW_PTQ_EE,'
    'LANVAUPP_PTQ_EE,TEBACENG_94,TEBACENG_95,TEBACMAT_94,TEBACMAT_95,TEBAC2SCI_94,TEBAC2SCI_95,'
    'TEBACHUM_94,TEBACHUM_95,TEBACLAN_94,TEBACLAN_95,TEBACC91,PTEBACC91,TEBACENG91,PTEBACENG91,'
    'TEBACMAT91,PTEBACMAT91,TEBAC2SCI91,PTEBAC2SCI91,TEBACHUM91,PTEBACHUM91,TEBACLAN91,'
    'PTEBACLAN91,ATT8SCR_FSM6CLA1A,P8PUP_FSM6CLA1A,TP8ADJ_FSM6CLA1A,P8MEA_FSM6CLA1A,'
    'P8CILOW_FSM6CLA1A,P8CIUPP_FSM6CLA1A,P8MEA_FSM6CLA1A_ORIG,P8CILOW_FSM6CLA1A_ORIG,'
    'P8CIUPP_FSM6CLA1A_ORIG,ATT8SCR_NFSM6CLA1A,P8PUP_NFSM6CLA1A,TP8ADJ_NFSM6CLA1A,'
    'P8MEA_NFSM6CLA1A,P8CILOW_NFSM6CLA1A,P8CIUPP_NFSM6CLA1A,P8MEA_NFSM6CLA1A_ORIG,'
    'P8CILOW_NFSM6CLA1A_ORIG,P8CIUPP_NFSM6CLA1A_ORIG,ATT8SCRENG_FSM6CLA1A,P8MEAENG_FSM6CLA1A,'
    'P8MEAENG_CILOW_FSM6CLA1A,P8MEAENG_CIUPP_FSM6CLA1A,ATT8SCRMAT_FSM6CLA1A,P8MEAMAT_FSM6CLA1A,'
    'P8MEAMAT_CILOW_FSM6CLA1A,P8MEAMAT_CIUPP_FSM6CLA1A,ATT8SCREBAC_FSM6CLA1A,'
    'P8MEAEBAC_FSM6CLA1A,P8MEAEBAC_CILOW_FSM6CLA1A,P8MEAEBAC_CIUPP_FSM6CLA1A,'
    'ATT8SCROPEN_FSM6CLA1A,P8MEAOPEN_FSM6CLA1A,P8MEAOPEN_CILOW_FSM6CLA1A,'
    'P8MEAOPEN_CIUPP_FSM6CLA1A,ATT8SCRENG_NFSM6CLA1A,P8MEAENG_NFSM6CLA1A,'
    'P8MEAENG_CILOW_NFSM6CLA1A,P8MEAENG_CIUPP_NFSM6CLA1A,ATT8SCRMAT_NFSM6CLA1A,'
    'P8MEAMAT_NFSM6CLA1A,P8MEAMAT_CILOW_NFSM6CLA1A,P8MEAMAT_CIUPP_NFSM6CLA1A,'
    'ATT8SCREBAC_NFSM6CLA1A,P8MEAEBAC_NFSM6CLA1A,P8MEAEBAC_CILOW_NFSM6CLA1A,'
    'P8MEAEBAC_CIUPP_NFSM6CLA1A,ATT8SCROPEN_NFSM6CLA1A,P8MEAOPEN_NFSM6CLA1A,'
    'P8MEAOPEN_CILOW_NFSM6CLA1A,P8MEAOPEN_CIUPP_NFSM6CLA1A,ATT8SCROPENG_FSM6CLA1A,'
    'ATT8SCROPENNG_FSM6CLA1A,ATT8SCROPENG_NFSM6CLA1A,ATT8SCROPENNG_NFSM6CLA1A,DIFFN_ATT8,'
    'DIFFN_P8MEA,ATT8SCR_LO,P8PUP_LO,TP8ADJ_LO,P8MEA_LO,P8CILOW_LO,P8CIUPP_LO,P8MEA_LO_ORIG,'
    'P8CILOW_LO_ORIG,P8CIUPP_LO_ORIG,ATT8SCR_MID,P8PUP_MID,TP8ADJ_MID,P8MEA_MID,P8CILOW_MID,'
    'P8CIUPP_MID,P8MEA_MID_ORIG,P8CILOW_MID_ORIG,P8CIUPP_MID_ORIG,ATT8SCR_HI,P8PUP_HI,'
    'TP8ADJ_HI,P8MEA_HI,P8CILOW_HI,P8CIUPP_HI,P8MEA_HI_ORIG,P8CILOW_HI_ORIG,P8CIUPP_HI_ORIG,'
    'ATT8SCR_EAL,ATT8SCRENG_EAL,ATT8SCRMAT_EAL,ATT8SCREBAC_EAL,ATT8SCROPEN_EAL,'
    'ATT8SCROPENG_EAL,ATT8SCROPENNG_EAL,P8PUP_EAL,TP8ADJ_EAL,P8MEA_EAL,P8CILOW_EAL,P8CIUPP_EAL,'
    'P8MEA_EAL_ORIG,P8CILOW_EAL_ORIG,P8CIUPP_EAL_ORIG,ATT8SCR_GIRLS,ATT8SCRENG_GIRLS,'
    'ATT8SCRMAT_GIRLS,ATT8SCREBAC_GIRLS,ATT8SCROPEN_GIRLS,ATT8SCROPENG_GIRLS,'
    'ATT8SCROPENNG_GIRLS,P8PUP_GIRLS,TP8ADJ_GIRLS,P8MEA_GIRLS,P8CILOW_GIRLS,P8CIUPP_GIRLS,'
    'P8MEA_GIRLS_ORIG,P8CILOW_GIRLS_ORIG,P8CIUPP_GIRLS_ORIG,ATT8SCR_BOYS,ATT8SCRENG_BOYS,'
    'ATT8SCRMAT_BOYS,ATT8SCREBAC_BOYS,ATT8SCROPEN_BOYS,ATT8SCROPENG_BOYS,ATT8SCROPENNG_BOYS,'
    'P8PUP_BOYS,TP8ADJ_BOYS,P8MEA_BOYS,P8CILOW_BOYS,P8CIUPP_BOYS,P8MEA_BOYS_ORIG,'
    'P8CILOW_BOYS_ORIG,P8CIUPP_BOYS_ORIG,ATT8SCR_NMOB,ATT8SCRENG_NMOB,ATT8SCRMAT_NMOB,'
    'ATT8SCREBAC_NMOB,ATT8SCROPEN_NMOB,ATT8SCROPENG_NMOB,ATT8SCROPENNG_NMOB,P8PUP_NMOB,'
    'TP8ADJ_NMOB,P8MEA_NMOB,P8CILOW_NMOB,P8CIUPP_NMOB,P8MEA_NMOB_ORIG,P8CILOW_NMOB_ORIG,'
    'P8CIUPP_NMOB_ORIG,TEBACC_ELO_PTQ_EE,PTEBACC_ELO_PTQ_EE,PTEBACCLO_94,PTEBACCLO_95,'
    'TEBACC_EAV_PTQ_EE,PTEBACC_EAV_PTQ_EE,PTEBACCAV_94,PTEBACCAV_95,TEBACC_EHI_PTQ_EE,'
    'PTEBACC_EHI_PTQ_EE,PTEBACCHI_94,PTEBACCHI_95,PTEBACC_EFSM6CLA1A_PTQ_EE,'
    'PTEBACC_ENFSM6CLA1A_PTQ_EE,PTEBACC_94_FSM6CLA1A,PTEBACC_95_FSM6CLA1A,'
    'PTEBACC_94_NFSM6CLA1A,PTEBACC_95_NFSM6CLA1A,SCIVAMEA_LO_PTQ_EE,SCIVAMEA_MID_PTQ_EE,'
    'SCIVAMEA_HI_PTQ_EE,SCIVAMEA_FSM6CLA1A_PTQ_EE,SCIVAMEA_NFSM6CLA1A_PTQ_EE,'
    'HUMVAMEA_LO_PTQ_EE,HUMVAMEA_MID_PTQ_EE,HUMVAMEA_HI_PTQ_EE,HUMVAMEA_FSM6CLA1A_PTQ_EE,'
    'HUMVAMEA_NFSM6CLA1A_PTQ_EE,LANVAMEA_LO_PTQ_EE,LANVAMEA_MID_PTQ_EE,LANVAMEA_HI_PTQ_EE,'
    'LANVAMEA_FSM6CLA1A_PTQ_EE,LANVAMEA_NFSM6CLA1A_PTQ_EE,SCIVAUPP_FSM6CLA1A_PTQ_EE,'
    'SCIVALOW_FSM6CLA1A_PTQ_EE,SCIVAUPP_NFSM6CLA1A_PTQ_EE,SCIVALOW_NFSM6CLA1A_PTQ_EE,'
    'SCIVAUPP_LO_PTQ_EE,SCIVALOW_LO_PTQ_EE,SCIVAUPP_MID_PTQ_EE,SCIVALOW_MID_PTQ_EE,'
    'SCIVAUPP_HI_PTQ_EE,SCIVALOW_HI_PTQ_EE,HUMVAUPP_FSM6CLA1A_PTQ_EE,HUMVALOW_FSM6CLA1A_PTQ_EE,'
    'HUMVAUPP_NFSM6CLA1A_PTQ_EE,HUMVALOW_NFSM6CLA1A_PTQ_EE,HUMVAUPP_LO_PTQ_EE,'
    'HUMVALOW_LO_PTQ_EE,HUMVAUPP_MID_PTQ_EE,HUMVALOW_MID_PTQ_EE,HUMVAUPP_HI_PTQ_EE,'
    'HUMVALOW_HI_PTQ_EE,LANVAUPP_FSM6CLA1A_PTQ_EE,LANVALOW_FSM6CLA1A_PTQ_EE,'
    'LANVAUPP_NFSM6CLA1A_PTQ_EE,LANVALOW_NFSM6CLA1A_PTQ_EE,LANVAUPP_LO_PTQ_EE,'
    'LANVALOW_LO_PTQ_EE,LANVAUPP_MID_PTQ_EE,LANVALOW_MID_PTQ_EE,LANVAUPP_HI_PTQ_EE,'
    'LANVALOW_HI_PTQ_EE,PBEBACC_E_PTQ_EE,PBEBACC_94,PBEBACC_95,PGEBACC_E_PTQ_EE,PGEBACC_94,'
    'PGEBACC_95,PTEBACC_ENMOB_PTQ_EE,PTEBACCNMOB_94,PTEBACCNMOB_95,PTEBACC_EEAL_PTQ_EE,'
    'PTEBACCEAL_94,PTEBACCEAL_95,PT5EM_94,PTANYQ_PTQ_EE,PTFSM6CLA1ABASICS_94,'
    'PTNOTFSM6CLA1ABASICS_94,TBASICSLO_94,PTBASICSLO_94,TBASICSAV_94,PTBASICSAV_94,'
    'TBASICSHI_94,PTBASICSHI_94,PBL2BASICS_94,PGL2BASICS_94,PTL2BASICSEAL_94,PTL2BASICSNMOB_94,'
    'PTFSM6CLA1ABASICS_95,PTNOTFSM6CLA1ABASICS_95,TBASICSLO_95,PTBASICSLO_95,TBASICSAV_95,'
    'PTBASICSAV_95,TBASICSHI_95,PTBASICSHI_95,PBL2BASICS_95,PGL2BASICS_95,PTL2BASICSEAL_95,'
    'PTL2BASICSNMOB_95,PTmultiLan_E,PTtripleSci_E,TAVENT_E_3NG_PTQ_EE,TAVENT_E_3NG_LO_PTQ_EE,'
    'TAVENT_E_3NG_MID_PTQ_EE,TAVENT_E_3NG_HI_PTQ_EE,TAVENT_E_3NG_FSM6CLA1A_PTQ_EE,'
    'TAVENT_E_3NG_NFSM6CLA1A_PTQ_EE,TAVENT_G_PTQ_EE,TAVENT_GLO_PTQ_EE,TAVENT_GAV_PTQ_EE,'
    'TAVENT_GHI_PTQ_EE,TAVENT_GFSM6CLA1A_PTQ_EE,TAVENT_GNFSM6CLA1A_PTQ_EE,'
    'TTOTENT_E_TOTAL_PTQ_EE,TTOTENT_E_COVID_IMPACTED_PTQ_EE,PTOTENT_E_COVID_IMPACTED_PTQ_EE,'
    'P8_BANDING'
)
# 85 columns, as in ofsted/ofsted_mi_latest_inspections_sample.csv
OFSTED_HEADER = _columns(
    'Web Link (opens in new window),URN,LAESTAB,School name,Ofsted phase,Type of education,'
    'School open date,Admissions policy,Sixth form,Designated religious character,'
    'Religious ethos,Faith grouping,Ofsted region,Region,Local authority,'
    'Parliamentary constituency,Postcode,Multi-academy trust UID,Multi-academy trust name,'
    'Academy sponsor UID,Academy sponsor name,'
    'The income deprivation affecting children index (IDACI) quintile,Total number of pupils,'
    'Statutory lowest age,Statutory highest age,Inspection number of latest full inspection,'
    'Inspection type,Inspection type grouping,Event type grouping,Inspection start date,'
    'Publication date,Does the latest full inspection relate to the URN of the current school?,'
    'URN at time of latest full inspection,LAESTAB at time of latest full inspection,'
    'School name at time of latest full inspection,'
    'School type at time of latest full inspection,Category of concern,Safeguarding standards,'
    'Safeguarding standards - date of grade,Inclusion,Inclusion - date of grade,'
    'Curriculum and teaching,Curriculum and teaching - date of grade,Achievement,'
    'Achievement - date of grade,Attendance and behaviour,'
    'Attendance and behaviour - date of grade,Personal development and wellbeing,'
    'Personal development and wellbeing - date of grade,Early years (where applicable),'
    'Early years - date of grade,Post-16 provision (where applicable),'
    'Post-16 provision - date of grade,Leadership and governance,'
    'Leadership and governance - date of grade,'
    'Inspection number of latest OEIF graded inspection,'
    'Inspection type of latest OEIF graded inspection,'
    'Inspection type grouping of latest OEIF graded inspection,'
    'Event type grouping of latest OEIF graded inspection,'
    'Inspection start date of latest OEIF graded inspection,'
    'Publication date of latest OEIF graded inspection,'
    'Does the latest OEIF graded inspection relate to the URN of the current school?,'
    'URN at time of latest OEIF graded inspection,'
    'LAESTAB at time of latest OEIF graded inspection,'
    'School name at time of latest OEIF graded inspection,'
    'School type at time of latest OEIF graded inspection,Latest OEIF category of concern,'
    'Latest OEIF overall effectiveness,Latest OEIF quality of education,'
    'Latest OEIF behaviour and attitudes,Latest OEIF personal development,'
    'Latest OEIF effectiveness of leadership and management,'
    'Latest OEIF  safeguarding is effective?,'
    'Latest OEIF early years provision (where applicable),'
    'Latest OEIF sixth form provision (where applicable),Latest ungraded inspection number,'
    'Date of latest ungraded inspection,Ungraded inspection publication date,'
    'Does the ungraded inspection relate to the URN of the current school?,'
    'URN at time of the ungraded inspection,LAESTAB at time of the ungraded inspection,'
    'School name at time of the ungraded inspection,'
    'School type at time of the ungraded inspection,Ungraded inspection overall outcome,'
    'Most recent category of concern'
)
# 23 columns, as in census/2023-2024_919_census.csv
CENSUS_HEADER = _columns(
    'URN,LA,Estab,SCHOOLTYPE,NOR,NORG,NORB,PNORG,PNORB,TSENELSE,PSENELSE,TSENELK,PSENELK,'
    'NUMEAL,NUMENGFL,NUMUNCFL,PNUMEAL,PNUMENGFL,PNUMUNCLF,NUMFSM,NUMFSMEVER,NORFSMEVER,'
    'PNUMFSMEVER'
)
# 5 columns, as in absence/2023-2024_919_abs.csv
ABSENCE_HEADER = _columns(
    'LA,ESTAB,URN,PERCTOT,PPERSABS10'
)
# 10 columns, as in postcodes/postcodes.csv
POSTCODES_HEADER = _columns(
    'postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,'
    'country_string'
)
