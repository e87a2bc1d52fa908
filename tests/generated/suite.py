"""A generated robustness suite: question templates for every intent and slot, real school names
from the records, and the noise model of tests/generated/noise.py.

Each question knows its school, intent, measure and years, so the test can say, per noise class
and per slot, how often the answer is about the right school (or asks which one, offering it),
never about another school, and reads the measure and years asked.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from tests.generated.noise import NOISE, run_together

# (template, intent, measure, phases it suits: "primary" | "secondary" | "any")
TEMPLATES: list[tuple[str, str, str | None, str]] = [
    ("is {name} any good", "overview", None, "any"),
    ("what's {name} like?", "overview", None, "any"),
    ("tell me about {name}", "overview", None, "any"),
    ("{name}", "overview", None, "any"),
    ("{name} ofsted", "inspection", None, "any"),
    ("what did ofsted say about {name}", "inspection", None, "any"),
    ("when was {name} last inspected", "inspection", "inspection_date", "any"),
    ("{name} ofsted rating please", "inspection", None, "any"),
    ("how did {name} do in gcses", "results", None, "secondary"),
    ("{name} gcse results", "results", None, "secondary"),
    ("{name} progress 8", "results", "progress_8", "secondary"),
    ("what is {name}'s attainment 8", "results", "attainment_8", "secondary"),
    ("{name} grade 5 in english and maths", "results", "grade_5_em", "secondary"),
    ("how many get grade 4 english and maths at {name}", "results", "grade_4_em", "secondary"),
    ("{name} ebacc entry", "results", "ebacc", "secondary"),
    ("{name} results {year}", "results", None, "secondary"),
    ("{name} progress 8 {year}", "results", "progress_8", "secondary"),
    ("is {name} getting better?", "results", None, "any"),
    ("how do disadvantaged pupils do at {name}", "results", "disadvantaged", "any"),
    ("where do {name} pupils go after year 11", "results", "destinations", "secondary"),
    ("{name} sats results", "results", None, "primary"),
    ("how did year 6 do at {name}", "results", None, "primary"),
    ("{name} ks2 results {year}", "results", None, "primary"),
    ("{name} reading progress score", "results", "ks2_progress", "primary"),
    ("what % meet the expected standard at {name}", "results", "ks2_expected", "primary"),
    ("how many pupils at {name}", "pupils", "pupil_numbers", "any"),
    ("does {name} have a sixth form", "pupils", "sixth_form", "secondary"),
    ("how many children get free school meals at {name}", "pupils", "fsm", "any"),
    ("how many kids have english as a second language at {name}", "pupils", "eal", "any"),
    ("{name} absence rate", "pupils", "absence", "any"),
    ("is {name} a church school", "pupils", "religious_character", "any"),
    ("{name} phone number", "contact", "phone", "any"),
    ("address of {name}", "contact", "address", "any"),
    ("who is the head teacher at {name}", "contact", "headteacher", "any"),
    ("{name} website", "contact", "website", "any"),
    ("how do i apply to {name}", "admissions", None, "any"),
    ("is {name} a grammar school", "admissions", "admissions_policy", "secondary"),
]
YEAR_FORMS = ["{y1}/{y2}", "{y}", "{y1}-{y2}", "in {y}", "{y1}/{y}"]
YEARS = [2017, 2018, 2019, 2024]
NAME_SUFFIXES = re.compile(r"\s+(School|Academy)$")


@dataclass
class School:
    urn: int
    name: str
    phase: str  # primary | secondary


@dataclass
class Generated:
    text: str
    urn: int
    intent: str
    measure: str | None
    years: list[int] = field(default_factory=list)
    noise: str = "clean"
    template: str = ""


def _year_text(rng: random.Random) -> tuple[str, int]:
    y = rng.choice(YEARS)
    form = rng.choice(YEAR_FORMS)
    return form.format(y=y, y1=y - 1, y2=str(y)[-2:]), y


def _name_form(school: School, rng: random.Random) -> str:
    short = NAME_SUFFIXES.sub("", school.name)
    return short if short != school.name and len(short.split()) >= 2 and rng.random() < 0.3 else school.name


def generate(schools: list[School], per_school: int, seed: int = 7) -> list[Generated]:
    """`per_school` questions for each school: a template that suits its phase, a form of its
    name and one noise class (evenly spread)."""
    rng = random.Random(seed)
    noises = list(NOISE) + ["run_together"]
    out: list[Generated] = []
    k = 0
    for school in schools:
        fitting = [t for t in TEMPLATES if t[3] in ("any", school.phase)]
        for template, intent, measure, _ in rng.sample(fitting, min(per_school, len(fitting))):
            name = _name_form(school, rng)
            years: list[int] = []
            year_text = ""
            if "{year}" in template:
                year_text, y = _year_text(rng)
                years = [y]
            text = template.format(name=name, year=year_text)
            noise = noises[k % len(noises)]
            k += 1
            if noise == "run_together":
                noisy = run_together(text, rng, name)
                noise = "run_together" if noisy != text else "clean"
                text = noisy
            else:
                text = NOISE[noise](text, rng)
            out.append(Generated(text, school.urn, intent, measure, years, noise, template))
    return out
