"""The fictional Demoshire area: its 30 schools (`SCHOOLS`), each chosen to exercise a case an answer
must handle, and its postcode districts (`DISTRICTS`). Plain data: the writers turn it into files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

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
    q, b, p, lead = judgements or (overall,) * 4
    return Ofsted(graded=Graded(start, published, overall, (q, b, p, lead), **kw))


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
