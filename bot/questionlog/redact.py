"""Redaction of personal data from question text before it is stored: an allow-list.

The text is first cut to Telegram's 4,096 characters and cleaned (bot.sanitise); then:

1. Detectors find what has a shape, and say what they removed: e-mail addresses ("[email]"),
   links and t.me links ("[link]"), @handles and user names ("[user]"), NHS numbers by their
   mod-11 checksum ("[nhs]"), UPNs ("[upn]"), National Insurance numbers ("[ni]"), full
   postcodes in any spelling (cut to their district: "gu168py" -> "GU16"), phone numbers in any
   UK or international spelling (the `phonenumbers` library; "[phone]"), dates ("[date]"),
   house-number and named-house addresses and flats ("[address]").
2. Words are read in context: named medical and SEN conditions ("[condition]"); a child's or
   family's religion or ethnicity ("[religion]", "[ethnicity]"; "Catholic schools" stays);
   names after kin words and titles ("my son Jack Preston", "grandson", "mum of", "Mrs",
   "called", "I'm"), first names before "is/has/starts", capitalised personal names, and
   names next to a name ("[name]").
3. Every other word is kept only if it is in Schoolbot's vocabulary (bot.questionlog.vocabulary):
   ordinary English, the knowledge files, school and place names (names inside a school's name
   only as part of it), and the names of the schools the answer is about. Other words become
   "[name]" (capitalised or a known personal name) or "[word]"; numbers longer than a year
   become "[number]" (the URNs of the schools answered about stay).

Every pattern is linear in the length of the text (bounded repetitions, anchored starts) and runs
on at most 4,096 characters, so no message can stall the bot.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

from bot.questionlog.vocabulary import MARKS, PAIR_STOP, Vocabulary, base, base_vocabulary
from bot.sanitise import clean
from bot.understanding.places import POSTCODE_AREAS, is_district

# ---- detectors with a shape ----------------------------------------------------------------

TLDS = ("com|co|uk|org|net|gov|edu|ac|sch|nhs|info|biz|io|me|ly|gl|app|dev|tv|eu|ie|in|pk|ng|"
        "ca|au|de|fr|es|it|pl|ro|us|ru|cn|za|ke|gh|ai|so|to|page|site|online|link|xyz")
EMAIL = re.compile(r"(?<![\w.+'-])[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.])[\w.+-]{{1,64}}\s{{0,3}}(?:\(at\)|\[at\]|\sat\s)\s{{0,3}}[\w-]{{1,63}}"
    rf"(?:\s{{0,3}}(?:\.|\(dot\)|\[dot\]|\sdot\s)\s{{0,3}}[\w-]{{1,63}}){{0,3}}"
    rf"\s{{0,3}}(?:\.|\(dot\)|\[dot\]|\sdot\s)\s{{0,3}}(?:{TLDS})\b", re.IGNORECASE)
URL = re.compile(
    rf"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"']{{1,2048}}"
    rf"|(?<![\w@.-])(?:[a-z0-9](?:[a-z0-9-]{{0,62}})\.){{1,6}}(?:{TLDS})\b(?:/[^\s<>\"']{{0,2048}})?",
    re.IGNORECASE)
HANDLE = re.compile(r"(?<![\w@])@[\w.]{1,64}|(?<![\w@.-])(?=[\w.-]{0,62}_)[A-Za-z0-9][\w.-]{1,62}")
NHS = re.compile(r"(?<![\w+])(?:(\d{3})([ -]?)(\d{3})\2(\d{4}))(?![\w])")
UPN = re.compile(r"(?<![\w])[A-HJ-NP-Z][ -]?(?:\d[ -]?){11}[0-9A-HJ-NP-Z](?![\w])", re.IGNORECASE)
NI = re.compile(r"(?<![\w])(?:[A-Z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}(?:[ -]?[A-D])?"
                r"|(?i:[a-z]{2}[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[a-d])|[a-z]{2}\d{6})(?![\w])")
_AREAS = "|".join(sorted(POSTCODE_AREAS, key=len, reverse=True))
POSTCODE = re.compile(
    rf"(?<![A-Za-z0-9])((?:{_AREAS})\s?\d[A-Za-z\d]?)[\s.\-]{{0,3}}(\d[ABD-HJLNP-UW-Z]{{2}})(?![A-Za-z0-9])",
    re.IGNORECASE)
ORDINAL = re.compile(r"\d{1,4}(?:st|nd|rd|th)", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d ().\-/]{5,24}\d(?![\w])")

MONTHS_SET = frozenset("january february march april may june july august september october "
                       "november december".split())
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
DATES = [
    re.compile(r"(?<![\w/.-])\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2})(?![\w/-])"),
    re.compile(r"(?<![\w/.-])\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}(?![\w/-])"),
    re.compile(rf"(?<![\w])\d{{1,2}}(?:st|nd|rd|th)?(?:\s{{1,3}}of)?[\s\-/.]{{1,3}}(?:{MONTHS})\.?"
               rf"(?:,?[\s\-/.]{{1,3}}(?:\d{{4}}|'\d{{2}}|\d{{2}}(?![\w])))?(?![\w])", re.IGNORECASE),
    re.compile(rf"(?<![\w])(?:{MONTHS})\.?\s{{1,3}}\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s{{1,3}}\d{{4}})?(?![\w])",
               re.IGNORECASE),
]
BIRTH = re.compile(  # "born in March 2016", "DOB 2016", "birthday is 3rd of June"
    rf"(?<![\w])(?:born|d\.?o\.?b\.?|date of birth|birthday|birth date|b\.?day)\b[\s:,\-]{{0,3}}"
    rf"(?:(?:is|was|on|in|the|of|around|about)\s{{1,3}}){{0,3}}"
    rf"((?:(?:\d{{1,4}}(?:st|nd|rd|th)?|{MONTHS}|of)[\s,./\-]{{0,3}}){{1,4}})", re.IGNORECASE)

STREET = ("street|st|road|rd|lane|ln|avenue|ave|close|cl|drive|dr|way|crescent|cres|gardens|gdns|"
          "place|pl|court|ct|terrace|terr|grove|mews|square|sq|parade|boulevard|walk|row|rise|hill|"
          "park|green|view|vale|end|gate|chase|croft|meadow|meadows|fields|wharf|yard|quay|"
          "approach|circus|embankment|heights|ridge|wynd|brow|dale|bank|side|mead|copse|hollow")
HOUSE = "cottage|cottages|farmhouse|farm|bungalow|rectory|vicarage|barn|barns|lodge|villa|manor house"
ADDRESSES = [
    # 12 High Street, 4a station road, 7, Mill Lane, 3 The Green, 221b Baker St.
    NUMBERED := re.compile(rf"(?<![\w])\d{{1,4}}[a-z]?,?\s{{1,3}}(?:(?:the|[a-z][\w'’\-]{{0,29}})\s{{1,3}}){{0,3}}"
               rf"(?:{STREET})\b\.?", re.IGNORECASE),
    FLAT := re.compile(rf"(?<![\w])(?:flat|apartment|apt)\s{{0,3}}\d{{1,4}}[a-z]?\b(?:,?\s{{1,3}}(?:\d{{1,4}}[a-z]?,?\s{{1,3}})?"
               rf"(?:(?:[A-Za-z][\w'’\-]{{0,29}}\s{{1,3}}){{0,3}}(?:{STREET})\b|[A-Z][\w'’\-]{{1,29}}))?",
               re.IGNORECASE),
    re.compile(r"(?<![\w])\d{1,4}[a-z]?,?\s{1,3}[A-Z][a-z]{2,20}(?:way|gate|side|field|fields|wood|"
               r"hill|bank|moor|croft|mead|dene|garth)\b"),
    # "Little Acre, Sheet Road": a house's name, then its street
    re.compile(rf"(?<![\w])(?:[A-Z][\w'’\-]{{1,29}}\s{{1,3}}){{0,2}}[A-Z][\w'’\-]{{1,29}},\s{{1,3}}"
               rf"(?:[A-Z][\w'’\-]{{1,29}}\s{{1,3}}){{1,2}}(?i:{STREET.replace('|st|', '|')})\b"),
    NAMED_HOUSE := re.compile(rf"(?<![\w])(?:[A-Za-z][\w'’\-]{{1,29}}\s{{1,3}}){{1,3}}(?:{HOUSE})\b",
                              re.IGNORECASE),
    re.compile(r"(?<![\w])(?:my|our|the)\s(?:home\s)?address(?:\sis)?[\s:]{1,3}[^.?!]{1,80}", re.IGNORECASE),
]
NOT_STREET_WORDS = frozenset(  # words that end "3 schools in ..."-like phrases, not addresses
    "school schools primary secondary primaries secondaries academy college year years in at near "
    "of and or for with to from on by children kids pupils places miles mins minutes".split())


def _nhs_valid(digits: str) -> bool:
    """The NHS number check digit (modulus 11)."""
    if len(digits) != 10 or digits[0] == "0":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _phone(candidate: str) -> bool:
    """True when `candidate` reads as a phone number (UK by default, or international)."""
    digits = re.sub(r"\D", "", candidate)
    if not 7 <= len(digits) <= 15:
        return False
    text = candidate.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    for region in ("GB", None) if text.startswith("+") else ("GB",):
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(number):
            return True
    return len(digits) >= 9  # a long run of digits in phone-like groups: too risky to keep


# ---- words in context ----------------------------------------------------------------------

KIN = frozenset("""
son sons daughter daughters child children kid kids kiddo boy boys girl girls twin twins triplets
grandson grandsons granddaughter granddaughters grandchild grandchildren grandkid grandkids
stepson stepdaughter stepchild nephew nephews niece nieces godson goddaughter baby toddler teen
teenager eldest youngest oldest middle ds ds1 ds2 dd dd1 dd2 dc lo brother sister brothers
sisters bro sis sibling siblings cousin husband wife partner hubby ex mum mom mother mam mummy
dad father daddy papa nan nana nanny gran granny grandma grandmother grandad granddad grandpa
grandfather auntie aunt aunty uncle friend friends neighbour neighbor pupil student ward lad
lass bairn wee one
""".split())
KIN_OF = frozenset("mum mom mother mam dad father parent parents carer guardian grandmother "
                   "grandma grandfather grandad gran nan".split())  # "mum of Priya", "dad to Ali"
TITLES = frozenset("mr mrs ms miss mx dr prof mister madam sir dame lady lord".split())
ROLES = frozenset("head headteacher headmaster headmistress teacher tutor senco principal deputy "
                  "governor caseworker worker officer".split())
SELF = frozenset("i'm im i'am".split())
SIGN_OFF = frozenset("thanks thank thx ty cheers regards wishes love from sincerely best".split())
GREETING = frozenset("hi hello hey dear morning afternoon evening".split())
NAME_VERBS = frozenset("""
is has was will starts started start needs needed goes went attends attended loves loved likes
liked hates wants wanted gets got can can't cannot isn't doesn't didn't hasn't wasn't won't did
does turns turned struggles struggled finds found enjoys plays played currently really just also
would could should might may must and
""".split())
FUNCTION = frozenset("""
a an the is are was were be been being am i'm im it its it's he she they we you i me my our your
his her their them us who whom whose which what when where why how that this these those there
here and or but so if then than as at by for from in into of off on onto out over to under up
with without about after before again all also any both each few more most other some such no
nor not only own same too very can will just should now has have had having do does did doing
would could might may must shall starts started start goes going went gets got needs need wants
loves likes attends aged age year years yr yrs old currently really still soon next last first
new school please thanks thank yes ok okay hi hello looking moving starting hoping trying
wondering worried interested doesn't isn't hasn't wasn't won't can't cannot didn't
one two three four five six seven eight nine ten eleven twelve loves struggles plays
""".split())
FOR_WORDS = frozenset("for with about help helping tell ask".split())
CLAUSE_JOIN = frozenset("and but so because then also".split())
# Very common English words that are also common first names: the names list leaves them out
# (so "will", "hope" and "mark" stay words), but after a kin word or capitalised mid-sentence
# they are names ("my daughter hope", "Can Will get in?").
COMMON_FIRST_NAMES = frozenset("""
will hope mark grace faith joy rose bill frank pat ray drew dean rob sue don jack harry summer
autumn june april august may sky river star rain storm hunter mason carter taylor cole chase
ruby amber jade pearl holly ivy daisy poppy lily violet iris jasmine heather hazel willow
blessing precious favour gift mercy patience charity honour unity destiny miracle victory
""".split())
NAME_PARTICLES = frozenset("ni nic mac mc o ui de da di del della van von der den bin bint ibn "
                           "al el abu ben ter le la st".split())

# Phrases, separated by commas (matched on whole words, any case, hyphens or spaces alike).
CONDITIONS = """
autism, autistic, asd, asc, aspergers, asperger, asperger syndrome, adhd, ad/hd, attention
deficit, hyperactivity disorder, dyslexia, dyslexic, dyspraxia, dyspraxic, dyscalculia,
dyscalculic, dysgraphia, dcd, developmental coordination disorder, global developmental delay,
global delay, gdd, developmental delay, speech delay, language delay, speech and language delay,
speech and language disorder, speech disorder, language disorder, dld, developmental language
disorder, stammer, stutter, stammering, stuttering, selective mutism, mutism, sensory processing
disorder, sensory processing difficulties, sensory processing issues, spd, pathological demand
avoidance, pda, oppositional defiant disorder, ocd, obsessive compulsive disorder, tourette,
tourettes, tourette syndrome, tics, tic disorder, anxiety, anxiety disorder, social anxiety,
separation anxiety, generalised anxiety disorder, panic attacks, depression, clinical depression,
eating disorder, anorexia, anorexic, bulimia, bulimic, arfid, self harm, self harms, self harming,
selfharm, suicidal, suicide attempt, bipolar, bipolar disorder, schizophrenia, psychosis, ptsd,
post traumatic stress, attachment disorder, reactive attachment disorder, attachment
difficulties, fasd, foetal alcohol, fetal alcohol, epilepsy, epileptic, seizures, seizure,
absence seizures, migraines, migraine, diabetes, diabetic, type 1 diabetes, type one diabetes,
type 2 diabetes, t1d, insulin, asthma, asthmatic, eczema, allergy, allergies, allergic,
anaphylaxis, anaphylactic, epipen, epi pen, nut allergy, peanut allergy, coeliac, celiac, coeliac
disease, crohns, crohns disease, colitis, ulcerative colitis, ibs, cystic fibrosis, sickle cell,
sickle cell anaemia, sickle cell disease, thalassaemia, thalassemia, haemophilia, hemophilia,
leukaemia, leukemia, cancer, tumour, tumor, brain tumour, chemotherapy, chemo, lymphoma,
neuroblastoma, heart condition, heart defect, congenital heart, hole in the heart, heart murmur,
arrhythmia, cerebral palsy, muscular dystrophy, duchenne, spina bifida, hydrocephalus, down
syndrome, downs syndrome, trisomy 21, fragile x, williams syndrome, prader willi, rett syndrome,
angelman syndrome, turner syndrome, turners syndrome, klinefelter, klinefelter syndrome, di
george, digeorge, 22q, 22q11, noonan syndrome, marfan, marfan syndrome, ehlers danlos,
hypermobility, hypermobile, hypermobility syndrome, juvenile arthritis, arthritis, jia, scoliosis,
brittle bone, brittle bones, osteogenesis imperfecta, dwarfism, achondroplasia, cleft lip, cleft
palate, hearing impairment, hearing impaired, hearing loss, deaf, deafness, glue ear, cochlear
implant, cochlear implants, hearing aid, hearing aids, visual impairment, visually impaired,
partially sighted, blind, blindness, sight loss, registered blind, nystagmus, albinism, chronic
fatigue, chronic fatigue syndrome, cfs, me/cfs, long covid, pots syndrome, kidney disease, kidney
failure, dialysis, liver disease, spinal muscular atrophy, brain injury, acquired brain injury,
learning disability, learning disabilities, mental health issues, mental health problems, mental
health condition, mental illness, wheelchair user, uses a wheelchair, in a wheelchair, tube fed,
feeding tube, peg fed, stoma, colostomy, catheter, incontinence, incontinent, encopresis,
enuresis, hiv, hepatitis, tuberculosis, gender dysphoria, transgender, transitioning, pregnant,
pregnancy, alopecia, psoriasis, lupus, tinnitus, hypotonia, microcephaly, craniosynostosis,
plagiocephaly, torticollis, pmld, profound and multiple learning difficulties, visually
impaired, sensory impairment, multi sensory impairment, physical disability, autism spectrum,
autism spectrum disorder, autism spectrum condition, neurodivergent, neurodiverse, adhd traits,
autistic traits, ocd traits, speech and language difficulties, slcn, semh, non verbal, nonverbal,
non-verbal, mute, selectively mute, type 1, type one, type 2, global development delay
"""
UPPER_CONDITIONS = frozenset("ADD ODD CP CF EDS ME SMA ABI FND POTS PANS PANDAS".split())  # in capitals
# Words shaped like the name of a condition ("tonsillitis", "neuropathy", "hemiplegia") and the
# word before "syndrome"/"disease"/"palsy" ("Sotos syndrome", "Perthes disease").
MEDICAL = re.compile(r"[a-z]{3,}(?:itis|osis|aemia|emia|oma|pathy|plegia|algia|philia|trophy|"
                     r"lexia|praxia|calculia|graphia|phasia|phagia|tonia|cephaly|cephalus|somy)")
NOT_MEDICAL = frozenset("diagnosis prognosis hypnosis osmosis academia diploma aroma roma soma "
                        "empathy sympathy apathy antipathy telepathy homeopathy naturopathy "
                        "trophy philia bibliophilia".split())
CONDITION_NOUNS = frozenset("syndrome disease palsy disorder".split())
NOT_A_CONDITION = frozenset("rare genetic chronic serious severe mild moderate same other unknown "
                            "undiagnosed progressive rare neurological medical learning".split())

RELIGIONS = """
muslim, muslims, islam, islamic, christian, christians, catholic, catholics, roman catholic,
anglican, anglicans, protestant, methodist, baptist, evangelical, pentecostal, orthodox, jewish,
jew, jews, judaism, hindu, hindus, hinduism, sikh, sikhs, sikhism, buddhist, buddhists, buddhism,
jain, jains, atheist, atheists, agnostic, humanist, humanists, jehovahs witness, jehovahs
witnesses, jehovah witness, mormon, quaker, rastafarian, rasta, pagan, zoroastrian, bahai, shia,
sunni, ahmadi, ahmadiyya, non religious, church of england, c of e, greek orthodox, coptic,
lutheran, lutherans, presbyterian, adventist, seventh day adventist, brethren, unitarian, wiccan,
druze, alevi, sufi, salafi, hasidic, haredi, orthodox jewish, born again, free church, spiritualist,
taoist, shinto, non denominational
"""
ETHNICITIES = """
pakistani, bangladeshi, indian, sri lankan, srilankan, tamil, nepali, nepalese, afghan, afghani,
somali, somalian, eritrean, ethiopian, sudanese, nigerian, ghanaian, jamaican, caribbean, african,
afro caribbean, west african, east african, south asian, asian, middle eastern, arab, arabs,
kurdish, kurd, iranian, iraqi, syrian, yemeni, lebanese, palestinian, egyptian, moroccan,
algerian, libyan, congolese, zimbabwean, kenyan, ugandan, cameroonian, sierra leonean, gambian,
senegalese, romanian, bulgarian, lithuanian, latvian, albanian, ukrainian, slovak, czech,
hungarian, brazilian, colombian, filipino, vietnamese, malaysian, hongkonger, thai, gypsy,
gypsies, roma, romany, romani, traveller, travellers, irish traveller, gypsy roma traveller, grt,
mixed race, biracial, bi racial, dual heritage, mixed heritage, multiracial, hispanic, latino,
latina, latinx, ethnic minority, bame, bme, black british, white british, black african, black
caribbean, white and black caribbean, white and asian, british asian, british pakistani, british
indian, british bangladeshi, white other, white irish, eastern european
"""
PERSON_CONTEXT_ONLY = """
english, french, spanish, german, italian, polish, chinese, arabic, urdu, punjabi, bengali,
gujarati, hindi, turkish, portuguese, russian, japanese, korean, greek, british, scottish, welsh,
irish, european, black, white, brown, mixed, mandarin, cantonese, religious
"""
PERSON_NOUNS = frozenset("""
boy boys girl girls child children kid kids son sons daughter daughters family families parent
parents mum mom dad mother father heritage background descent origin origins household twins
grandson granddaughter baby toddler teen teenager man woman lad lass wife husband faith
""".split())
SCHOOL_CONTEXT = frozenset("""
school schools primary primaries secondary secondaries academy academies college colleges infant
infants junior juniors nursery nurseries sixth grammar faith ethos church churches diocese
diocesan foundation trust lessons lesson class classes gcse gcses a-level a-levels alevel language
languages teacher teachers department dept club clubs curriculum studies education assembly
assemblies festivals values admissions criteria priority places place oversubscription
certificate community communities cofe ce rc voluntary aided controlled free independent option
options subject subjects exam exams course courses food meals dinners uniform provision
""".split())
SCHOOL_CONTEXT_BEFORE = frozenset("teach teaches taught teaching learn learns learning study "
                                  "studies studying offer offers do does gcse a-level in non".split())
COPULA = frozenset("is are am was were be being i'm im we're they're he's she's it's".split())
PERSON_ADVERBS = frozenset("a an half part fully practising practicing devout strict proud "
                           "mixed also both all very quite".split())
SPEAK = frozenset("speak speaks speaking spoken".split())
PERSON_ADJECTIVES = frozenset("little young eldest youngest oldest older younger baby teenage "
                              "two three four twin only".split())


def _norm(word: str) -> str:
    """A word as the phrase tables hold it: folded, no possessive, no apostrophes."""
    return base(word).replace("'", "")


def _table(text: str) -> dict[str, list[tuple[str, ...]]]:
    """Comma-separated phrases keyed by their first word, longest first; a hyphenated phrase
    and its spaced form are the same ("self-harm" = "self harm")."""
    table: dict[str, set[tuple[str, ...]]] = {}
    for phrase in " ".join(text.split()).split(","):
        words = tuple(_norm(p) for w in phrase.split() for p in w.split("-") if p)
        if words:
            table.setdefault(words[0], set()).add(words)
    return {k: sorted(v, key=len, reverse=True) for k, v in table.items()}


CONDITION_TABLE = _table(CONDITIONS)
RELIGION_TABLE = _table(RELIGIONS)
ETHNICITY_TABLE = _table(ETHNICITIES)
PERSON_CONTEXT_TABLE = _table(PERSON_CONTEXT_ONLY)


# ---- tokens ----------------------------------------------------------------------------------

TOKEN = re.compile(rf"[\w{MARKS}]+(?:['’][\w{MARKS}]+)*|\s+|.", re.DOTALL)
SENTENCE_END = frozenset(".!?;:")
JOINERS = frozenset("-'’ ")  # what may stand between the words of one name or phrase


@dataclass(slots=True)
class Tok:
    """A token of the question: a word ("w"), number ("n"), mixed letters and digits ("x"),
    a placeholder from a detector ("p"), or anything else ("o", spaces included)."""

    text: str
    kind: str
    norm: str = ""
    cap: bool = False
    label: str | None = None
    keep: bool = False


def redact(text: str | None, vocabulary: Vocabulary | None = None,
           schools: Iterable[int] = ()) -> str:
    """`text` with personal data replaced by typed placeholders (see the module doc).

    `vocabulary` is what may be kept (default: common English and the knowledge files; the
    question log passes one with the school and place names of its database); `schools` are
    the URNs of the schools the answer is about, whose names and URNs are kept."""
    text = clean(text)
    if not text.strip():
        return ""
    if not text.isascii():
        text = clean(unicodedata.normalize("NFC", text))
    vocab = vocabulary or base_vocabulary()
    toks = _tokens(text, _detect(text))
    words = [t for t in toks if t.kind in "wnx"]
    _protect(toks, vocab, [int(u) for u in schools if str(u).lstrip("-").isdigit()])
    _phrases_in_context(toks, vocab)
    _names_in_context(toks, vocab)
    _everywhere(words)
    _allow_list(words, vocab)
    _around_names(toks, vocab)
    _chain(toks, vocab)
    return _render(toks)


def _detect(text: str) -> list[tuple[int, int, str]]:
    """Spans of personal data found by their shape: (start, end, replacement), in text order."""
    taken = bytearray(len(text))
    spans: list[tuple[int, int, str]] = []

    def add(start: int, end: int, replacement: str) -> None:
        while end > start and text[end - 1] in ".,;:!?)'\"’":
            end -= 1
        if text[start:start + 1] == "(" and ")" not in text[start:end]:
            start += 1
        if end > start and not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            spans.append((start, end, replacement))

    for pattern in (EMAIL, SPOKEN_EMAIL):
        for m in pattern.finditer(text):
            add(m.start(), m.end(), "[email]")
    for m in URL.finditer(text):
        add(m.start(), m.end(), "[link]")
    for m in HANDLE.finditer(text):
        add(m.start(), m.end(), "[user]")
    for pattern in DATES:
        for m in pattern.finditer(text):
            add(m.start(), m.end(), "[date]")
    for m in BIRTH.finditer(text):
        start, end = m.span(1)
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end > start:
            add(start, end, "[date]")
    for m in NHS.finditer(text):
        after_country_code = re.search(r"(?:\+|00)\d{1,4}[\s-]*$", text[max(0, m.start() - 8):m.start()])
        if _nhs_valid(m.group(1) + m.group(3) + m.group(4)) and not after_country_code:
            add(m.start(), m.end(), "[nhs]")
    for m in UPN.finditer(text):
        add(m.start(), m.end(), "[upn]")
    for m in NI.finditer(text):
        add(m.start(), m.end(), "[ni]")
    for m in POSTCODE.finditer(text):
        outward = re.sub(r"\s", "", m.group(1)).upper()
        if is_district(outward):
            add(m.start(), m.end(), outward)
    for m in PHONE.finditer(text):
        if _phone(m.group()):
            add(m.start(), m.end(), "[phone]")
    for pattern in (FLAT, *[p for p in ADDRESSES if p is not FLAT]):
        for m in pattern.finditer(text):
            if pattern is NUMBERED and (not _is_address(m.group()) or AFTER_SCHOOL_NAME.match(text, m.end())):
                continue  # "3 schools in Station Road", "2 Oak Park schools"
            begin = _house_start(text, m) if pattern is NAMED_HOUSE else m.start()
            if begin is not None:
                add(begin, m.end(), "[address]")
    spans.sort()
    return spans


STRICT_STREETS = frozenset("street road lane avenue close drive crescent gardens place court terrace "
                           "grove mews square parade boulevard wharf quay embankment rd ln ave gdns "
                           "cres terr sq".split())
AFTER_SCHOOL_NAME = re.compile(r"\s{1,3}(?:primary|primaries|schools?|academy|college|infant|junior|"
                               r"high|secondary|c of e|cofe)\b", re.IGNORECASE)


def _is_address(found: str) -> bool:
    """Whether a "number, words, street type" match is an address ("3 schools in Station Road"
    and "year 7 St" are not)."""
    parts = found.rstrip(".").split()
    middle = [w.strip(",").lower() for w in parts[1:-1]]
    kind = parts[-1].lower().rstrip(".")
    if any(w in NOT_STREET_WORDS for w in middle):
        return False
    if kind in STRICT_STREETS or kind in {"st", "dr", "cl", "ct", "pl"} and middle:
        return True
    if middle == ["the"]:
        return True
    return bool(middle) and all(w[:1].isupper() for w in parts[1:-1])


HOUSE_STOP = NOT_STREET_WORDS | frozenset("a an the my our their his her your live lives living is "
                                          "are was and or of we i near by".split())


def _house_start(text: str, m: re.Match) -> int | None:
    """Where the name of a house begins in "words + cottage/farm/lodge..." ("we live at Beech
    Lodge" -> "Beech Lodge", "the old rectory"), or None ("a farm", "the school farm")."""
    words = list(re.finditer(r"\S+", m.group()))[:-1]
    taken = []
    for w in reversed(words):
        if w.group().lower().strip(",") in HOUSE_STOP:
            break
        taken.append(w)
    if not taken:
        return None
    first = taken[-1]
    before = words[words.index(first) - 1] if words.index(first) > 0 else None
    if before is not None and before.group().lower() == "the":
        first = before
    return m.start() + first.start()


def _tokens(text: str, spans: list[tuple[int, int, str]]) -> list[Tok]:
    """The tokens of `text`, each detector span one placeholder token."""
    toks: list[Tok] = []
    at = 0
    for start, end, replacement in [*spans, (len(text), len(text), "")]:
        for m in TOKEN.finditer(text, at, start):
            toks.append(_token(m.group()))
        if replacement:
            toks.append(Tok(text[start:end], "p", label=replacement))
        at = end
    return toks


def _token(text: str) -> Tok:
    if text[0].isspace() or not (text[0].isalnum() or text[0] == "_" or unicodedata.category(text[0])[0] == "M"):
        return Tok(text, "o")
    if text.isdigit():
        return Tok(text, "n", norm=text)
    if any(c.isdigit() for c in text) or "_" in text:
        return Tok(text, "x", norm=base(text))
    return Tok(text, "w", norm=base(text), cap=text[0].isupper())


# ---- reading words in context ----------------------------------------------------------------

def _gap(toks: list[Tok], i: int, j: int) -> str:
    """The text between tokens i and j (exclusive)."""
    return "".join(t.text if t.kind == "o" else "\x00" for t in toks[i + 1:j])


def _word_index(toks: list[Tok]) -> list[int]:
    return [i for i, t in enumerate(toks) if t.kind in "wnx"]


def _protect(toks: list[Tok], vocab: Vocabulary, urns: list[int]) -> None:
    """Mark the words of school and place names that hold a personal name ("St Mary's"), the
    words of the schools answered about, and their URNs, as kept."""
    idx = _word_index(toks)
    for k, a in enumerate(idx):
        # the next word, over at most two small words ("John the Baptist", "Mary and Joseph")
        for b in idx[k + 1:k + 4]:
            x, y = toks[a].norm, toks[b].norm
            if not set(_gap(toks, a, b)) <= JOINERS | set("\x00"):
                break
            if any(pair in vocab.pairs for pair in (
                    (x, y), (x, y[:-1] if y.endswith("s") else y), (x[:-1] if x.endswith("s") else x, y))):
                toks[a].keep = toks[b].keep = True
                break
            if y not in PAIR_STOP:
                break
    if not urns:
        return
    answered = [set(vocab.schools.get(u, ())) for u in urns]
    numbers = {str(u) for u in urns}
    for k, i in enumerate(idx):
        t = toks[i]
        if t.kind == "n" and t.text in numbers:
            t.keep = True
            continue
        for name in answered:
            if t.norm in name and (t.norm not in vocab.names or any(
                    0 <= j < len(idx) and toks[idx[j]].norm in name and toks[idx[j]].norm != t.norm
                    for j in (k - 1, k + 1))):
                t.keep = True
            elif t.kind == "w" and len(t.norm) >= 5 and not vocab.keeps(t.norm) \
                    and t.norm not in vocab.names and any(_close(t.norm, w) for w in name):
                t.keep = True  # a misspelt word of the school's name, which the bot understood


def _close(a: str, b: str) -> bool:
    """One edit apart (two for long words): "tomlinscot" / "tomlinscote"."""
    if abs(len(a) - len(b)) > 2 or len(b) < 5:
        return False
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=2 if len(b) >= 8 else 1) <= (2 if len(b) >= 8 else 1)


def _match(toks: list[Tok], idx: list[int], k: int, table: dict) -> int:
    """How many words from word k form the longest phrase of `table` (0 if none)."""
    first = toks[idx[k]].norm.replace("'", "")
    for phrase in table.get(first, ()):
        n = len(phrase)
        if k + n > len(idx):
            continue
        ok = True
        for off in range(1, n):
            a, b = idx[k + off - 1], idx[k + off]
            if toks[b].norm.replace("'", "") != phrase[off] or not set(_gap(toks, a, b)) <= set(" -/"):
                ok = False
                break
        if ok:
            return n
    return 0


def _phrases_in_context(toks: list[Tok], vocab: Vocabulary) -> None:
    """Conditions always; religion and ethnicity when they describe a person, not a school."""
    idx = _word_index(toks)
    k = 0
    while k < len(idx):
        t = toks[idx[k]]
        if t.label:
            k += 1
            continue
        n = _match(toks, idx, k, CONDITION_TABLE) if not t.keep else 0
        if not n and t.kind == "w" and not t.keep and ((MEDICAL.fullmatch(t.norm) and t.norm not in NOT_MEDICAL) or (
                k + 1 < len(idx) and toks[idx[k + 1]].norm in CONDITION_NOUNS
                and t.norm not in FUNCTION and t.norm not in NOT_A_CONDITION
                and (t.norm not in vocab.known or t.cap))):
            n = 1
        if n or not t.keep and (t.text in UPPER_CONDITIONS and (t.text != "ME" or _prev_norm(toks, idx, k) in
                                                  {"has", "with", "got", "diagnosed", "from", "have"})):
            for j in range(k, k + max(n, 1)):
                toks[idx[j]].label = "[condition]"
            k += max(n, 1)
            continue
        label, n = None, 0
        for table, name, always in ((RELIGION_TABLE, "[religion]", True),
                                    (ETHNICITY_TABLE, "[ethnicity]", True),
                                    (PERSON_CONTEXT_TABLE, "[ethnicity]", False)):
            n = _match(toks, idx, k, table)
            if n:
                label = name if t.norm != "religious" else "[religion]"
                if _about_a_person(toks, idx, k, n, always):
                    for j in range(k, k + n):
                        toks[idx[j]].label = label
                break
        k += max(n, 1)


def _prev_norm(toks: list[Tok], idx: list[int], k: int) -> str:
    return toks[idx[k - 1]].norm if k > 0 else ""


def _about_a_person(toks: list[Tok], idx: list[int], k: int, n: int, always: bool) -> bool:
    """Whether the religion/ethnicity words k..k+n-1 describe a person (not a school or subject)."""
    if any(0 <= j < len(idx) and toks[idx[j]].keep and toks[idx[j]].norm not in FUNCTION
           for j in (k - 1, k - 2, k + n)):
        return False  # part of a school's name: "St John the Baptist", "St Joseph's Catholic"
    end = k + n
    while end + 1 < len(idx) and end - k < 8 and toks[idx[end]].norm in {"or", "and"} and (
            _match(toks, idx, end + 1, RELIGION_TABLE) or toks[idx[end + 1]].norm in {"cofe", "ce", "rc"}):
        end += 1 + max(1, _match(toks, idx, end + 1, RELIGION_TABLE))  # "Catholic or CofE schools"
    while end < len(idx) and toks[idx[end]].norm in PERSON_ADJECTIVES:
        end += 1  # "my Black little boy"
    after = toks[idx[end]].norm if end < len(idx) else ""
    if after in PERSON_NOUNS or after in KIN:
        return True
    j = k - 1
    while j >= 0 and toks[idx[j]].norm in PERSON_ADVERBS:
        j -= 1
    before = _low(toks[idx[j]]) if j >= 0 else ""
    person_before = before in COPULA and (before in {"i'm", "im", "we're", "they're", "he's", "she's"}
                                          or _person_subject(toks, idx, j)) or before in SPEAK
    if person_before and after not in SCHOOL_CONTEXT:
        return True
    if not always:
        return False
    return not (after in SCHOOL_CONTEXT or before in SCHOOL_CONTEXT_BEFORE)


PERSON_SUBJECTS = frozenset("i we he she they son daughter child kid kids children family wife "
                            "husband partner mum dad boy girl twins grandson granddaughter who "
                            "both all parents".split())


def _person_subject(toks: list[Tok], idx: list[int], j: int) -> bool:
    """A person is the subject of the copula at word j ("my son is", "we are", "they are")."""
    return any(toks[idx[i]].norm in PERSON_SUBJECTS or toks[idx[i]].norm in KIN
               or toks[idx[i]].label == "[name]" for i in range(max(0, j - 6), j))  # "my son X (year 9) is"


def _low(t: Tok) -> str:
    """The token as written, lower-cased, with a plain apostrophe ("She’s" -> "she's")."""
    return t.text.lower().replace("’", "'")


def _names_in_context(toks: list[Tok], vocab: Vocabulary) -> None:
    """Names given away by the words around them (kin, titles, "called", "Jack is ...")."""
    idx = _word_index(toks)
    n = len(idx)

    def at(k: int) -> Tok | None:  # word k, None past either end
        return toks[idx[k]] if 0 <= k < n else None

    def word(k: int) -> Tok:  # word k, known to be there
        return toks[idx[k]]

    def joined(k: int) -> bool:  # word k follows word k-1 with only spaces/hyphens between
        return 0 < k < n and set(_gap(toks, idx[k - 1], idx[k])) <= JOINERS

    def clause_start(k: int) -> bool:
        if k == 0:
            return True
        gap = _gap(toks, idx[k - 1], idx[k])
        return bool(set(gap) & (SENTENCE_END | {","})) or toks[idx[k - 1]].norm in CLAUSE_JOIN

    def sentence_start(k: int) -> bool:
        return k == 0 or bool(set(_gap(toks, idx[k - 1], idx[k])) & SENTENCE_END) \
            or toks[idx[k - 1]].kind == "p"

    def candidate(k: int, strict: bool = False) -> bool:
        """Word k could be a name here (after a kin word, a title, "called", ...)."""
        t = at(k)
        if t is None or t.kind != "w" or t.label:
            return False
        if t.cap or t.text.isupper():
            if t.norm in COMMON_FIRST_NAMES:
                return True
            if t.norm in FUNCTION and not strict and at(k + 1) is not None and joined(k + 1) \
                    and (word(k + 1).cap and word(k + 1).norm in vocab.names):
                return True  # "my son Do Van Minh"
            if t.norm in FUNCTION or t.norm in vocab.known and t.norm not in vocab.names:
                return False
            return not strict or t.norm in vocab.names or not vocab.keeps(t.norm)
        if t.norm in FUNCTION or strict:
            return False
        return t.norm in vocab.names or t.norm in COMMON_FIRST_NAMES or (
            not vocab.keeps(t.norm) and t.norm not in vocab.known)

    def mark(k: int, limit: int = 3) -> int:
        """Name at word k, its surname(s) and any "and Name" after it; returns the next word."""
        names = 0
        while names < 6:
            word(k).label = "[name]"
            names += 1
            extra = 0
            while extra < limit and joined(k + 1) and candidate(k + 1):
                k += 1
                extra += 1
                word(k).label = "[name]"
            nxt = at(k + 1)
            if nxt is not None and nxt.norm in {"and", "&"} and candidate(k + 2):
                k += 2
                continue
            if nxt is not None and "," in _gap(toks, idx[k], idx[k + 1]) \
                    and candidate(k + 1, strict=True) and word(k + 1).cap:
                k += 1
                continue
            return k + 1
        return k + 1

    k = 0
    while k < n:
        t = word(k)
        if t.kind != "w" or t.label:
            k += 1
            continue
        norm = t.norm
        start = None
        if norm in KIN or (norm == "one" and _prev_norm(toks, idx, k) in {"little", "wee", "young"}):
            start = k + 1
            # "my son, Jack", "my son is called Jack", "my son's name is Jack", "son (Jack)"
            while at(start) is not None and word(start).norm in {"is", "was", "called", "named",
                                                                   "name", "names", "aka", "are",
                                                                   "nicknamed", "known", "as"}:
                if word(start).norm in {"is", "was", "are"} and not (
                        at(start + 1) and (word(start + 1).norm in {"called", "named", "known"}
                                             or candidate(start + 1, strict=True))):
                    break
                start += 1
        elif norm in KIN_OF and at(k + 1) is not None and word(k + 1).norm in {"of", "to", "for"}:
            start = k + 2
        elif norm in TITLES and at(k + 1) is not None and not (norm in {"sir", "lady", "lord", "dame"}
                                                                  and word(k + 1).keep):
            if norm in {"miss", "sir", "lady", "lord", "dame"} and not (
                    word(k + 1).cap or word(k + 1).text.isupper()
                    or norm == "miss" and word(k + 1).norm in vocab.names and word(k + 1).norm not in FUNCTION):
                k += 1
                continue
            start = k + 1
        elif norm in ROLES and at(k + 1) is not None and word(k + 1).cap \
                and candidate(k + 1, strict=True):
            start = k + 1
        elif norm in {"called", "named", "nicknamed", "aka"} or (
                norm in {"name", "names"} and at(k + 1) is not None
                and word(k + 1).norm in {"is", "are", "was"}):
            start = k + 1 if norm not in {"name", "names"} else k + 2
            if at(start) is not None and word(start).keep:
                start = None
        elif norm in SELF or (norm == "am" and _prev_norm(toks, idx, k) == "i") or (
                norm == "is" and _prev_norm(toks, idx, k) == "this"):
            if at(k + 1) is not None and word(k + 1).cap and candidate(k + 1, strict=True):
                start = k + 1
        elif norm in GREETING and sentence_start(k):
            if at(k + 1) is not None and word(k + 1).cap and candidate(k + 1, strict=True) \
                    and not word(k + 1).keep:
                start = k + 1
        elif norm in SIGN_OFF:
            j = k + 1
            if at(j) is not None and word(j).norm in {"you", "regards", "wishes", "again"}:
                j += 1
            if at(j) is not None and candidate(j, strict=not word(j).cap) and _last_words(toks, idx, j):
                start = j
        if start is not None and candidate(start) and not (word(start).keep and norm in GREETING):
            k = mark(start)
            continue
        k += 1

    # "Jack is in year 6", "Grace starts in September", "Amelia and Noah are twins"
    for k in range(n):
        t = word(k)
        common_name = t.norm in COMMON_FIRST_NAMES and t.cap
        if t.kind != "w" or t.label or t.keep or (t.norm in FUNCTION or t.norm in vocab.known) \
                and not common_name:
            continue
        nxt = at(k + 1)
        prev = at(k - 1)
        ends = nxt is None or bool(set(_gap(toks, idx[k], idx[k + 1])) & SENTENCE_END)
        if t.norm in COMMON_FIRST_NAMES and t.norm not in FUNCTION and prev is not None \
                and prev.norm in FOR_WORDS and ends:
            t.label = "[name]"  # "... a secondary for hope."
            continue
        if t.norm not in vocab.names and vocab.keeps(t.norm) and not common_name:
            continue
        possessive = t.text.lower().endswith(("'s", "’s")) and (
            t.cap or t.norm in vocab.names or t.norm not in vocab.words)
        if possessive or (clause_start(k) and nxt is not None and joined(k + 1)
                          and nxt.norm in NAME_VERBS and (t.cap or t.norm in vocab.names)):
            mark(k, limit=0)
            continue
        if clause_start(k) and (t.cap or t.norm in vocab.names or t.norm in COMMON_FIRST_NAMES):
            run = k + 1  # "jack preston is my son": a first name and a surname before a verb
            while run < n and run - k < 3 and joined(run) and word(run).kind == "w" \
                    and not word(run).keep and word(run).norm not in FUNCTION \
                    and (word(run).norm in vocab.names or not vocab.keeps(word(run).norm)):
                run += 1
            if run > k + 1 and run < n and joined(run) and word(run).norm in NAME_VERBS:
                for j in range(k, run):
                    word(j).label = "[name]"
                continue
        if nxt is not None and joined(k + 1) and t.norm in vocab.names and nxt.norm in vocab.names \
                and nxt.kind == "w" and not nxt.keep and not nxt.label and nxt.norm not in FUNCTION \
                and nxt.norm not in vocab.known:
            t.label = nxt.label = "[name]"  # "anna khan year 6": a first name and a surname
            continue
        after = at(k + 2)
        if nxt is not None and nxt.norm in {"my", "our", "his", "her"} and after is not None \
                and after.norm in KIN and "," in _gap(toks, idx[k], idx[k + 1]):
            t.label = "[name]"  # "Rose, my daughter, ..."
            continue
        if t.cap and t.norm in vocab.names and nxt is not None and joined(k + 1) and nxt.cap \
                and not nxt.keep and not nxt.label and nxt.kind == "w" and nxt.norm not in FUNCTION \
                and nxt.norm not in vocab.known:
            t.label = nxt.label = "[name]"  # "Amelia Young is in reception"
            continue
        if prev is not None and prev.norm in FOR_WORDS and joined(k) and (
                nxt is None or not joined(k + 1)
                or nxt.norm in {"who", "as", "because", "since", "next", "and", "in", "at", "to",
                                "starting", "starts", "is", "has", "was", "year", "when"}):
            t.label = "[name]"
            continue
        # a capitalised personal name mid-sentence ("... for Grace", "ask Rose")
        if t.cap and not t.text.isupper() and not sentence_start(k) and t.norm not in MONTHS_SET \
                and (t.norm in vocab.names or common_name) and t.norm not in vocab.places:
            t.label = "[name]"


SIGN_DASHES = frozenset("-–—~")


def _around_names(toks: list[Tok], vocab: Vocabulary) -> None:
    """What stands next to a name or in a signature: a surname after a first name ("jess king"),
    a nickname in brackets ("Catriona (Cat) McCarthy"), "Robin Hartnell here", a religion or
    origin joined to one already found ("Sikh and Punjabi"), and the name that signs a message
    off ("... - Tom", "Kev, 07700 900172")."""
    idx = _word_index(toks)
    n = len(idx)
    for k in range(n):
        t = toks[idx[k]]
        if t.label or t.kind != "w":
            continue
        prev = toks[idx[k - 1]] if k else None
        if t.keep and not (prev is not None and prev.label == "[name]"):
            continue
        gap = _gap(toks, idx[k - 1], idx[k]) if k else ""
        after = _gap(toks, idx[k], idx[k + 1]) if k + 1 < n else ""
        introduced = k <= 2 and after.strip().startswith(",")  # "jess king, mum to jake"
        if prev is not None and prev.label == "[name]" and (t.norm in vocab.names or introduced) \
                and set(gap) <= {" "} and (prev.norm, t.norm) not in vocab.pairs:
            t.label = "[name]"  # a surname after the name found: "jess king"
        elif prev is not None and prev.label == "[name]" and gap.strip() == "(" and after.startswith(")") \
                and t.cap:
            t.label = "[name]"  # "Catriona (Cat)"
    for k in range(n - 1):  # "Robin Hartnell here", "Jun-jun Dela Cruz here": who is writing
        if toks[idx[k + 1]].norm == "here" and k <= 5 and toks[idx[k]].cap:
            j = k
            while j >= 0 and toks[idx[j]].norm not in GREETING \
                    and (toks[idx[j]].cap or (j > 0 and _gap(toks, idx[j - 1], idx[j]) == "-")) \
                    and not set(_gap(toks, idx[j], idx[j + 1])) & (SENTENCE_END | {","}):
                toks[idx[j]].label = toks[idx[j]].label or "[name]"
                j -= 1
    for k in range(1, n - 1):  # "we are Sikh and Punjabi": the second of a pair found
        a, joiner, b = toks[idx[k - 1]], toks[idx[k]], toks[idx[k + 1]]
        if a.label in ("[religion]", "[ethnicity]") and joiner.norm in ("and", "or") and not b.label \
                and (_match(toks, idx, k + 1, RELIGION_TABLE) or _match(toks, idx, k + 1, ETHNICITY_TABLE)
                     or _match(toks, idx, k + 1, PERSON_CONTEXT_TABLE)):
            b.label = a.label if _match(toks, idx, k + 1, RELIGION_TABLE) else "[ethnicity]"
    if n:  # a name signing the message off: after a dash, or before a phone or e-mail at the end
        last = toks[idx[-1]]
        gap = _gap(toks, idx[-2], idx[-1]) if n > 1 else ""
        if not last.label and not last.keep and last.kind == "w" and last.cap \
                and last.norm not in vocab.places and last.norm not in vocab.record_words \
                and (set(gap) & SIGN_DASHES or (n > 1 and toks[idx[-2]].norm in SIGN_OFF)) \
                and (last.norm in vocab.names or last.norm not in vocab.words):
            last.label = "[name]"
    for i, t in enumerate(toks):  # "Kev, [phone]" closing a message
        if t.kind == "p" and t.label in ("[phone]", "[email]"):
            words_before = [j for j in idx if j < i]
            if words_before:
                w = toks[words_before[-1]]
                between = "".join(x.text for x in toks[words_before[-1] + 1:i])
                if not w.label and not w.keep and w.cap \
                        and w.norm not in vocab.places and between.strip() in (",", "-", ":", "") \
                        and (len(words_before) < 2 or set(_gap(toks, words_before[-2], words_before[-1])) & (SENTENCE_END | SIGN_DASHES | {","})):
                    w.label = "[name]"


def _everywhere(words: list[Tok]) -> None:
    """A word found to be a name is a name wherever else it stands in the message."""
    named = {t.norm for t in words if t.label == "[name]" and t.norm not in FUNCTION}
    for t in words:
        if not t.label and not t.keep and t.norm in named:
            t.label = "[name]"


def _last_words(toks: list[Tok], idx: list[int], k: int) -> bool:
    """Word k and at most two more end the text (a signature: "Thanks, Sarah Jones x")."""
    return len(idx) - k <= 3 and all(toks[i].kind == "w" for i in idx[k:])


def _allow_list(words: list[Tok], vocab: Vocabulary) -> None:
    """Every word not yet decided: kept if in the vocabulary, else a placeholder."""
    for t in words:
        if t.label or t.keep:
            continue
        if t.kind == "n":
            if len(t.text) > 4:
                t.label = "[number]"
        elif t.kind == "x":
            t.label = _mixed(t, vocab)
        else:
            parts = [p for p in t.norm.split("-") if p]
            if vocab.keeps(t.norm) or all(vocab.keeps(p) or vocab.keeps(p.rstrip("'")) for p in parts):
                continue
            named = (t.cap and not t.text.isupper()) or any(p in vocab.names for p in parts)
            t.label = "[name]" if named else "[word]"


def _mixed(t: Tok, vocab: Vocabulary) -> str | None:
    """Letters and digits together: postcode districts, "ks2", "y7", "7a", "4th" stay."""
    if "_" in t.text:
        return "[user]"
    if is_district(t.text) or vocab.keeps(t.norm) or ORDINAL.fullmatch(t.text):
        return None
    runs = re.findall(r"\d+|[^\W\d_]+", t.norm)
    if any(r.isdigit() and len(r) > 4 for r in runs):
        return "[number]"
    if all(r.isdigit() or len(r) <= 2 or vocab.keeps(r) for r in runs):
        return None
    return "[word]"


def _chain(toks: list[Tok], vocab: Vocabulary) -> None:
    """A personal name (or a capitalised word) right beside a name is part of it
    ("Amelia Baker", "Jack Okafor", "Preston" in "my son Jack Preston")."""
    idx = _word_index(toks)
    for _ in range(3):
        changed = False
        for order in (range(len(idx)), range(len(idx) - 1, -1, -1)):
            for k in order:
                t = toks[idx[k]]
                if t.label or t.keep or t.kind != "w" or t.norm in KIN or t.norm in TITLES \
                        or t.norm in ROLES:
                    continue
                for j in (k - 1, k + 1):
                    if not (0 <= j < len(idx) and toks[idx[j]].label == "[name]"):
                        continue
                    gap = _gap(toks, idx[min(j, k)], idx[max(j, k)])
                    if not set(gap) <= JOINERS:
                        continue
                    hyphened = gap in {"-", "'", "’"}  # "Ellie-May", "O'Brien"
                    particle = t.norm in NAME_PARTICLES and j == k + 1  # "Ní Bhriain", "de Souza"
                    ordinary = t.norm in FUNCTION or t.norm in vocab.known
                    if hyphened or particle or not ordinary and (
                            t.norm in vocab.names or t.norm in COMMON_FIRST_NAMES
                            or (t.cap and not t.text.isupper())):
                        t.label = "[name]"
                        changed = True
                        break
        if not changed:
            return


def _render(toks: list[Tok]) -> str:
    """The text with each masked word or span replaced; one placeholder for a run of the same
    kind joined by spaces or hyphens ("[name] [name]" -> "[name]")."""
    out: list[str] = []
    gap = ""
    last = None
    for t in toks:
        if t.label:
            if t.label == last and set(gap) <= JOINERS:
                gap = ""
                continue
            out.append(gap)
            out.append(t.label)
            gap, last = "", t.label
        elif t.kind == "o" and set(t.text) <= JOINERS:
            gap += t.text
        else:
            out.append(gap)
            out.append(t.text)
            gap, last = "", None
    out.append(gap)
    return "".join(out)
