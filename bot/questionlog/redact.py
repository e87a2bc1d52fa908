"""Redaction of personal data from question text before it is stored.

Conservative rules, applied in order: e-mail addresses, Telegram @handles, dates of birth,
UK phone numbers (+44, 07…, landlines with spaces or brackets), house-number street addresses,
full postcodes (cut to their
district: "RG22 4AB" -> "RG22"), children's and parents' names where a phrase gives them away
("my son Jack", "my daughter is called Amy", "for Olivia who has autism", "my name is …"), and
named medical conditions (-> "[condition]"; "SEN" and "EHCP" stay, they are what is asked about).
Over-redaction is accepted; a name in no such phrase is not detectable and stays.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z]\w{3,31}\b")
DOB = re.compile(
    r"\b(born(?:\s+on)?|d\.?o\.?b\.?:?|date of birth(?:\s+is)?:?)\s+"
    r"(\d{1,2}(?:st|nd|rd|th)?[\s/.-]+(?:\d{1,2}|[A-Za-z]{3,9})[\s/.-]+\d{2,4})",
    re.IGNORECASE,
)
# +44 7700 900123, +44 (0)118 496 0000, 07700 900123, (0118) 496 0000, 020-7946-0000, 0800 123 456
PHONE = re.compile(r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d[\d\s()-]{7,13}\d(?!\w)")
AREAS = (  # the UK's postcode areas: an outward code must start with one of these
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY "
    "E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE "
    "LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL "
    "SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
).split()
ADDRESS = re.compile(
    r"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?i:street|st|road|rd|lane|ln|avenue|ave|close|"
    r"drive|dr|way|crescent|gardens|place|court|terrace|grove|mews)\b\.?"
)
POSTCODE = re.compile(
    rf"\b((?:{'|'.join(sorted(AREAS, key=len, reverse=True))})\d[A-Z\d]?)\s*(\d[ABD-HJLNP-UW-Z]{{2}})\b",
    re.IGNORECASE,
)

KIN = (
    r"(?:son|daughter|child|kid|boy|girl|twins?|grandson|granddaughter|grandchild|stepson|"
    r"stepdaughter|step-son|step-daughter|nephew|niece|little one|eldest|youngest|oldest|sons|"
    r"daughters|children|kids)"
)
AGE = r"(?:\d{1,2}\s*(?:-|\s)?\s*(?:year|yr)s?\s*(?:-|\s)?\s*old\s+)?"
NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
# Capitalised words that follow these phrases without being names.
NOT_NAMES = {
    "Is", "Has", "Was", "Will", "Would", "Who", "And", "But", "Or", "Goes", "Went", "Starts", "Needs",
    "Wants", "Can", "Could", "Should", "Might", "May", "Does", "Did", "Age", "Aged", "Year", "Years",
    "In", "At", "To", "From", "With", "For", "The", "A", "An", "I", "We", "He", "She", "They", "It",
    "Currently", "Also", "Just", "Really", "Still", "Starting", "Going", "Moving", "Attends",
    "Autism", "Reception", "Nursery", "Primary", "Secondary", "School", "Sixth", "Form", "Next",
    "This", "That", "Please", "Thanks", "Hi", "Hello", "Not", "So", "Now", "Here", "There", "Looking",
    "Interested", "Worried", "Wondering", "Trying", "New", "St", "Saint", "Mr", "Mrs", "Ms", "Miss",
    "Dr", "Sen", "Send", "Ehcp", "Adhd", "Which", "What", "When", "Where", "Why", "How", "If",
}
# Lower-case words that, right after a child's name, show the word before them was a name.
AFTER_NAME = r"(?:is|has|was|will|goes|who|and|starts|needs|attends|currently|gets|loves)"

KIN_NAMES = re.compile(
    rf"\b((?i:my|our|his|her|their)\s+{AGE}(?i:(?:little|baby|young|older|younger|eldest|youngest|oldest)\s+)?"
    rf"(?i:{KIN})\s*,?\s+)({NAME}(?:\s*(?:,|and|&)\s*{NAME})*)",
)
KIN_LOWER = re.compile(
    rf"\b((?:my|our)\s+{AGE}{KIN}\s*,?\s+)([a-z]{{3,}})(?=\s+{AFTER_NAME}\b)",
    re.IGNORECASE,
)
CALLED = re.compile(
    rf"(\b{KIN}\b[^.?!\n]{{0,30}}?\b(?:called|named|name is|name's)\s+)({NAME})", re.IGNORECASE
)
NAME_IS = re.compile(rf"\b((?:his|her|their)\s+names?\s+(?:is|are)\s+)({NAME})", re.IGNORECASE)
SELF_NAME = re.compile(rf"\b((?i:my name is|my name's|I'm|I am|this is)\s+)({NAME})")
FOR_WHO = re.compile(
    rf"\b((?i:for|with|about|help|helping)\s+)({NAME})(?=\s*,?\s+(?:who|as (?:she|he|they)|because (?:she|he|they)|(?:she|he)'s|(?:is|has) (?:autism|autistic|adhd|dyslexi|special|sen)))"
)

CONDITIONS = re.compile(
    r"\b(autism|autistic|asd|asc|adhd|add|dyslexia|dyslexic|dyspraxia|dyspraxic|dyscalculia|"
    r"epilepsy|epileptic|diabetes|diabetic|asthma|asthmatic|cerebral palsy|down'?s syndrome|"
    r"spina bifida|cystic fibrosis|tourette'?s|ocd|anxiety|depression|selective mutism|"
    r"pda|pathological demand avoidance|hearing impair\w*|visual impair\w*|deaf|blind|"
    r"leukaemia|cancer|allerg(?:y|ies|ic)|anaphylaxis|global developmental delay|"
    r"speech and language (?:delay|disorder)|sensory processing disorder|spd|fasd|odd)\b",
    re.IGNORECASE,
)


def _names(match: re.Match, group: int = 2) -> str:
    """Replace the name(s) in `group` unless every word is a known non-name."""
    names = re.findall(NAME, match.group(group))
    if all(n in NOT_NAMES or n.capitalize() in NOT_NAMES for n in names):
        return match.group(0)
    return match.group(1) + "[name]"


def _lower_name(match: re.Match) -> str:
    word = match.group(2)
    if word.capitalize() in NOT_NAMES or word in {"who", "and", "will", "just", "really", "also"}:
        return match.group(0)
    return match.group(1) + "[name]"


def _phone(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    if digits.startswith("44"):
        digits = "0" + digits[2:].lstrip("0")
    if not 10 <= len(digits) <= 11:
        return match.group(0)
    text = match.group(0)
    return "([phone]" if text.startswith("(") and ")" not in text else "[phone]"


def redact(text: str | None) -> str:
    """`text` with personal data replaced by "[email]", "[phone]", "[name]", ... (see module doc)."""
    if not text:
        return ""
    out = EMAIL.sub("[email]", text)
    out = HANDLE.sub("[user]", out)
    out = DOB.sub(lambda m: f"{m.group(1)} [date]", out)
    out = PHONE.sub(_phone, out)
    out = ADDRESS.sub("[address]", out)
    out = POSTCODE.sub(lambda m: m.group(1).upper(), out)
    for pattern in (KIN_NAMES, CALLED, NAME_IS, SELF_NAME, FOR_WHO):
        out = pattern.sub(_names, out)
    out = KIN_LOWER.sub(_lower_name, out)
    out = CONDITIONS.sub("[condition]", out)
    return out
