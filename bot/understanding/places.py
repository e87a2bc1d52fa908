"""Postcodes and postcode districts in free text (UK outward codes, checked against real areas)."""

from __future__ import annotations

import re

# Every UK postcode area (the letters before the first digit).
POSTCODE_AREAS = frozenset(
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC "
    "EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS "
    "LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR "
    "SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE".split()
)
FULL_POSTCODE = re.compile(r"\b([A-Za-z]{1,2}\d[A-Za-z\d]?)\s*(\d[A-Za-z]{2})\b")
DISTRICT = re.compile(r"^([A-Za-z]{1,2})(\d[A-Za-z\d]?)$")


def is_district(word: str) -> bool:
    """True for a postcode district such as GU15, RG22, SW1A or B8."""
    m = DISTRICT.match(word)
    if not m:
        return False
    area, rest = m.group(1).upper(), m.group(2)
    if area not in POSTCODE_AREAS:
        return False
    return len(rest) == 1 or rest[1].isdigit() or area in {"EC", "WC", "SW", "W", "E", "N", "NW", "SE"}


def find_postcode(text: str) -> tuple[str, int, int] | None:
    """The first full postcode in `text` as "GU15 3LJ" with its span, or None."""
    for m in FULL_POSTCODE.finditer(text):
        if is_district(m.group(1)):
            return f"{m.group(1).upper()} {m.group(2).upper()}", m.start(), m.end()
    return None


def district_of(place: str) -> str | None:
    """The postcode district of a full postcode or district ("gu15 3lj" -> "GU15"), else None."""
    place = place.strip()
    m = FULL_POSTCODE.fullmatch(place)
    if m and is_district(m.group(1)):
        return m.group(1).upper()
    if is_district(place):
        return place.upper()
    return None
