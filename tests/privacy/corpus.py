"""A personal-data corpus: questions and 👎 comments written the way parents write them, with
every personal token marked as {kind:text}.

Kinds: name, address, postcode, date, phone, email, handle (handles, t.me and social links),
nhs, upn, ni, condition, religion, ethnicity. A postcode is marked whole; what must go is its
inward half (the district may stay). Items come from hand-written messages and from seeded
generators that combine many phrasings with pools of names from many cultures, addresses,
numbers in every spelling and conditions. `ORDINARY` holds questions with no personal data:
their words should be kept.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

MARK = re.compile(r"\{(\w+):([^{}]+)\}")


@dataclass(frozen=True)
class Item:
    """One message: its plain text and the personal tokens in it, as (kind, text)."""

    text: str
    secrets: tuple[tuple[str, str], ...]


def parse(marked: str) -> Item:
    """An item from its marked-up text."""
    secrets = tuple((m.group(1), m.group(2)) for m in MARK.finditer(marked))
    return Item(MARK.sub(lambda m: m.group(2), marked), secrets)


# ---- pools -------------------------------------------------------------------------------------

FIRST = """
Jack Oliver Harry George Noah Charlie Jacob Alfie Freddie Oscar Leo Archie Theo Arthur Isaac Teddy
Olivia Amelia Isla Ava Mia Ivy Lily Isabella Sophia Freya Florence Evie Ella Poppy Elsie Phoebe
Grace Rose Hope Ruby Daisy Holly Amber Summer Faith Joy Will Mark Sky River Willow Autumn
Mohammed Muhammad Ahmed Ali Omar Yusuf Ibrahim Hamza Bilal Zayn Idris Imran Tariq Khalid Samir Amir
Aisha Ayesha Fatima Zainab Maryam Khadija Amina Aaliyah Layla Noor Hana Huda Safiya Sumaya Yasmin
Priya Anjali Aarav Arjun Rohan Rahul Vikram Sanjay Deepak Ravi Kavya Ananya Diya Ishaan Vihaan
Harpreet Gurpreet Jaspreet Manpreet Simran Navdeep Amrit Lakshmi Meera Nisha Aditya Krishna
Chidi Chinedu Chioma Ngozi Emeka Obinna Oluwaseun Tunde Femi Funmi Kemi Bukola Yetunde Adebayo
Kwame Kofi Kojo Ama Akua Abena Abdi Hodan Yohannes Dawit Mekdes Thabo Sipho Themba Blessing
Precious Favour Tendai Chipo Nyasha Farai Segun Tolu Ife Zainabu
Piotr Paweł Tomasz Krzysztof Michał Łukasz Jakub Kacper Szymon Agnieszka Małgorzata Katarzyna
Zofia Zuzanna Maja Oliwia Andrei Ionuț Mihai Ioana Elena Lukas Tautvydas Rūta Jonas Milda
Wei Jie Ming Hui Ling Mei Xiao Yan Jing Hao Yi Min Linh Thảo Huong Minh Duc Jiho Minjun Seoyeon
Haruto Yuki Sakura Ren
Siobhán Aoife Niamh Ciara Saoirse Caoimhe Sinéad Orla Róisín Gráinne Eoin Cian Oisín Pádraig
Seamus Ciarán Darragh Ruairí Fionn Conor Declan Mairead Bronagh
Zoë Chloé Renée José Søren Ayşe Çağan Elif Emre Mehmet Zeynep Yağmur Kerem Dilan Rojin Serwan
Mateo Santiago Valentina Camila Lucía Sofía João Inês Tiago Beatriz
Kai Rhys Dylan Cerys Ffion Gethin Angharad Eilidh Callum Ailsa Morag Lachlan
Tyrese Jayden Shanice Kyrell Demetrius Keisha Marcus Jermaine Nia Amara Zion Malachi
""".split()
HYPHENATED = ["Amelia-Rose", "Lily-Mae", "Mary-Jane", "Jean-Luc", "Ellie-May", "Ruby-Leigh",
              "Anna-Maria", "Mia-Grace", "Abdul-Rahman", "Nur-Aisha", "Lacey-Jo", "Tia-Rose"]
LAST = """
Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson
Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Jackson Wood Turner Martin
Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan Allen Young Price Bennett Cook
Carter Bell Shaw Murphy Miller Cox Marshall Ellis Adams Preston Lincoln Stanley Chapman Fox Rose
Khan Patel Begum Hussain Ahmed Ali Rahman Chowdhury Miah Uddin Akhtar Iqbal Malik Mahmood
Qureshi Siddiqui Shah Singh Kaur Sharma Gupta Verma Kumar Mehta Desai Joshi Reddy Nair Banerjee
Okafor Okonkwo Nwosu Eze Obi Adeyemi Adebayo Mensah Osei Asante Boateng Owusu Diallo Abdi Farah
Warsame Haile Tesfaye Ndlovu Dlamini Moyo Mutasa
Kowalski Kowalska Nowak Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Popescu
Ionescu Dumitru Kazlauskas Petrauskas Ozola Kovacs Horvath Novak
Chen Wang Zhang Liu Yang Zhao Huang Zhou Wu Xu Lin Nguyen Tran Pham Hoang Kim Park Choi
Yamamoto Tanaka Sato
O'Brien O'Connor McCarthy Byrne Gallagher Doherty Kennedy Lynch Quinn Ó Súilleabháin Mac Giolla
Yılmaz Kaya Demir Şahin Çelik Yildiz García Rodríguez Fernández Silva Santos Pereira
""".split()
LAST = [n for n in LAST if n not in {"Ó", "Mac"}] + ["Ó Súilleabháin", "Mac Giolla", "Smith-Jones",
                                                    "Ahmed-Khan", "Baker-Wright", "De Souza", "D'Souza"]
KIN = ["son", "daughter", "boy", "girl", "grandson", "granddaughter", "stepson", "stepdaughter",
       "nephew", "niece", "eldest", "youngest", "little one", "child", "DS", "DD", "foster son",
       "little girl", "little boy", "teenager", "middle child", "god-daughter", "ward"]
SCHOOLS = ["Oakfield Junior", "St Mary's", "St John the Baptist", "Brindlecombe Academy",
           "Kestlewick School", "Marrowby High", "Tollbridge Community College", "St Aidan's",
           "Holy Cross", "Castle Hill Infant", "Riverside Primary", "Meadowbank", "Greenacre",
           "Hollybush Lane", "Ashgrove", "Fernhallow Primary", "King Charles Primary",
           "Robert May's", "Sir John Leman High", "Preston Manor"]
TOWNS = ["Brindlecombe", "Kestlewick", "Marrowby", "Tollbridge", "Fernhallow", "Little Oxlow",
         "Upper Wendle"]
STREETS = ["High", "Station", "Church", "Mill", "Park", "Victoria", "Green", "Manor", "Kingsway",
           "Acacia", "Elm", "Queen's", "Albert", "St John's", "Chapel", "Windsor", "Jubilee", "Orchard"]
STREET_TYPES = ["Street", "Road", "Lane", "Avenue", "Close", "Drive", "Crescent", "Gardens",
                "Terrace", "Way", "Grove", "Place", "Rd", "St", "Ave", "Mews", "Court"]
HOUSES = ["Rose Cottage", "Ivy Cottage", "The Old Rectory", "Hill Farm", "Orchard Cottage",
          "Mill House Farm", "The Old Vicarage", "Beech Lodge", "Willow Barn", "Meadow View Bungalow"]
POSTCODES_RAW = ["GU16 8PY", "RG22 4AB", "SW1A 1AA", "M1 1AE", "B33 8TH", "LS6 2AB", "E1 6AN",
                 "N1C 4AG", "CR0 2YR", "KT22 9DL", "OX4 1TW", "BS8 1QU", "NE1 4ST", "L8 0TE",
                 "CF10 3NQ", "EH1 1YZ", "BT7 1NN", "DE22 3AW", "HA0 4TL", "W1T 3JL", "SE15 5NU",
                 "PO19 1RQ", "TN1 1AA", "NW10 7PG", "GU15 3LJ", "SO14 7DU", "LE1 5WW", "CB2 1TN"]
CONDITIONS = ["autism", "autistic", "ADHD", "dyslexia", "dyspraxia", "Down syndrome",
              "Down's syndrome", "cerebral palsy", "epilepsy", "type 1 diabetes", "diabetes",
              "asthma", "a nut allergy", "sickle cell", "sickle cell anaemia", "cystic fibrosis",
              "bipolar", "anxiety", "depression", "self-harm", "self harming", "an eating disorder",
              "anorexia", "OCD", "Tourette's", "selective mutism", "PDA", "ASD",
              "spina bifida", "leukaemia", "a brain tumour", "hearing loss", "glue ear", "deaf",
              "visual impairment", "muscular dystrophy", "ME/CFS", "hypermobility",
              "Ehlers-Danlos", "dyscalculia", "global developmental delay", "a speech delay",
              "sensory processing disorder", "PTSD", "scoliosis", "coeliac disease", "eczema",
              "epilepsy and autism", "fragile X", "a stammer", "cochlear implants",
              "juvenile arthritis", "Crohn's", "FASD", "thalassaemia", "hydrocephalus",
              "a heart condition", "attachment disorder", "Perthes disease", "neurofibromatosis",
              "tuberous sclerosis", "apraxia", "dysphagia", "Sotos syndrome", "PANDAS",
              "Kawasaki disease", "craniosynostosis", "hemiplegia", "alopecia", "migraines"]
# which words of a condition are the personal token (generic words like "a", "disease" stay)
GENERIC = {"a", "an", "and", "disease", "syndrome", "condition", "implants", "loss", "delay",
           "disorder", "impairment", "1", "type"}
RELIGIONS = ["Muslim", "Sikh", "Hindu", "Jewish", "Catholic", "Christian", "Buddhist", "atheist",
             "Jehovah's Witness", "Orthodox Jewish", "Roman Catholic",
             "Church of England", "Methodist", "Pentecostal", "Jain", "Rastafarian"]
ETHNICITIES = ["mixed race", "Black Caribbean", "Black African", "White British", "Pakistani",
               "Bangladeshi", "Indian", "Nigerian", "Somali", "Polish", "Romanian", "Gypsy Roma",
               "Irish Traveller", "British Asian", "dual heritage", "Chinese", "Eritrean",
               "Kurdish", "Ghanaian", "Jamaican", "Black", "white", "Arab", "Afghan", "Turkish",
               "Filipino", "Vietnamese", "Sri Lankan", "Albanian", "Lithuanian"]


def nhs_number(rng: random.Random) -> str:
    """A valid NHS number (mod-11 check digit), in one of its spellings."""
    while True:
        digits = [rng.choice("46789")] + [str(rng.randrange(10)) for _ in range(8)]
        total = sum(int(d) * w for d, w in zip(digits, range(10, 1, -1)))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            break
    n = "".join(digits) + str(check)
    return rng.choice([f"{n[:3]} {n[3:6]} {n[6:]}", n, f"{n[:3]}-{n[3:6]}-{n[6:]}"])


def upn(rng: random.Random) -> str:
    letter = rng.choice("ABCDEFGHJKLMNPRTUVWXYZ")
    digits = "".join(str(rng.randrange(10)) for _ in range(12))
    return rng.choice([letter + digits, letter.lower() + digits, f"{letter}{digits[:11]}{rng.choice('ABC')}"])


def ni_number(rng: random.Random) -> str:
    a, b = rng.choice("ABCEGHJKLMNPRSTWXYZ"), rng.choice("ABCEGHJKLMNPRSTWXYZ")
    d = [f"{rng.randrange(100):02d}" for _ in range(3)]
    s = rng.choice("ABCD")
    return rng.choice([f"{a}{b}{''.join(d)}{s}", f"{a}{b} {d[0]} {d[1]} {d[2]} {s}",
                       f"{a}{b}{''.join(d)}{s}".lower(), f"{a}{b} {''.join(d)} {s}"])


def phone(rng: random.Random) -> str:
    """A phone number in one of the ways people write them."""
    mob = f"7{rng.randrange(100, 999)}{rng.randrange(100000, 999999)}"
    land = rng.choice([f"20{rng.randrange(10**7, 10**8)}", f"118{rng.randrange(10**6, 10**7)}",
                       f"1632{rng.randrange(10**5, 10**6)}", f"161{rng.randrange(10**6, 10**7)}"])
    forms = [
        f"0{mob}", f"0{mob[:4]} {mob[4:]}", f"0{mob[:4]} {mob[4:7]} {mob[7:]}", f"+44 {mob[:4]} {mob[4:]}",
        f"+44{mob}", f"+44 (0){mob[:4]} {mob[4:]}", f"0044 {mob[:4]} {mob[4:]}", f"{mob[:4]} {mob[4:]}",
        f"0{mob[:4]}-{mob[4:7]}-{mob[7:]}", f"(0{mob[:4]}) {mob[4:]}", f"0{mob[:4]}.{mob[4:7]}.{mob[7:]}",
        f"0{land[:2]} {land[2:6]} {land[6:]}" if land.startswith("20") else f"0{land[:3]} {land[3:6]} {land[6:]}",
        f"(0{land[:3]}) {land[3:]}", f"+44 {land[:2]} {land[2:6]} {land[6:]}", f"0{land}",
        f"+48 {rng.randrange(500, 899)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
        f"+234 {rng.randrange(700, 909)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
        f"+353 8{rng.randrange(3, 9)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}",
        f"+91 {rng.randrange(70000, 99999)} {rng.randrange(10000, 99999)}",
        f"+1 ({rng.randrange(201, 989)}) {rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}",
        f"+40 7{rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}",
        f"+92 3{rng.randrange(0, 49):02d} {rng.randrange(1000000, 9999999)}",
    ]
    return rng.choice(forms)


def email(rng: random.Random, first: str, last: str) -> str:
    f, s = _ascii(first).lower(), _ascii(last).lower().replace(" ", "")
    return rng.choice([f"{f}.{s}@gmail.com", f"{f}{rng.randrange(100)}@hotmail.co.uk",
                       f"{f[0]}{s}@outlook.com", f"{f}_{s}{rng.randrange(10)}@yahoo.com",
                       f"{s}.family@btinternet.com", f"{f}+school@icloud.com",
                       f"{f}.{s}@nhs.net", f"admin@{s}-family.org.uk"])


def handle(rng: random.Random, first: str, last: str) -> str:
    f, s = _ascii(first).lower(), _ascii(last).lower().replace(" ", "")
    return rng.choice([f"@{f}_{s}", f"@{f}{s}{rng.randrange(10, 99)}", f"t.me/{f}{s}",
                       f"https://t.me/{f}_{s}", f"instagram.com/{f}.{s}", f"facebook.com/{f}.{s}.5",
                       f"@{s}_mum", f"tiktok.com/@{f}{s}", f"wa.me/4477009{rng.randrange(10000, 99999)}"])


def _ascii(text: str) -> str:
    import unicodedata

    text = text.replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum() or c == " ")


def date(rng: random.Random) -> str:
    y, m, d = rng.randrange(2008, 2022), rng.randrange(1, 13), rng.randrange(1, 29)
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    month = months[m - 1]
    suffix = "th" if 10 <= d <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
    return rng.choice([f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{d:02d}.{m:02d}.{y % 100:02d}",
                       f"{y}-{m:02d}-{d:02d}", f"{d}{suffix} {month} {y}", f"{month} {d}, {y}",
                       f"{d} {month[:3]} {y}", f"{d}{suffix} of {month.lower()} {y}",
                       f"{d}-{m:02d}-{y}", f"{d} {month}"])


def postcode(rng: random.Random) -> str:
    pc = rng.choice(POSTCODES_RAW)
    out, inw = pc.split()
    return rng.choice([pc, pc.lower(), out + inw, (out + inw).lower(), f"{out}-{inw}",
                       f"{out}  {inw}", f"{out.lower()} {inw.upper()}", f"{out}.{inw}"])


def address(rng: random.Random) -> str:
    n = rng.randrange(1, 240)
    street = f"{rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
    return rng.choice([f"{n} {street}", f"{n} {street}".lower(), f"{n}a {street}",
                       f"Flat {rng.randrange(1, 30)}, {n} {street}", f"flat {rng.randrange(1, 9)} {n} {street}",
                       f"{n}, {street}", f"{n} The Green", f"{n} the crescent", rng.choice(HOUSES),
                       f"Apartment {rng.randrange(1, 60)}, {street}"])


def _mark_condition(condition: str) -> str:
    words = condition.split()
    return " ".join(w if w.lower() in GENERIC else "{condition:%s}" % w for w in words)


# ---- generated items -----------------------------------------------------------------------------

NAME_TEMPLATES = [
    "my {kin} {F} {L} starts at {S} in September, is it any good?",
    "My {kin} {F} is in year {n}. Is {S} good for SEN?",
    "is {S} ok for {F}?",
    "looking for a secondary for {F}.",
    "which primary near {T} would suit {F}",
    "{F} is starting reception in {T}, which school?",
    "{F} has an EHCP, can {S} meet his needs?",
    "my eldest, {F}, wants a sixth form near {T}",
    "I'm {F}, mum of {F2}, we are moving to {T}",
    "mum of {F} here - how do I appeal for {S}?",
    "dad to {F} and {F2}, both need places at {S}",
    "our twins {F} and {F2} {L} need year 7 places",
    "Thanks, {F} {L}",
    "Mrs {L} the head said {S} is full",
    "my {kin}'s name is {F}, he is 10",
    "my {kin} is called {F}, what are the SATs like at {S}?",
    "{f} starts year {n} in september",
    "my {kin} {f} {l} goes to {S}",
    "hi, {F} here. what are {S} GCSE results?",
    "can {F} get into {S} from {T}?",
    "{F}'s teacher says {S} is better",
    "grandson {F} is moving in with us, schools near {T}?",
    "my {kin} {F}-{F2} is 4",
    "ask {F} {L} about {S}",
    "{F} and {F2} are twins, are there places at {S}?",
    "my stepson {F} {L} has been excluded, which schools near {T} take him?",
    "we are fostering {F}, age 9, any good primaries in {T}?",
    "My {kin} {F} {L} (year {n}) is being bullied at {S}",
    "Does {S} have spaces? For {F} {L}",
    "Dear Schoolbot, my {kin} {F} needs a school near {T}. {F} {L}",
    "regards, {F} {L}",
    "Mr {L} from {S} told us to ask",
    "Miss {L} is {F}'s teacher at {S}",
    "Ms {F} {L} is the senco there",
    "{F} {L} is in year {n}",
    "what does progress 8 mean for {F}",
    "my {kin}, {F}, struggles with maths at {S}",
    "could {F} transfer to {S}?",
    "my name is {F} {L} and I want to complain",
    "this is {F}, {F2}'s mum",
]
CONTACT_TEMPLATES = [
    "call me on {P} about {S}",
    "my number is {P}, ring me please",
    "text {P} if there's a place at {S}",
    "whatsapp {P}",
    "office said ring {P} or {P2}",
    "email me at {E} with the results",
    "can you send it to {E}",
    "my email is {E} and phone {P}",
    "message me {H}",
    "I'm {H} on telegram",
    "add me {H} for updates on {S}",
    "contact {E} or {P}",
    "we live at {A}, which primary?",
    "our address is {A}, {PC}",
    "we are at {A} {PC}",
    "schools near {PC}",
    "good primaries near {PC}?",
    "catchment for {PC} please",
    "we're moving to {A} in {T}",
    "nearest secondary to {PC}",
    "is {S} near {A}?",
    "our postcode is {PC}",
    "primary schools within a mile of {PC}",
    "I live at {A}",
    "{A}, {T} {PC}",
]
ID_TEMPLATES = [
    "her NHS number is {NHS}",
    "NHS no {NHS}, does the school need it?",
    "his UPN is {UPN}, can you check his results",
    "UPN {UPN}",
    "my NI number is {NI}",
    "NI: {NI} for the free school meals form",
    "nhs {NHS} upn {UPN}",
    "the form asks for {NHS}",
]
DATE_TEMPLATES = [
    "my {kin} was born {D}, which year group?",
    "born on {D} - when does {F} start school?",
    "DOB {D}, is it reception or year 1?",
    "date of birth {D}",
    "she was born in {MY}",
    "he was born {D} so summer born?",
    "{F}'s birthday is {D}",
    "born {Y}, which year is that?",
    "dob: {D}",
]
CONDITION_TEMPLATES = [
    "my {kin} has {C}, is {S} good with that?",
    "does {S} support kids with {C}? my {kin} has it",
    "my {kin} is {C}",
    "{F} was diagnosed with {C} last year",
    "we think our {kin} has {C}, what help is there at {S}?",
    "my {kin} has {C} and an EHCP",
    "good schools for a child with {C} near {T}",
    "{F} has {C}",
]
BELIEF_TEMPLATES = [
    "my {kin} is {R}, will {S} respect that?",
    "we're {R}, is {S} a good fit?",
    "we are a {R} family, any schools near {T}?",
    "as {R} parents we want a faith school",
    "we're practising {R}s, which school?",
    "my {kin} is {EH} and gets picked on at {S}",
    "we are {EH}, are there other {EH} families at {S}?",
    "my {kin} is {EH} and {R}",
    "my {EH} {kin} needs a school near {T}",
    "she's {EH}",
    "he's {R}",
    "our {kin} is {EH} and we are new to {T}",
    "I am {R}, does that matter for admissions?",
    "my {kin} is half {EH}",
]


def _fill(template: str, rng: random.Random) -> str:
    first, first2 = rng.choice(FIRST + HYPHENATED), rng.choice(FIRST)
    last = rng.choice(LAST)
    condition = rng.choice(CONDITIONS)
    values = {
        "F": "{name:%s}" % first, "F2": "{name:%s}" % first2, "L": "{name:%s}" % last,
        "f": "{name:%s}" % first.lower(), "l": "{name:%s}" % last.lower(),
        "kin": rng.choice(KIN), "S": rng.choice(SCHOOLS), "T": rng.choice(TOWNS),
        "n": str(rng.randrange(1, 12)),
        "P": "{phone:%s}" % phone(rng), "P2": "{phone:%s}" % phone(rng),
        "E": "{email:%s}" % email(rng, first, last), "H": "{handle:%s}" % handle(rng, first, last),
        "A": "{address:%s}" % address(rng), "PC": "{postcode:%s}" % postcode(rng),
        "NHS": "{nhs:%s}" % nhs_number(rng), "UPN": "{upn:%s}" % upn(rng), "NI": "{ni:%s}" % ni_number(rng),
        "D": "{date:%s}" % date(rng),
        "MY": "{date:%s %d}" % (rng.choice(["March", "June", "September", "Jan", "december"]), rng.randrange(2009, 2021)),
        "Y": "{date:%d}" % rng.randrange(2009, 2021),
        "C": _mark_condition(condition), "R": "{religion:%s}" % rng.choice(RELIGIONS),
        "EH": "{ethnicity:%s}" % rng.choice(ETHNICITIES),
    }
    for key in sorted(values, key=len, reverse=True):
        template = template.replace("{%s}" % key, values[key])
    return template


def generated(seed: int = 9, count: int = 480) -> list[Item]:
    """`count` messages from the templates above, filled from the pools (seeded)."""
    rng = random.Random(seed)
    groups = [NAME_TEMPLATES] * 4 + [CONTACT_TEMPLATES] * 3 + [ID_TEMPLATES] * 2 + [DATE_TEMPLATES] + \
        [CONDITION_TEMPLATES] * 2 + [BELIEF_TEMPLATES] * 2
    items = []
    for _ in range(count):
        marked = _fill(rng.choice(rng.choice(groups)), rng)
        if rng.random() < 0.15:
            marked = marked.lower()  # people write in lower case
        items.append(parse(marked))
    return items


# ---- hand-written items --------------------------------------------------------------------------

HAND = """
Hi, my son {name:Jack} {name:Preston} has {condition:ADHD} and we live at {address:14 Mill Lane}, {postcode:GU16 8PY}. Is Oakfield Junior any good?
for {name:Mohammed}.
my daughter {name:amelia-rose} starts reception next year
I'm {name:Dawit}'s grandad, which secondary is best?
mum of {name:Ayesha} and {name:Zainab}, looking at St Mary's
my son {name:Łukasz} {name:Wiśniewski} is in year 4 at Riverside Primary
{name:Siobhán} {name:Ní} {name:Bhriain} here, what are the SATs results for Holy Cross?
our little one {name:Zoë} is {condition:autistic}, any specialist provision near Kestlewick?
my daughter {name:Grace} {name:Hill} - is Castle Hill Infant good for her?
is St Mary's good for {name:Rose}?
Can {name:Will} get into King Charles Primary? He's in year 6
we live at {address:7 high street}, {postcode:gu168py}
we live at {address:3 The Green}, Little Oxlow
{address:Rose Cottage}, Upper Wendle - nearest primary?
{address:Flat 4, 21 Kingsway}, {postcode:SW1A 1AA}
my son was born in {date:March 2016}, which year is he in?
born {date:12/03/2016}
DOB {date:2016-03-12}
she was born on the {date:3rd of June 2015}
call {phone:7700 900123} after 5
ring me {phone:+44 7700 900 123} or {phone:0118 496 0000}
my mobile {phone:07700900123}
{phone:+44 (0)20 7946 0018} is the office
her NHS number is {nhs:943 476 5919}
UPN {upn:A123456789012}
NI number {ni:QQ 12 34 56 C}
my son has {condition:Down} syndrome, will Meadowbank take him?
my daughter {condition:self-harms}, is there counselling at Marrowby High?
he has {condition:bipolar} disorder and {condition:sickle} {condition:cell}
my son is {religion:Muslim} and {ethnicity:mixed race}
are there Catholic primaries near Tollbridge?
we are {religion:Sikh}, is there a Sikh school in the area?
my kids are {ethnicity:Black Caribbean}, how diverse is Kestlewick School?
message me on {handle:t.me/janedoe} or {handle:@jane_doe88}
my insta is {handle:instagram.com/priya.patel}
email {email:j.smith@btinternet.com} please
Mrs {name:Okafor}, the head at Greenacre, said there are places
Thanks, {name:Sarah}
thanks {name:Tom} x
I'm {name:Priya}, my daughter {name:Anjali} has {condition:dyslexia}
{name:Jack} is in year 6 at Oakfield Junior, what about Brindlecombe Academy?
{name:Amelia} {name:Baker} and {name:Noah} {name:Jones} are twins
{name:Tariq}'s SATs at St John the Baptist?
my step-daughter {name:Ioana} {name:Popescu} just arrived from Romania
my boy {name:Kwame} {name:Mensah} (year 9) is being bullied
our son {name:Chidi}, who is {condition:deaf}, needs a new school
grandma of {name:Hodan} here. she is {ethnicity:Somali} and {religion:Muslim}
my nephew {name:Cian} {name:O'Brien} is moving from Dublin
we're {ethnicity:Polish}, my son {name:Piotr} speaks little English
my daughter {name:Wei} {name:Chen} is in year 2
ask my wife {name:Fatima} she knows
{name:Harpreet} {name:Kaur} here, my son {name:Arjun} starts year 7
my son {name:arjun} {name:singh} starts year 7
my son {name:mark} is in year 5
my daughter {name:hope} has {condition:epilepsy}
my son {name:Leo}'s {condition:asthma} is bad, does Kestlewick School have a nurse?
hi im {name:Yasmin}, dd {name:Layla} is 4
DS {name:Oscar} has {condition:dyspraxia}
my granddaughter {name:Blessing} {name:Adeyemi} needs a primary near Marrowby
my son {name:Jayden} was born {date:01/09/2015}
my son's {condition:type} {condition:1} {condition:diabetes} - can Tollbridge Community College cope?
daughter has {condition:coeliac} disease, school dinners?
my son {name:Mehmet} {name:Yılmaz} is {religion:muslim}
my daughter {name:Chloé} is {ethnicity:white} {ethnicity:british}
my son is {ethnicity:black}, is the school diverse?
he is {ethnicity:Pakistani} and {religion:Muslim}
we are {ethnicity:Irish} {ethnicity:Travellers}
my daughter {name:Saoirse} has {condition:glue} ear
{name:Kai} is {condition:autistic} and non-verbal
dad of {name:Zion} and {name:Malachi}, which secondary near Fernhallow?
my son {name:Bilal} {name:Hussain}, {address:22 Acacia Avenue}, {postcode:B33 8TH}
tel {phone:01632 960001}
whatsapp {phone:+234 803 123 4567}
my son ({name:Oliver}) is in year 3
my daughter, {name:Isla}, struggles at Ashgrove
my twins {name:Ava} & {name:Mia} start in September
our youngest {name:Theo} has {condition:PDA}
the senco Mrs {name:Kowalczyk} wasn't helpful
is Robert May's better than Sir John Leman High for {name:Isaac}?
{name:Rohan}'s mum here
can you tell {name:Grace} about Holy Cross?
my son {name:Ibrahim} was diagnosed with {condition:Perthes} disease
{name:aisha} has {condition:sickle} {condition:cell} anaemia
{name:Noor} and {name:Huda} both go to Hollybush Lane
regards {name:Angharad} {name:Evans}
my email is {email:priya.patel88@gmail.com}, phone {phone:07700 900 456}
{name:Tendai} is in year 10 at Marrowby High School
I'm {name:Emeka}'s dad
my son {name:Dylan}, {date:12.03.16}
my daughter {name:Sinéad}, born {date:3 Jun 2014}
{name:Yusuf} {name:Abdi} year 8 Kestlewick
looking for schools for {name:Khadija}, who has {condition:cerebral} palsy
my stepson {name:Tyrese}'s {condition:ADHD} is getting worse
my {condition:dyslexic} son {name:Ravi} hates Tollbridge
my daughter {name:Amelia} {name:Jones} starts year 3 in september
my son {name:Oliver} {name:Smith-Hughes} is 10
is Kestlewick School good for {name:Mohammed}?
for {name:Mohammed}.
which school is best for my grandson {name:Alfie}
mum of {name:Priya} (7) - any good schools near Marrowby?
I am mum to {name:Chiamaka} and {name:Obinna}
my daughter {name:Aoife} {name:Ní} {name:Dhomhnaill} needs a school place
{name:Siobhán} is 11 and starts secondary next year
her name is {name:Zsófia} {name:Kovács}
my son {name:João} {name:Gonçalves} speaks Portuguese
my son {name:Mateusz} {name:Szczepański} is in year 5
we live on {address:7 high street} {postcode:GU16-8PY}
address: {address:3 The Green}, Fernhallow
{address:12 oak avenue}, brindlecombe
we're at {address:Honeysuckle Cottage}
{address:flat 2b, 45 north road}
born in {date:March 2016}
she was born on {date:12/03/2016}
dob {date:2016-03-12}
born {date:5th July 2014}
he's a summer baby, born {date:21 August 2017}
call {phone:7700 900 123}
my number {phone:07700 900123}
phone {phone:+447700900123}
mobile: {phone:(07700) 900 123}
home {phone:01632 960 123}
ring {phone:020 7946 0958}
NHS {nhs:485 777 3456}
his nhs number is {nhs:4857773456}
UPN {upn:H801200001001}
national insurance {ni:AB123456C}
my son has {condition:Down} syndrome
my daughter {condition:self-harms}
he has {condition:bipolar} and {condition:ADHD}
she has {condition:sickle} {condition:cell}
my son is {condition:autistic} and has {condition:epilepsy}
my son has {condition:Tourette} syndrome
our daughter has {condition:cerebral} palsy and uses a wheelchair
my boy has {condition:dyslexia} and {condition:dyspraxia}
my son was diagnosed with {condition:leukaemia}
my daughter has {condition:anorexia}
he has {condition:OCD} and {condition:anxiety}
my son has {condition:haemophilia}
my son is {religion:Muslim}
my daughter is {religion:Hindu}
we are {religion:Sikh}
my children are {religion:Jewish}
my son is {ethnicity:Black} {ethnicity:British}
my daughter is {ethnicity:mixed} {ethnicity:race}
we're {ethnicity:Bangladeshi}
my son is {ethnicity:Romanian}
my kids are {ethnicity:Somali}
contact me on {handle:t.me/amelia_mum}
my telegram is {handle:@priya_k}
{email:sarah.jones@gmail.com}
see {handle:https://t.me/joinchat/abc123}
{name:Jack}'s mum here, is Oakfield any good?
hi its {name:Fatima}, my son {name:Yusuf} is 4
my stepdaughter {name:Lily-Mae} is 13
{name:Noah} and {name:Isla} both at Riverside
{name:Harry} {name:Potter} lol
can you help {name:Olumide}
help {name:Grace} find a school
my son's called {name:Finn}
my daughter goes by {name:Bea}
the twins ({name:Ava} and {name:Ella}) need year 7 places
{name:Xin} {name:Yi} is my daughter
my son {name:Do} {name:Van} {name:Minh} is 6
{name:Kofi} {name:Annan} - year 9
{name:Emily}, aged 10, needs a new school
{name:ravi} and {name:sunita} are my kids
{name:Ahmed}, {name:Bilal} and {name:Sara} go to St Mary's
is there room at Greenacre for {name:Lucas}?
I'm writing for my nephew {name:Sandeep}
Uncle of {name:Tomasz} here
my granddaughter {name:Mei} {name:Ling} starts nursery
{name:Oscar} {name:Wilde}'s school
my youngest {name:Rhiannon} is in year 1
my son, {name:jack} {name:smith}, is in year 4
MY SON {name:JACK} NEEDS A SCHOOL
Mrs. {name:O’Neill} said no
Dr {name:Patel} referred us
the head, Mr {name:Young}, is new
{name:Amelia} {name:Young} is in reception
{name:Sophie} {name:Baker} and her brother {name:Max}
is {name:Tom} {name:Hardy} in your records
{name:jack} preston? no, {name:jack} {name:preston} is my son
{name:Chloe} 😊 loves Oakfield
my daughter ({name:Maisie}, 5) has {condition:eczema}
my kid {name:Tyler} got excluded
our foster child {name:Destiny} needs a new school
{name:Ruby} and I moved to Kestlewick
we adopted {name:Kayden} last year
i am {name:Hafsa}, my daughter {name:Maryam} is in year 2
we are the {name:Okonkwo} family
the {name:Nowak} family are moving to Tollbridge
my partner {name:Dan} thinks Meadowbank is better
my husband {name:Imran} wants a muslim school
my wife {name:Agnieszka} speaks polish
my son {name:Kacper} is {ethnicity:Polish}
my son {name:Ali} is {religion:Shia} {religion:Muslim}
my daughter {name:Leah} is {religion:Jewish} and {condition:coeliac}
{name:Thandiwe}'s school report
{name:Ngozi} {name:Eze} (mum)
Sent from {name:Kemi}'s iPhone
Cheers, {name:Gav}
best, {name:Rebecca}
- {name:Joanne}
{name:Lauren} x
{name:Aarav} {name:Shah} starts reception
my daughter {name:Isabella-Rose} {name:Thompson-Clarke}
{name:Darragh} {name:O'Sullivan} needs a secondary near Little Oxlow
the girl is {name:Fenella}
her sister {name:Hannah} is at Ashgrove
our eldest {name:Gabriel} goes to Holy Cross
my son {name:Tomás} has {condition:dyslexia}
{name:Łucja} is {condition:deaf}
{name:Zeynep} {name:Yılmaz} year 6
my son’s name is {name:Rayan}
{name:Jayden}’s teacher
my little girl {name:Poppy} is {condition:autistic}
is Castle Hill ok for {name:Freddie}? he has {condition:PDA}
looking for a place for {name:Emmanuel}, age 12, {ethnicity:Ghanaian}
what's the attendance like at Meadowbank? asking for my son {name:Ahmed}
hello, I am {name:Małgorzata} {name:Nowak} and my son {name:Jakub} is {condition:autistic}
"""
COMMENTS = """
I wanted to know if {name:Jack} can get in
catchment for {postcode:RG22 4AB}
you didn't say if they take kids with {condition:autism}
call me {phone:07700 900789}
my son {name:Omar} needs a place this term
email me {email:omar.dad@gmail.com}
nothing about {condition:dyslexia} support
whether {name:Priya} would be happy there
if the school is good for {religion:Muslim} kids like {name:Zayn}
the bus from {address:12 Station Road}
for {name:Grace}
term dates
uniform cost
wanted the head's name
is there a breakfast club
ok thanks, so the 2nd round offers are in may? - {name:Tom}
who do i ask about a school place in Redhill? {name:Kev}, {phone:07700 900 172}
{name:Robin} {name:Hartnell} here, is Bohunt still outstanding?
Hey, {name:Jun-jun} {name:Dela} {name:Cruz} here, is there a bus to Knights Templar?
{name:jess} {name:king}, mum to {name:jake}, what does the UPN mean?
hiya, I'm {name:Catriona} ({name:Cat}) {name:McCarthy}, 3 kids, what schools are near Farnham
my son {name:Liang} {name:Wong} (year 9) is {ethnicity:Chinese} and the only one in his class, any more mixed schools?
hi we are {religion:Sikh} and {ethnicity:Punjabi}, can my daughter keep her kara on in PE at Cranbourne
we're {religion:Lutheran}, would a CofE primary accept our son {name:Matthias}?
my son {name:Jack} is {condition:type 1} and wears a pump, are staff trained at Weydon?
our daughter {name:Daisy-May} has {condition:global delay} and is {condition:non verbal}, is Rachel Madocks good?
my daughter {name:Carys} {name:Jenkins} is {condition:mute} since her dad died, what help is there?
we live at {address:Little Acre, Sheet Road}, which primary is closest?
"""

ORDINARY = """
is Oakfield Junior any good?
how did Brindlecombe Academy do in GCSEs?
what does progress 8 mean?
primary schools near Kestlewick
good primaries near GU15
compare Marrowby High and Tollbridge Community College
St Mary's Ofsted rating
when was St John the Baptist last inspected?
how many pupils at Castle Hill Infant?
what are the SATs results at Riverside Primary?
phone number for Meadowbank School
how do I apply to Kestlewick School?
when do I apply for a primary school place?
does Greenacre have a breakfast club?
is Hollybush Lane Primary Academy improving?
term dates at Oakfield Junior please
what is the attainment 8 score for Marrowby High?
is St Aidan's Catholic High a good school?
which secondary schools are in Tollbridge?
are there any Catholic primaries near Marrowby?
what percentage of pupils get free school meals at Ashgrove?
how big are the classes at Fernhallow Primary?
is Brindlecombe Girls' Grammar selective?
what is the pupil to teacher ratio at Upper Wendle Primary?
how does Holy Cross compare with the local authority average?
does Kestlewick Middle School have a sixth form?
what does requires improvement mean?
is the school oversubscribed?
what are the admission criteria?
can you explain the EBacc?
what is a free school?
best schools in Brindlecombe
tell me about Ashcombe House School
what time does the school day start at Brackenwood?
my son starts in september, which primary?
my daughter needs a secondary near Kestlewick
is it easy to get a place at Marrowby Primary?
what are the reading, writing and maths results?
how many children are in each year group?
what's the Ofsted report say about behaviour?
is there an autism unit nearby?
how far is Tollbridge Primary from the station?
does Little Oxlow CofE Primary have spaces in year 3?
what were the KS2 results last year?
what about its pupils?
and Ofsted?
the one in Tollbridge
compare it with Oakfield Junior
which school has the better results?
how are the GCSE grades at Kestlewick School?
is Brindlecombe Nursery School outstanding?
which schools near Fernhallow are rated good?
what is the average progress score in Demoshire?
what happens if we miss the deadline?
how do appeals work?
are there any grammar schools near Brindlecombe?
what is the absence rate at Riverside?
can I visit the school before applying?
is there a waiting list for reception?
what is the school's religious character?
is it a girls school or mixed?
does the school have a SEN unit?
what does SUPP mean?
how many teachers work there?
is Marrowby High getting better or worse?
what is the catchment area for Greenacre?
do they have a good music department?
does the school offer french or spanish?
how much homework do they set?
is there a school bus from Upper Wendle?
what after school clubs are there?
how strict is the uniform policy?
what are the fees at Ashcombe House?
are the teachers good at Kestlewick?
what is the headteacher like?
when is the open evening?
how many applications were there last year?
is it a good school for a shy kid?
what is the ofsted grade for st marys?
kestlewick school results pls
whats the best primary in tollbridge
how do i appeal a school place decision
is meadowbank any good for sen kids
compare greenacre vs ashgrove
what percentage got grade 5 in english and maths?
how many pupils are disadvantaged?
when are the next SATs?
do they teach latin at St Aidan's?
what is a pupil premium?
how is attainment measured?
""".strip().splitlines()


def hand_written() -> list[Item]:
    return [parse(line) for line in (HAND + COMMENTS).strip().splitlines() if line.strip()]


def corpus() -> list[Item]:
    """The whole corpus: hand-written messages and comments, then the generated ones."""
    return hand_written() + generated()


def ordinary_generated(seed: int = 11, count: int = 150) -> list[str]:
    """Ordinary questions made from phrasings and the demo schools and towns (no personal data)."""
    rng = random.Random(seed)
    templates = ["is {S} any good?", "how did {S} do in GCSEs?", "{S} Ofsted", "{S} SATs results",
                 "how many pupils at {S}?", "what is the phone number of {S}", "primary schools in {T}",
                 "secondary schools near {T}", "compare {S} and {S2}", "how do I apply to {S}?",
                 "term dates at {S}", "is {S} improving?", "what is {S} like?", "{S} exam results",
                 "tell me about {S}", "does {S} have a sixth form?", "catchment area for {S}",
                 "uniform at {S}", "what is the progress 8 score for {S}?", "best schools in {T}"]
    out = []
    for _ in range(count):
        t = rng.choice(templates).replace("{S2}", rng.choice(SCHOOLS[:16]))
        t = t.replace("{S}", rng.choice(SCHOOLS[:16])).replace("{T}", rng.choice(TOWNS))
        out.append(t.lower() if rng.random() < 0.2 else t)
    return out
