"""Locations, venues, charts and list buttons through the Telegram adapter, the real core and the
fake Bot API (both back-ends): a shared location gets the nearest schools by real distance and
leaves nothing of itself in the database or the log; "where is X?" sends a venue with the
school's GIAS position; a trend question sends a photo; a nearby list offers each school's card."""

from __future__ import annotations

import logging
import random
import struct

import pytest
from pyproj import Geod, Transformer
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.core import Schoolbot
from bot.models import Base
from bot.settings import Settings
from tests.helpers.fake_telegram import FakeTelegram, visible_text
from tests.helpers.factories import Records, ks4_school
from tests.helpers.telegram_app import buttons, running_app

TO_WGS84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
GEOD = Geod(ellps="WGS84")
CENTRE = (488000, 158000)
NAMES = ["Alder", "Birchwood", "Cedarfield", "Dogwood", "Elmbridge", "Firtree", "Gorsebrook", "Hazelmere",
         "Ivybank", "Juniper", "Kestrel", "Larchwood", "Maplehurst", "Nutfield", "Oakhanger", "Pinegrove",
         "Quincey", "Rowanfield", "Sycamore", "Tamarisk"]


def latlon(e: float, n: float) -> tuple[float, float]:
    lon, lat = TO_WGS84.transform(e, n)
    return lat, lon


@pytest.fixture
def area(engine):
    """Twenty primary schools scattered around a point (each placed as GIAS places it), one
    secondary school with three years of Progress 8, and a postcode district."""
    rng = random.Random(11)
    r = Records(engine)
    grid = {}
    for i in range(20):
        e, n = CENTRE[0] + rng.randint(-3000, 3000), CENTRE[1] + rng.randint(-3000, 3000)
        lat, lon = latlon(e, n)
        r.school(100001 + i, f"{NAMES[i]} Primary School", phase="Primary", low_age=4, high_age=11,
                 easting=e, northing=n, latitude=lat, longitude=lon, street=f"{i} Lane", postcode="GU16 7AA")
        grid[100001 + i] = (e, n)
    ks4_school(r, 200001, name="Elm Secondary School", year=2019, easting=CENTRE[0] + 9000, northing=CENTRE[1],
               latitude=latlon(CENTRE[0] + 9000, CENTRE[1])[0], longitude=latlon(CENTRE[0] + 9000, CENTRE[1])[1])
    for year, p8 in ((2017, -0.3), (2018, 0.2)):
        r.figs(200001, "ks4", year, p8=p8, p8_ci_low=p8 - 0.2, p8_ci_high=p8 + 0.2)
        r.figs("la", "ks4", year, p8=0.1)
    r.postcode("GU16", *CENTRE)
    r.done()
    return grid


def core(engine) -> Schoolbot:
    return Schoolbot(engine, Settings(_env_file=None, log_hash_key="k" * 32))


def shown(params: dict) -> str:
    """What Telegram shows of a sent message."""
    return visible_text(params["text"], params.get("parse_mode"))


def everything(engine) -> set[str]:
    """Every row of every table, the bot's own state included."""
    out = set()
    with Session(engine) as s:
        for table in Base.metadata.sorted_tables:
            out |= {f"{table.name}: {tuple(row)!r}" for row in s.execute(select(table))}
    return out


@pytest.mark.parametrize("seed", range(2))
async def test_a_shared_location_gets_the_nearest_schools_and_leaves_no_trace(engine, area, caplog, seed):
    rng = random.Random(seed)
    e, n = CENTRE[0] + rng.randint(-1500, 1500), CENTRE[1] + rng.randint(-1500, 1500)
    lat, lon = latlon(e + rng.random(), n + rng.random())
    by_distance = sorted(area, key=lambda u: GEOD.inv(lon, lat, *reversed(latlon(*area[u])))[2])
    bot = core(engine)
    before = everything(engine)
    caplog.set_level(logging.INFO)
    async with FakeTelegram() as fake, running_app(fake, bot) as tg:
        await tg.send(fake.location(lat, lon, chat_id=601))
        [sent] = fake.sent()
    said = shown(sent)
    listed = [int(b["callback_data"][2:]) for b in buttons(sent) if b["callback_data"].startswith("c:")]
    assert listed == by_distance[:len(listed)] and len(listed) >= 3
    assert said.startswith("Schools near you") and "Primary School" in said
    traces = {f"{lat:.4f}", f"{lon:.4f}", f"{lat:.3f}", f"{lon:.3f}", str(lat)[:7], str(lon)[:7]}
    stored = "\n".join(everything(engine) - before)  # what answering the location wrote
    assert stored and not [t for t in traces if t in stored], "the location is stored"
    assert not [t for t in traces if t in caplog.text], "the location is logged"
    with engine.connect() as conn:
        logged = conn.execute(text("SELECT text, la_code, intent, id FROM question_log")).all()
        schools = conn.execute(text("SELECT count(*) FROM question_log_schools")).scalar()
        chats = conn.execute(text("SELECT count(*) FROM conversations")).scalar()
    assert [(t, la, i) for t, la, i, _ in logged] == [("[shared location]", 936, "nearby")]
    assert schools == 0 and chats == 0  # only the LA: no school, no conversation


async def test_where_is_a_school_sends_a_venue_with_its_gias_position(engine, area):
    urn = 100005
    async with FakeTelegram() as fake, running_app(fake, core(engine)) as tg:
        await tg.send(fake.message("where is Elmbridge Primary School?", chat_id=602))
        [venue] = fake.sent("sendVenue")
        [card] = fake.sent()
    assert (venue["latitude"], venue["longitude"]) == pytest.approx(latlon(*area[urn]), abs=1e-6)
    assert venue["title"] == "Elmbridge Primary School" and "4 Lane" in venue["address"]
    assert fake.methods().index("sendVenue") < fake.methods().index("sendMessage")
    assert "Elmbridge Primary School is at 4 Lane" in shown(card)


async def test_a_trend_question_sends_its_chart_as_a_photo(engine, area):
    async with FakeTelegram() as fake, running_app(fake, core(engine)) as tg:
        await tg.send(fake.message("is Elm Secondary School getting better?", chat_id=603))
        await fake.wait_for("sendPhoto")
        [answer] = fake.sent()
        [photo] = fake.sent("sendPhoto")
    assert "Progress 8" in shown(answer)
    png = fake.photos[0]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (640, 380)
    assert photo["caption"] == "Elm Secondary School: Progress 8"
    assert fake.methods().index("sendMessage") < fake.methods().index("sendPhoto")


async def test_a_nearby_list_offers_each_schools_card(engine, area):
    async with FakeTelegram() as fake, running_app(fake, core(engine)) as tg:
        await tg.send(fake.message("primary schools near GU16", chat_id=604))
        listing = fake.last_message(604)
        cards = [b for b in buttons(listing) if b["callback_data"].startswith("c:")]
        assert len(cards) == 10 and cards[0]["text"].startswith("1. ") and "Primary School" in cards[0]["text"]
        await tg.send(fake.callback(cards[2]["callback_data"], listing))
        card = fake.sent()[-1]
    assert fake.sent("editMessageText") == []  # the list stays; the card comes as a new message
    name = cards[2]["text"].split(". ", 1)[1]
    assert shown(card).startswith(name)


async def test_start_offers_the_location_button_in_private_chats_only(engine, area):
    async with FakeTelegram() as fake, running_app(fake, core(engine)) as tg:
        await tg.send(fake.message("/start", chat_id=605))
        await tg.send(fake.message("/help@school_test_bot", chat_id=-100605, chat_type="supergroup"))
        private, group = fake.sent()
    [[button]] = private["reply_markup"]["keyboard"]
    assert button == {"text": "📍 Send my location", "request_location": True}
    assert "reply_markup" not in group or "keyboard" not in (group.get("reply_markup") or {})
