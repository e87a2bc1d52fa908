"""A generated full-England GIAS extract (about 50,000 establishments, open and closed) in the
official format, for start-up and scale benchmarks. Every name, town, LA and postcode is made up
here from word parts; no row of a real file is copied.

    python benchmarks/england_gias.py OUT_FOLDER [--size 50000] [--la-codes la_and_region_codes_meta.csv]

writes `edubasealldata20250901.csv` (the 111 columns of a GIAS extract, cp1252, every field
quoted but the numbers, CRLF) and `links_edubasealldata20250901.csv` (predecessor/successor
links) into OUT_FOLDER; the same bytes every run. The mix follows England's register: about 55%
open, primaries most of them (community, church aided/controlled, academies), secondaries,
nurseries, special schools, pupil referral units, independent schools, colleges and children's
centres; the closed rows are mostly the schools that became academies (the same name, linked as
predecessor and successor), amalgamated infant and junior schools, closed independent schools and
children's centres. 150 local authorities (made up, or England's codes and names read from the
DfE's LA code lookup given with --la-codes), each with its made-up towns and localities, postcode districts
of England's postcode areas (given out in turn, not where the real districts lie) and grid
positions inside England. URNs start at 700001 and LA codes avoid 850, 919 and 936, so the extract adds
to the real folder's schools and never renames one.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bot.demo.headers import GIAS_HEADER, LINKS_HEADER
from bot.understanding.places import POSTCODE_AREAS as AREAS

EXTRACT_DATE = date(2025, 9, 1)
FIRST_URN = 700_001
REAL_FOLDER_LAS = {850, 919, 936}  # the LAs of ../shared/data/real: left to the real files
SEED = "schoolbot-england-gias"

# ---- word parts -------------------------------------------------------------------------------
TOWN_START = (
    "Ab Al Ash Ayl Bar Bas Bed Bel Bick Bil Black Bram Brad Brent Brig Bur Cal Cam Can Car Ches "
    "Chip Clay Col Cot Cran Crow Dal Dar Dart Ded Den Dor Dun Ed El Ep Ev Fal Far Fel Fin Fox Frod "
    "Gar God Grant Grim Guil Had Hal Ham Har Has Hat Hav Hen Her Hex Hol Horn Hud Hun Ick Ilk Kel "
    "Ken Kes Ket Kid King Kirk Lan Led Lei Lew Lich Lid Lin Lud Lut Mal Man Mar Mat Mel Mid Mil "
    "Mor Nan New Nor Oak Ock Old Orm Ot Pad Pen Pet Pick Pol Pot Pres Pud Ram Rat Rav Red Rich "
    "Rip Roch Rom Ros Roth Rud Rug Ryd Sal Sand Sax Scar Sed Sel Shaf Shep Sher Shir Sid Skel "
    "Som Spal Stam Stan Stock Stour Strat Sud Sun Sut Swan Tad Tam Taun Tew Thax Thorn Tid Tod "
    "Ton Tot Tow Tring Ux Ver Wad Wal War Wat Wel Wem West Wey Whit Wig Wil Win Wit Wol Wood Wor "
    "Yar Yeo").split()
TOWN_END = (
    "bury borough bridge brook by caster chester combe cote dale den don field ford gate ham "
    "hampton hill hurst ing ington ley lington minster mouth ness over port sey stead stock "
    "stoke stone thorpe ton well wich wick wood worth").split()
TOWN_BEFORE = ("Great", "Little", "Upper", "Lower", "Long", "North", "South", "East", "West",
               "Market", "Kings", "Bishops", "Nether", "High")
RIVERS = ("Avon", "Ouse", "Trent", "Severn", "Tyne", "Wear", "Tees", "Dee", "Exe", "Stour",
          "Test", "Wye", "Lune", "Eden", "Frome", "Colne", "Tame", "Derwent", "Swale", "Ure")
FEATURE_START = (
    "Oak Elm Ash Beech Birch Holly Hazel Willow Meadow Brook Green Hill River Spring Park Wood "
    "Fern Heath Rose Lark King Queen West East North South High Fair Broad Long Mill Church Moor "
    "Orchard Cedar Thorn Bramble Crown Lime Maple Poplar Rowan Yew Sand Stone Lake Field Vale "
    "Glen Bell Deer Fox Kings Swallow Sunny Cherry Apple Bluebell Primrose Heather Larch").split()
FEATURE_END = ("field", "wood", "side", "mead", "lands", "bank", "crest", "hill", "view", "way",
               "dale", "gate", "bridge", "brook", "lea", "croft", "hurst", "ridge", "court",
               "well", "acre", "moor", "park", "grove", "fields", "leigh", "tree", "combe")
SAINTS = (
    "Mary", "John", "Peter", "Paul", "Michael", "Andrew", "George", "James", "Joseph", "Thomas",
    "Anne", "Margaret", "Mark", "Luke", "Matthew", "Patrick", "Bernadette", "Francis", "Teresa",
    "Catherine", "Edmund", "Augustine", "Alban", "Bede", "Chad", "Cuthbert", "Hilda", "Nicholas",
    "Stephen", "Lawrence", "Martin", "Leonard", "Giles", "Helen", "Barnabas", "Bartholomew",
    "Clement", "Dunstan", "Edward", "Gregory", "Hugh", "Jude", "Wilfrid", "Aidan", "Swithun",
    "Oswald", "Botolph", "Lucy", "Agnes", "Monica", "Vincent", "Philip", "Benedict", "Columba",
    "Gabriel", "Osmund", "Birinus", "Winifred", "Anselm", "Dominic", "Mungo", "Piran", "Petroc")
DEDICATIONS = ("Holy Trinity", "Holy Family", "Holy Cross", "Sacred Heart", "Christ Church",
               "All Saints", "Our Lady of Lourdes", "Our Lady of Fatima", "Our Lady Queen of Peace",
               "English Martyrs", "Corpus Christi", "St Mary Magdalene", "Emmanuel", "Good Shepherd",
               "Holy Rood", "Blessed Sacrament", "Trinity", "Bishop Wand", "Christ the King")
SURNAMES = (
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker "
    "White Roberts Green Hall Wood Jackson Clarke Harris Lewis Cooper King Baker Harrison Morgan "
    "Allen Hughes Ward Turner Hill Moore Parker Scott Bell Carter Collins Marshall Bennett Cook "
    "Barnes Fisher Hudson Lawrence Mason Murray Palmer Russell Shaw Stevens Webb Wells Fletcher "
    "Hartley Pearson Knight Butler Burton Holmes Kemp Gardner Dixon Ellis Foster Grant Howard "
    "Lambert Newton Sheldon Tennyson Darwin Brunel Austen Nightingale Faraday Elgar Wordsworth "
    "Keble Wolsey Colet Fairfax Cavendish Latymer Raleigh Drake Harvey Priestley Hampden").split()
FIRST_NAMES = ("John", "William", "Thomas", "Richard", "Henry", "Robert", "Edward", "Charles",
               "Elizabeth", "Margaret", "Mary", "Anne", "Joan", "Alice", "Francis", "Isaac")
BRANDS = ("Aspire", "Horizon", "Unity", "Endeavour", "Compass", "Beacon", "Summit", "Evolve",
          "Pioneer", "Northern Star", "Kingfisher", "Lighthouse", "Meridian", "Phoenix", "Vanguard")
REGIONS = ("North East", "North West", "Yorkshire and the Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West")
RSC = {"London": "North-West London and South-Central England", "South East": "South-East England and South London",
       "South West": "South-West England", "East of England": "East of England and North-East London",
       "East Midlands": "East Midlands and the Humber", "West Midlands": "West Midlands",
       "North West": "Lancashire and West Yorkshire", "North East": "North of England",
       "Yorkshire and the Humber": "East Midlands and the Humber"}
# England's postcode areas (not Scotland's, Wales', Northern Ireland's or the islands')
POSTCODE_AREAS = sorted(AREAS - set("AB BT CF DD DG EH FK G GY HS IM IV JE KA KW KY LD LL ML NP PA PH SA TD "
                                    "ZE".split()))
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters an inward code uses

# GIAS type -> (group, phase override or None, estab number base)
TYPES = {
    "Community school": ("Local authority maintained schools", 2000),
    "Voluntary aided school": ("Local authority maintained schools", 3300),
    "Voluntary controlled school": ("Local authority maintained schools", 3000),
    "Foundation school": ("Local authority maintained schools", 5200),
    "Local authority nursery school": ("Local authority maintained schools", 1000),
    "Academy converter": ("Academies", 2000),
    "Academy sponsor led": ("Academies", 2000),
    "Free schools": ("Free Schools", 2000),
    "Community special school": ("Special schools", 7000),
    "Academy special converter": ("Academies", 7000),
    "Non-maintained special school": ("Special schools", 7000),
    "Pupil referral unit": ("Local authority maintained schools", 1100),
    "Academy alternative provision converter": ("Academies", 1100),
    "Other independent school": ("Independent schools", 6000),
    "Other independent special school": ("Independent schools", 6000),
    "Further education": ("Colleges", 8000),
    "Sixth form centres": ("Colleges", 8000),
    "Children's centre": ("Children's Centres", 9000),
    "Higher education institutions": ("Universities", 8800),
}

# How many open establishments of each kind per 50,000 rows: (type, phase, count).
OPEN_MIX = [
    ("Community school", "Primary", 5400), ("Voluntary aided school", "Primary", 1850),
    ("Voluntary controlled school", "Primary", 1800), ("Foundation school", "Primary", 350),
    ("Academy converter", "Primary", 5300), ("Academy sponsor led", "Primary", 1500),
    ("Free schools", "Primary", 300), ("Community school", "Secondary", 250),
    ("Voluntary aided school", "Secondary", 150), ("Foundation school", "Secondary", 120),
    ("Academy converter", "Secondary", 1800), ("Academy sponsor led", "Secondary", 700),
    ("Free schools", "Secondary", 250), ("Academy converter", "All-through", 120),
    ("Free schools", "All-through", 40), ("Community school", "Middle deemed secondary", 80),
    ("Academy converter", "Middle deemed primary", 70), ("Local authority nursery school", "Nursery", 380),
    ("Community special school", "Not applicable", 900), ("Academy special converter", "Not applicable", 420),
    ("Non-maintained special school", "Not applicable", 55), ("Pupil referral unit", "Not applicable", 200),
    ("Academy alternative provision converter", "Not applicable", 150),
    ("Other independent school", "Not applicable", 1750), ("Other independent school", "Primary", 200),
    ("Other independent school", "Secondary", 120), ("Other independent special school", "Not applicable", 650),
    ("Further education", "16 plus", 180), ("Sixth form centres", "16 plus", 90),
    ("Children's centre", "Not applicable", 450), ("Higher education institutions", "Not applicable", 90),
]
# Closed rows besides the academies' predecessors: (type, phase, share of the rest).
CLOSED_MIX = [
    ("Community school", "Primary", 1500), ("Community school", "Secondary", 500),
    ("Voluntary controlled school", "Primary", 400), ("Other independent school", "Not applicable", 4200),
    ("Other independent special school", "Not applicable", 500), ("Children's centre", "Not applicable", 2900),
    ("Pupil referral unit", "Not applicable", 300), ("Further education", "16 plus", 150),
]
RATINGS = ("Outstanding", "Good", "Good", "Good", "Good", "Requires improvement", "Inadequate")


@dataclass
class Area:
    """A local authority: its code, name, region, county, towns and postcode districts."""

    code: int
    name: str
    region: str
    county: str
    centre: tuple[int, int]
    towns: list[tuple[str, str, tuple[int, int]]] = field(default_factory=list)  # name, district, at
    localities: dict[str, list[str]] = field(default_factory=dict)
    estab: dict[int, int] = field(default_factory=dict)  # number base -> next free


@dataclass
class Row:
    """One establishment before it is written as GIAS cells."""

    urn: int
    area: Area
    town: tuple[str, str, tuple[int, int]]
    name: str
    type_name: str
    phase: str
    is_open: bool
    opened: date | None = None
    closed: date | None = None
    close_reason: str = ""
    link: tuple[int, str] | None = None  # (URN, "Successor" | "Predecessor" ...)
    religion: str = "Does not apply"
    gender: str = "Mixed"


class Generator:
    """Builds the rows; every choice comes from one seeded random source, in a fixed order."""

    def __init__(self, size: int, la_codes: dict[int, tuple[str, str]] | None = None) -> None:
        self.rng = random.Random(SEED)
        self.scale = size / 50_000
        self.used_towns: set[str] = set()
        self.names_in_town: set[tuple[str, str]] = set()
        self.areas = self._areas(la_codes)
        self.rows: list[Row] = []
        self.next_urn = FIRST_URN

    # ---- places -------------------------------------------------------------------------------
    def _word(self) -> str:
        return self.rng.choice(TOWN_START) + self.rng.choice(TOWN_END)

    def _town_name(self) -> str:
        while True:
            r = self.rng.random()
            base = self._word()
            if r < 0.10:
                name = f"{self.rng.choice(TOWN_BEFORE)} {base}"
            elif r < 0.14:
                name = f"{base}-on-{self.rng.choice(RIVERS)}"
            elif r < 0.16:
                name = f"{base} upon {self.rng.choice(RIVERS)}"
            elif r < 0.18:
                name = f"{base} St {self.rng.choice(SAINTS)}"
            else:
                name = base
            if name not in self.used_towns:
                self.used_towns.add(name)
                return name

    def _areas(self, la_codes: dict[int, tuple[str, str]] | None) -> list[Area]:
        rng = self.rng
        codes = [c for c in (*range(201, 214), *range(301, 321), *range(330, 395), *range(800, 939))
                 if c not in REAL_FOLDER_LAS]
        codes = sorted(c for c in la_codes if c not in REAL_FOLDER_LAS) if la_codes else sorted(rng.sample(codes, 150))
        areas: list[Area] = []
        postcode_areas = itertools.cycle(POSTCODE_AREAS)
        area_code, district_no = next(postcode_areas), 1
        for code in codes:
            region = REGIONS[(code * 7) % len(REGIONS)] if code >= 800 else (
                "London" if code < 330 else rng.choice(REGIONS[:6]))
            head = self._town_name()
            kind = rng.random()
            name = (f"{head}shire" if kind < 0.25 and not head.endswith(("shire", "s")) else
                    f"City of {head}" if kind < 0.30 else
                    f"{head} and {self._town_name()}" if kind < 0.38 else head)
            if la_codes:
                name, region = la_codes[code]
            county = name if code >= 800 and kind < 0.3 else "Not applicable"
            centre = (rng.randrange(180_000, 640_000), rng.randrange(40_000, 640_000))
            area = Area(code, name, region, county, centre)
            n_towns = max(3, int(rng.gauss(40, 15) * max(self.scale, 0.05)))
            for _ in range(n_towns):
                if district_no > 30:
                    area_code, district_no = next(postcode_areas), 1
                district = f"{area_code}{district_no}"
                district_no += 1
                at = (centre[0] + rng.randrange(-20_000, 20_000), centre[1] + rng.randrange(-20_000, 20_000))
                town = self._town_name() if area.towns or kind >= 0.25 else head
                area.towns.append((town, district, at))
                area.localities[town] = [self._feature() for _ in range(rng.randrange(0, 4))]
            areas.append(area)
        return areas

    def _feature(self) -> str:
        return self.rng.choice(FEATURE_START) + self.rng.choice(FEATURE_END)

    # ---- names --------------------------------------------------------------------------------
    def _primary_name(self, town: str, type_name: str) -> tuple[str, str]:
        """(name, religious character) of a primary school of this type."""
        rng = self.rng
        r = rng.random()
        kind = rng.choices(("Primary", "Infant", "Junior", "First", "Church"), (70, 11, 10, 3, 6))[0]
        kind = "Primary" if kind == "Church" else kind
        if type_name in ("Voluntary aided school", "Voluntary controlled school") or r < 0.12:
            catholic = type_name == "Voluntary aided school" and rng.random() < 0.45
            if catholic:
                who = (f"St {rng.choice(SAINTS)}'s" if rng.random() < 0.7 else rng.choice(DEDICATIONS))
                return f"{who} Catholic {kind} School", "Roman Catholic"
            ce = rng.choice(("CofE", "Church of England", "C of E", "CE", "Church of England (Aided)",
                             "C of E (VC)", "CE (VA)", "Methodist"))
            who = (f"St {rng.choice(SAINTS)}'s" if rng.random() < 0.4 else
                   rng.choice(DEDICATIONS) if rng.random() < 0.3 else town)
            return f"{who} {ce} {kind} School", "Methodist" if ce == "Methodist" else "Church of England"
        if type_name.startswith(("Academy", "Free")) and rng.random() < 0.45:
            if rng.random() < 0.35:
                return f"{rng.choice(BRANDS)} Academy {self._feature()}", "Does not apply"
            return f"{self._feature()} {kind} Academy", "Does not apply"
        if r < 0.55:
            extra = rng.choice(("", "", "", " Community", " County", " Village"))
            return f"{town}{extra} {kind} School", "Does not apply"
        if r < 0.62:
            return f"{town} {self._feature()} {kind} School", "Does not apply"
        return f"{self._feature()} {kind} School", "Does not apply"

    def _secondary_name(self, town: str, type_name: str) -> tuple[str, str, str]:
        """(name, religious character, gender) of a secondary school."""
        rng = self.rng
        gender = rng.choices(("Mixed", "Girls", "Boys"), (92, 5, 3))[0]
        if type_name == "Voluntary aided school" or rng.random() < 0.12:
            if rng.random() < 0.5:
                return (f"{rng.choice(('St', 'Saint'))} {rng.choice(SAINTS)}'s Catholic "
                        f"{rng.choice(('High School', 'School', 'College', 'Academy'))}", "Roman Catholic", gender)
            who = rng.choice((f"Bishop {rng.choice(SURNAMES)}", f"St {rng.choice(SAINTS)}'s", town,
                              rng.choice(DEDICATIONS)))
            return f"{who} Church of England {rng.choice(('School', 'Academy', 'High School'))}", \
                "Church of England", gender
        suffix = {"Girls": " for Girls", "Boys": " for Boys"}.get(gender, "")
        pattern = rng.choices(range(8), (22, 15, 14, 8, 10, 10, 9, 12))[0]
        name = [f"{town} High School", f"{town} School", f"{town} Academy", f"{town} Community College",
                f"The {rng.choice(SURNAMES)} School", f"{rng.choice(SURNAMES)} Academy",
                f"{rng.choice(BRANDS)} Academy {town}",
                f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)} {rng.choice(('School', 'Academy', 'College'))}",
                ][pattern]
        if gender != "Mixed" and rng.random() < 0.5:
            name = f"{town} {'Girls' if gender == 'Girls' else 'Boys'} Grammar School"
            suffix = ""
        return name + suffix, "Does not apply", gender

    def _other_name(self, town: str, type_name: str, phase: str) -> str:
        rng = self.rng
        if type_name == "Local authority nursery school":
            return f"{rng.choice((town, self._feature()))} Nursery School"
        if "special" in type_name.lower() and "independent" not in type_name:
            return rng.choice((f"{self._feature()} School", f"{self._feature()} Special School",
                               f"{self._feature()} Academy", f"{town} {self._feature()} School"))
        if type_name in ("Pupil referral unit", "Academy alternative provision converter"):
            return rng.choice((f"{town} Pupil Referral Unit", f"{self._feature()} Centre",
                               f"{town} Alternative Provision Academy", f"{self._feature()} Short Stay School"))
        if "independent" in type_name.lower():
            return rng.choice((f"{self._feature()} School", f"{town} Preparatory School",
                               f"{self._feature()} House School", f"{town} Montessori School",
                               f"{rng.choice(SURNAMES)} College", f"{self._feature()} Hall",
                               f"{town} Steiner School", f"The {self._feature()} School",
                               f"{self._feature()} Independent School", f"{town} Day Nursery",
                               f"{self._feature()} Grange School", f"{rng.choice(SURNAMES)}'s School"))
        if type_name == "Children's centre":
            return rng.choice((f"{town} Children's Centre", f"{self._feature()} Children's Centre",
                               f"{town} Sure Start Children's Centre"))
        if type_name == "Higher education institutions":
            return f"University of {town}"
        if type_name == "Sixth form centres":
            return f"{town} Sixth Form College"
        return rng.choice((f"{town} College", f"{town} College of Further Education", f"{rng.choice(SURNAMES)} College"))

    # ---- rows ---------------------------------------------------------------------------------
    def _urn(self) -> int:
        urn, self.next_urn = self.next_urn, self.next_urn + 1
        return urn

    def _date(self, start: int, end: int) -> date:
        return date(start, 1, 1) + timedelta(days=self.rng.randrange((date(end, 1, 1) - date(start, 1, 1)).days))

    def _place(self) -> tuple[Area, tuple[str, str, tuple[int, int]]]:
        area = self.rng.choice(self.areas)
        # a few big towns hold many schools: the first towns of an area are chosen more often
        town = area.towns[min(int(self.rng.expovariate(1 / 10)), len(area.towns) - 1)]
        return area, town

    def _name(self, town: str, type_name: str, phase: str) -> tuple[str, str, str]:
        for _ in range(20):  # no two schools of one town share a name (as GIAS has it, mostly)
            religion, gender = "Does not apply", "Mixed"
            if phase in ("Primary", "Middle deemed primary") and "independent" not in type_name:
                name, religion = self._primary_name(town, type_name)
            elif phase in ("Secondary", "All-through", "Middle deemed secondary") and "independent" not in type_name:
                name, religion, gender = self._secondary_name(town, type_name)
            else:
                name = self._other_name(town, type_name, phase)
            if (town, name) not in self.names_in_town:
                break
        self.names_in_town.add((town, name))
        return name, religion, gender

    def build(self) -> list[Row]:
        rng = self.rng
        for type_name, phase, count in OPEN_MIX:
            for _ in range(round(count * self.scale)):
                area, town = self._place()
                name, religion, gender = self._name(town[0], type_name, phase)
                row = Row(self._urn(), area, town, name, type_name, phase, True, religion=religion, gender=gender)
                if type_name.startswith("Academy") or type_name == "Free schools":
                    row.opened = self._date(2011, 2025)
                elif rng.random() < 0.1:
                    row.opened = self._date(1990, 2025)
                self.rows.append(row)
                if type_name.startswith("Academy") and type_name != "Academy sponsor led" or (
                        type_name == "Academy sponsor led" and rng.random() < 0.8):
                    self._predecessor(row)
                elif phase == "Primary" and " Primary " in name and rng.random() < 0.06:
                    self._amalgamated(row)
        # the other closed rows make up the size asked for, in CLOSED_MIX's proportions
        left = max(0, round(50_000 * self.scale) - len(self.rows))
        weights = sum(count for _, _, count in CLOSED_MIX)
        counts = [left * count // weights for _, _, count in CLOSED_MIX]
        counts[0] += left - sum(counts)
        for (type_name, phase, _), count in zip(CLOSED_MIX, counts):
            for _ in range(count):
                area, town = self._place()
                name, religion, gender = self._name(town[0], type_name, phase)
                opened = self._date(1980, 2015) if rng.random() < 0.4 else None
                self.rows.append(Row(self._urn(), area, town, name, type_name, phase, False,
                                     opened=opened, closed=self._date(2000, 2025),
                                     close_reason=rng.choice(("Closure", "Other", "Result of Amalgamation/Merger",
                                                              "For Reorganisation")),
                                     religion=religion, gender=gender))
        return self.rows

    def _predecessor(self, academy: Row) -> None:
        """The maintained school an academy replaced: mostly the same name, now closed."""
        rng = self.rng
        name = academy.name
        if rng.random() < 0.3:
            name = name.replace(" Academy", " School") if " Academy" in name else name.replace(" School", " Academy")
        if rng.random() < 0.15:
            name, _ = self._primary_name(academy.town[0], "Community school") if academy.phase == "Primary" \
                else (f"{academy.town[0]} {rng.choice(('High School', 'Community School', 'School'))}", None)
        before = academy.opened or EXTRACT_DATE
        old = Row(self._urn(), academy.area, academy.town, name,
                  "Community school" if "special" not in academy.type_name else "Community special school",
                  academy.phase, False, closed=before - timedelta(days=1),
                  close_reason="Academy Converter" if "converter" in academy.type_name else "Academy Sponsor Led",
                  religion=academy.religion, gender=academy.gender)
        old.link, academy.link = (academy.urn, "Successor"), (old.urn, "Predecessor")
        self.rows.append(old)

    def _amalgamated(self, primary: Row) -> None:
        """An infant and a junior school merged into this primary school."""
        primary.opened = primary.opened or self._date(2000, 2024)
        for kind in ("Infant", "Junior"):
            name = primary.name.replace(" Primary ", f" {kind} ")
            old = Row(self._urn(), primary.area, primary.town, name, "Community school", "Primary", False,
                      closed=primary.opened - timedelta(days=1), close_reason="Result of Amalgamation/Merger",
                      religion=primary.religion)
            old.link = (primary.urn, "Successor - amalgamated")
            primary.link = primary.link or (old.urn, "Predecessor - amalgamated")
            self.rows.append(old)


# ---- writing ----------------------------------------------------------------------------------
UNQUOTED = {"URN", "StatutoryLowAge", "StatutoryHighAge", "SchoolCapacity", "UKPRN", "Easting", "Northing"}
AGES = {"Primary": (4, 11), "Secondary": (11, 16), "All-through": (4, 18), "Nursery": (2, 5),
        "Middle deemed primary": (8, 12), "Middle deemed secondary": (9, 13), "16 plus": (16, 99),
        "Not applicable": (5, 19)}


def _dmy(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def _cells(row: Row, rng: random.Random, estab: int) -> dict[str, str]:
    group, _ = TYPES[row.type_name]
    low, high = AGES[row.phase]
    if row.phase == "Primary" and " Infant " in row.name:
        high = 7
    elif row.phase == "Primary" and " Junior " in row.name:
        low = 7
    if row.phase == "Secondary" and rng.random() < 0.55:
        high = 18
    school = group not in ("Children's Centres", "Universities", "Colleges")
    capacity = {"Primary": rng.randrange(60, 700), "Secondary": rng.randrange(500, 2000)}.get(
        row.phase, rng.randrange(30, 400)) if school else None
    pupils = int(capacity * rng.uniform(0.6, 1.1)) if capacity and row.is_open else None
    girls = None if pupils is None else (pupils if row.gender == "Girls" else 0 if row.gender == "Boys"
                                         else int(pupils * rng.uniform(0.45, 0.55)))
    e, n = row.town[2]
    placed = rng.random() > 0.02
    district = row.town[1]
    postcode = f"{district} {rng.randrange(1, 10)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    locality = rng.choice(row.area.localities[row.town[0]] or [""]) if rng.random() < 0.4 else ""
    rated = row.is_open and school and "independent" not in row.type_name.lower() and rng.random() < 0.9
    changed = row.closed if row.closed else EXTRACT_DATE - timedelta(days=int(rng.expovariate(1 / 200)))
    changed = min(changed, EXTRACT_DATE)
    sixth = ("Has a sixth form" if high >= 18 and row.phase in ("Secondary", "All-through")
             else "Does not have a sixth form" if school else "Not applicable")
    status = "Open" if row.is_open else "Closed"
    if row.is_open and rng.random() < 0.004:
        status = "Open, but proposed to close"
    link = f"{row.link[0]} {row.link[1]}" if row.link else "Does not have links"
    slug = "".join(c for c in row.name.lower() if c.isalnum() or c == " ").replace(" ", "")
    return {
        "URN": str(row.urn), "LA (code)": str(row.area.code), "LA (name)": row.area.name,
        "EstablishmentNumber": str(estab) if school else "",
        "EstablishmentName": row.name, "TypeOfEstablishment (name)": row.type_name,
        "EstablishmentTypeGroup (name)": group, "EstablishmentStatus (name)": status,
        "ReasonEstablishmentOpened (name)": "Academy Converter" if row.type_name == "Academy converter"
        else "New Provision" if row.opened else "Not applicable",
        "OpenDate": _dmy(row.opened), "ReasonEstablishmentClosed (name)": row.close_reason or "Not applicable",
        "CloseDate": _dmy(row.closed), "PhaseOfEducation (name)": row.phase,
        "StatutoryLowAge": str(low) if school else "", "StatutoryHighAge": str(high) if school else "",
        "Boarders (name)": "No boarders" if school else "Not applicable",
        "NurseryProvision (name)": rng.choice(("Has Nursery Classes", "No Nursery Classes"))
        if row.phase == "Primary" else "Not applicable",
        "OfficialSixthForm (name)": sixth, "Gender (name)": row.gender if school else "Not applicable",
        "ReligiousCharacter (name)": row.religion,
        "ReligiousEthos (name)": "Does not apply" if row.religion == "Does not apply" else row.religion,
        "Diocese (name)": "Not applicable",
        "AdmissionsPolicy (name)": ("Selective" if "Grammar" in row.name else "Non-selective")
        if row.phase == "Secondary" else "Not applicable",
        "SchoolCapacity": "" if capacity is None else str(capacity),
        "SpecialClasses (name)": "No Special Classes" if school else "Not applicable",
        "CensusDate": "16-01-2025" if pupils is not None else "",
        "NumberOfPupils": "" if pupils is None else str(pupils),
        "NumberOfBoys": "" if pupils is None else str(pupils - girls),
        "NumberOfGirls": "" if girls is None else str(girls),
        "PercentageFSM": "" if pupils is None else f"{rng.uniform(2, 55):.1f}",
        "TrustSchoolFlag (name)": "Supported by a multi-academy trust"
        if row.type_name.startswith("Academy") else "Not applicable",
        "Trusts (name)": f"{rng.choice(BRANDS)} Learning Trust".upper() if row.type_name.startswith("Academy") else "",
        "SchoolSponsorFlag (name)": "Not applicable", "FederationFlag (name)": "Not under a federation",
        "UKPRN": str(10_000_000 + row.urn) if row.is_open else "",
        "FurtherEducationType (name)": "Not applicable",
        "OfstedLastInsp": _dmy(EXTRACT_DATE - timedelta(days=rng.randrange(30, 2500))) if rated else "",
        "LastChangedDate": _dmy(changed),
        "Street": f"{rng.randrange(1, 200)} {rng.choice(FEATURE_START)} {rng.choice(('Road', 'Lane', 'Street', 'Avenue', 'Close', 'Way'))}",
        "Locality": locality, "Address3": "", "Town": row.town[0], "County (name)": row.area.county,
        "Postcode": postcode,
        "SchoolWebsite": f"www.{slug}.example.sch.uk" if row.is_open and school else "",
        "TelephoneNum": f"01{rng.randrange(100_000_000, 999_999_999)}" if row.is_open and school else "",
        "HeadTitle (name)": rng.choice(("Mr", "Mrs", "Ms", "Miss", "Dr")) if row.is_open and school else "",
        "HeadFirstName": rng.choice(FIRST_NAMES) if row.is_open and school else "",
        "HeadLastName": rng.choice(SURNAMES) if row.is_open and school else "",
        "HeadPreferredJobTitle": "Headteacher" if row.is_open and school else "",
        "GOR (name)": row.area.region, "DistrictAdministrative (name)": row.area.name,
        "AdministrativeWard (name)": f"{row.town[0]} {rng.choice(('Central', 'North', 'South', 'East', 'West'))}",
        "ParliamentaryConstituency (name)": f"{row.town[0]} and {row.area.name}",
        "UrbanRural (name)": rng.choice(("(England/Wales) Urban city and town", "(England/Wales) Rural village",
                                         "(England/Wales) Urban major conurbation")),
        "GSSLACode (name)": f"E{(6 if row.area.code < 800 else 10):02d}{row.area.code:06d}",
        "Easting": str(e + rng.randrange(-3000, 3000)) if placed else "",
        "Northing": str(n + rng.randrange(-3000, 3000)) if placed else "",
        "OfstedRating (name)": rng.choice(RATINGS) if rated else "",
        "RSCRegion (name)": RSC[row.area.region], "Country (name)": "United Kingdom",
        "Linked establishments": link,
    }


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def extract_text(rows: list[Row]) -> str:
    """The extract's text: every field quoted but the numbers (blank ones quoted too), CRLF."""
    rng = random.Random(f"{SEED}:cells")
    lines = [",".join(_quote(c) for c in GIAS_HEADER)]
    estab: dict[tuple[int, int], int] = {}
    for row in sorted(rows, key=lambda r: r.urn):
        base = TYPES[row.type_name][1] + (2000 if row.phase == "Secondary" and TYPES[row.type_name][1] == 2000 else 0)
        number = estab[(row.area.code, base)] = estab.get((row.area.code, base), base) + 1
        values = _cells(row, rng, number)
        lines.append(",".join(v if col in UNQUOTED and v else _quote(v)
                              for col in GIAS_HEADER for v in (values.get(col, ""),)))
    return "\r\n".join(lines) + "\r\n"


def links_text(rows: list[Row]) -> str:
    """The links file: each link in both directions, by URN."""
    by_urn = {r.urn: r for r in rows}
    lines = [",".join(_quote(c) for c in LINKS_HEADER)]
    pairs = []
    for r in rows:
        if r.link and "Successor" in r.link[1]:
            new = by_urn[r.link[0]]
            when = _dmy(r.closed + timedelta(days=1) if r.closed else new.opened)
            kind = r.link[1].replace("Successor", "").strip()
            pairs.append((r.urn, new.urn, new.name, r.link[1], when))
            pairs.append((new.urn, r.urn, r.name, f"Predecessor {kind}".strip(), when))
    for urn, other, name, kind, when in sorted(pairs):
        lines.append(f'{urn},{other},{_quote(name)},{_quote(kind)},{_quote(when)}')
    return "\r\n".join(lines) + "\r\n"


def read_la_codes(path: Path) -> dict[int, tuple[str, str]]:
    """LA code -> (name, region) from the DfE's LA code lookup (LEA, LA Name, REGION NAME)."""
    out = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            region = re.sub(r" [A-D]$", "", row["REGION NAME"].strip())
            region = "London" if region.startswith("London") else \
                "Yorkshire and the Humber" if "Yorkshire" in region else region
            out[int(row["LEA"])] = (row["LA Name"].strip(), region)
    return out


def write(folder: Path, size: int = 50_000, la_codes: Path | None = None) -> list[Path]:
    """Write the extract and its links file into `folder`; return their paths. With `la_codes`
    (the DfE's LA code lookup), the local authorities are England's, by code and name."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = Generator(size, read_la_codes(la_codes) if la_codes else None).build()
    extract = folder / f"edubasealldata{EXTRACT_DATE:%Y%m%d}.csv"
    links = folder / f"links_edubasealldata{EXTRACT_DATE:%Y%m%d}.csv"
    extract.write_bytes(extract_text(rows).encode("cp1252"))
    links.write_bytes(links_text(rows).encode("cp1252"))
    return [extract, links]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--size", type=int, default=50_000, help="about how many establishments")
    parser.add_argument("--la-codes", type=Path, help="the DfE LA code lookup (la_and_region_codes_meta.csv): "
                        "England's LA codes and names instead of made-up ones")
    args = parser.parse_args(argv)
    for path in write(args.folder, args.size, args.la_codes):
        print(path, file=sys.stderr)


if __name__ == "__main__":
    main()
