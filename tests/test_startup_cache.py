"""The start-up cache (bot.startup_cache): a bot loads the index, the records' caches and the word
list an earlier process kept, answers exactly as a bot that built them, never uses a file kept
for other data or code, and builds afresh (and rewrites the file) when the file is damaged or
foreign. On SQLite and PostgreSQL."""

from __future__ import annotations

import pickle
import random
import string
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import startup_cache
from bot.core import Schoolbot
from bot.db import make_engine, session_scope
from bot.demo import ensure_data
from bot.ingest import ingest_paths
from bot.models import School, SourceFile
from bot.understanding.matcher import SchoolIndex

GIAS_HEADER = ('"URN","LA (code)","LA (name)","EstablishmentName","EstablishmentStatus (name)",'
               '"PhaseOfEducation (name)","Town","Postcode","LastChangedDate"')


@pytest.fixture
def demo_engine(db_url):
    """A database of its own holding the demo data (these tests change it)."""
    engine = make_engine(db_url)
    ensure_data(engine)
    yield engine
    engine.dispose()


def _schools(engine) -> list[tuple[int, str]]:
    with session_scope(engine) as session:
        return [(s.urn, s.name) for s in session.query(School).order_by(School.urn)]


def _questions(engine, seed: int) -> list[str]:
    """Questions about every school, as parents type them: names lower case, shortened, misspelt."""
    rng = random.Random(seed)
    out = []
    for _, name in _schools(engine):
        said = name.lower() if rng.random() < 0.5 else name
        if rng.random() < 0.3:
            said = said.replace(" School", "").replace(" school", "")
        if rng.random() < 0.3 and len(said) > 6:
            i = rng.randrange(1, len(said) - 1)
            said = said[:i] + said[i + 1:]
        out.append(rng.choice(["is {} any good", "{} ofsted", "how did {} do in GCSEs", "{}"]).format(said))
    return out + ["schools near ZZ1", "what is progress 8", "primary schools in Demoshire"]


def _answers(bot: Schoolbot, questions: list[str]) -> list[dict]:
    out = []
    for q in questions:
        answer = bot.ask(q).to_json()
        answer.pop("question_id", None)
        out.append(answer)
    return out


def _refuse_building(monkeypatch) -> None:
    """From here on, building the index from the database fails the test."""
    def no(*_a, **_k):
        raise AssertionError("the index was built from the database, not loaded")

    monkeypatch.setattr("bot.records.index_rows", no)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_bot_loads_what_the_first_kept_and_answers_the_same(demo_engine, monkeypatch, seed):
    questions = _questions(demo_engine, seed)
    first = Schoolbot(demo_engine, log=False)
    assert startup_cache.cache_path(demo_engine).exists()
    built = _answers(first, questions)
    _refuse_building(monkeypatch)
    for warm in (True, False):
        again = Schoolbot(make_engine(str(demo_engine.url.render_as_string(hide_password=False))),
                          log=False, warm=warm)
        assert _answers(again, questions) == built
    assert startup_cache.load(demo_engine).source == "cache"


def _new_schools(seed: int, n: int = 4) -> list[tuple[int, str]]:
    """Schools with invented names no demo school shares."""
    rng = random.Random(seed)
    names = {"".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randrange(7, 11))).title()
             for _ in range(n)}
    return [(980000 + i, f"{word} {rng.choice(['Primary School', 'Academy', 'High School'])}")
            for i, word in enumerate(sorted(names))]


def _gias(folder: Path, schools: list[tuple[int, str]]) -> Path:
    rows = [f'"{urn}","999","Demoshire (fictional)","{name}","Open","Primary","Tollbridge","ZZ7 1AA","01-03-2022"'
            for urn, name in schools]
    path = folder / "new_schools.csv"
    path.write_text("\r\n".join([GIAS_HEADER, *rows]) + "\r\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("seed", [3, 4])
def test_an_ingest_that_changes_the_data_is_never_answered_from_the_old_file(demo_engine, tmp_path, seed):
    Schoolbot(demo_engine, log=False)  # keeps the file for the demo data
    path = startup_cache.cache_path(demo_engine)
    kept = path.read_bytes()
    new = _new_schools(seed)
    ingest_paths(demo_engine, [_gias(tmp_path, new)])  # the library ingest: the file is not touched
    assert path.read_bytes() == kept
    bot = Schoolbot(demo_engine, log=False)
    for urn, name in new:
        assert bot.ask(f"is {name} any good").schools == [urn], name
    assert path.read_bytes() != kept and startup_cache.load(demo_engine).source == "cache"


def test_schoolbot_ingest_prepares_the_file_for_the_next_start(db_url, tmp_path, monkeypatch):
    new = _new_schools(5)
    result = CliRunner().invoke(_cli(), ["ingest", "--quiet", "--db", db_url, str(_gias(tmp_path, new))])
    assert result.exit_code == 0, result.output
    assert "Start-up cache ready" in result.output
    engine = make_engine(db_url)
    _refuse_building(monkeypatch)
    bot = Schoolbot(engine, log=False)
    assert [bot.ask(name).schools for _, name in new] == [[urn] for urn, _ in new]
    engine.dispose()


def _cli():
    from bot.cli import main

    return main


def _forged(path: Path, engine) -> None:
    """A file with the right header and checksums whose pickle names a function."""
    marker = path.with_name("forged-was-run")

    class Evil:
        def __reduce__(self):
            return (Path.touch, (marker,))

    startup_cache._write(path, startup_cache.cache_key(engine), {"index": Evil(), "records": None, "words": Evil()})


DAMAGE = {
    "truncated": lambda path, engine: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
    "a byte changed": lambda path, engine: path.write_bytes(
        (lambda b: b[:-100] + bytes([b[-100] ^ 0x55]) + b[-99:])(path.read_bytes())),
    "empty": lambda path, engine: path.write_bytes(b""),
    "not a cache": lambda path, engine: path.write_bytes(b"SQLite format 3\x00" + bytes(200)),
    "other data": lambda path, engine: startup_cache._write(
        path, "0" * 64, {"index": {}, "records": None, "words": frozenset()}),
    "a section missing": lambda path, engine: path.write_bytes(
        path.read_bytes().replace(b"\nwords ", b"\nother ", 1)),
    "forged": _forged,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_or_foreign_file_is_ignored_and_rewritten(demo_engine, damage):
    questions = _questions(demo_engine, 6)
    expected = _answers(Schoolbot(demo_engine, log=False), questions)
    path = startup_cache.cache_path(demo_engine)
    DAMAGE[damage](path, demo_engine)
    assert startup_cache.load(demo_engine).source == "built"
    assert not path.with_name("forged-was-run").exists()
    assert _answers(Schoolbot(demo_engine, log=False), questions) == expected
    assert startup_cache.load(demo_engine).source == "cache"  # rewritten, whole


def test_a_file_kept_by_other_code_is_not_used(demo_engine, monkeypatch):
    Schoolbot(demo_engine, log=False)
    assert startup_cache.load(demo_engine).source == "cache"
    monkeypatch.setattr(startup_cache, "code_version", lambda: "a newer matcher")
    assert startup_cache.load(demo_engine).source == "built"
    assert startup_cache.load(demo_engine).source == "cache"


def test_nothing_is_kept_when_the_records_change_while_it_is_built(demo_engine, monkeypatch):
    path = startup_cache.cache_path(demo_engine)
    path.unlink(missing_ok=True)
    build = SchoolIndex.from_engine.__func__

    def build_during_an_ingest(cls, engine):
        index = build(cls, engine)
        with session_scope(engine) as session:  # an ingest commits meanwhile
            session.add(SourceFile(name="x.csv", sha256="f" * 64, kind="gias", loaded_at=datetime.now()))
        return index

    monkeypatch.setattr(SchoolIndex, "from_engine", classmethod(build_during_an_ingest))
    assert startup_cache.load(demo_engine).source == "built, not kept"
    assert not path.exists()


def test_an_in_memory_database_keeps_nothing(tmp_path):
    from bot.db import migrate

    engine = make_engine("sqlite://")
    migrate(engine)
    assert startup_cache.cache_path(engine) is None
    assert startup_cache.load(engine).source == "built, not kept"


def _records(seed: int, n: int = 300) -> list:
    """Invented schools sharing words, towns and LAs, some closed with a successor."""
    from bot.understanding.matcher import SchoolRecord

    rng = random.Random(seed)
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randrange(4, 9))).title()
             for _ in range(60)]
    towns = [f"{w}ton" for w in words[:15]]
    out = []
    for i in range(n):
        urn = 100000 + i
        name = " ".join(rng.sample(words, rng.randrange(1, 3))) + rng.choice(
            [" Primary School", " Academy", " Infant School", " CofE Junior School", " High School"])
        closed = i > 10 and rng.random() < 0.2
        out.append(SchoolRecord(
            urn=urn, name=name, town=rng.choice(towns), phase=rng.choice(["Primary", "Secondary", None]),
            is_open=not closed, la_name=rng.choice(["Northshire", "Southby"]), postcode=f"GU{rng.randrange(1, 30)} 1AA",
            former_names=(f"{name} Old",) if rng.random() < 0.1 else (),
            successor_urn=urn - rng.randrange(1, 10) if closed else None, gender=rng.choice(["Mixed", "Girls"])))
    return out


@pytest.mark.parametrize("seed", [7, 8, 9])
def test_a_loaded_index_reads_and_matches_as_the_built_one(seed):
    built = SchoolIndex.from_records(_records(seed))
    loaded = SchoolIndex.from_state(pickle.loads(pickle.dumps(built.state())))
    assert len(loaded.entries) == len(built.entries) and loaded.entries[-1] == built.entries[-1]
    assert loaded.entries[3:9:2] == built.entries[3:9:2] and list(loaded.entries) == built.entries
    assert dict(loaded.records) == built.records and loaded.records.get(1) is None and 1 not in loaded.records
    assert loaded.records[100005] is loaded.entries[loaded.urn_entry[100005]].record
    rng = random.Random(seed)
    for record in rng.sample(list(built.records.values()), 60):
        said = record.name.lower() if rng.random() < 0.5 else record.name.split(" ")[0]
        place = rng.choice([None, record.town, record.postcode])
        assert loaded.match(said, place=place) == built.match(said, place=place), said


def test_an_ingest_succeeds_when_the_start_up_cache_cannot_be_prepared(db_url, tmp_path, monkeypatch):
    def broken(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(startup_cache, "_write", broken)
    new = _new_schools(10)
    result = CliRunner().invoke(_cli(), ["ingest", "--quiet", "--db", db_url, str(_gias(tmp_path, new))])
    assert result.exit_code == 0, result.output
    assert "Start-up cache not prepared" in result.output
    engine = make_engine(db_url)
    assert Schoolbot(engine, log=False).ask(new[0][1]).schools == [new[0][0]]
    engine.dispose()
