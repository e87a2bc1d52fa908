"""`schoolbot answers add/list/edit/retire/load` (local answers) and `answers operator`."""

from __future__ import annotations

import json
from datetime import date, datetime

import click

from bot.cli.options import db_option, open_engine
from bot.questionlog.hashing import operator_hash
from bot.questionlog.local_answers import LocalAnswerError, LocalAnswers, Served, topics
from bot.settings import get_settings

day_type = click.DateTime(formats=["%Y-%m-%d"])


def _store(db_url: str | None) -> LocalAnswers:
    return LocalAnswers(open_engine(db_url))


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _scope(a: Served) -> str:
    if a.urn is not None:
        return f"school {a.urn} (LA {a.la_code})" if a.la_code is not None else f"school {a.urn}"
    return f"LA {a.la_code}" if a.la_code is not None else "England"


def _status(a: Served, today: date) -> str:
    if a.retired:
        return "retired"
    return "expired" if not a.live(today) else "live"


def _said(a: Served, verb: str) -> str:
    until = f", until {a.expires:%-d %B %Y}" if a.expires else ""
    return f"{verb} local answer {a.id}: {a.topic} for {_scope(a)}, from {a.by}{until}"


def _run(action):
    try:
        return action()
    except LocalAnswerError as err:
        raise click.ClickException(str(err)) from err


topic_help = f"An unanswerable topic ({', '.join(topics())}) or the words of a review theme."


@click.group()
def answers() -> None:
    """Local answers: what councils, schools and parents' groups say where open data cannot."""


@answers.command()
@click.option("--topic", required=True, help=topic_help)
@click.option("--la", type=int, help="LA code (e.g. 936); none: all of England.")
@click.option("--school", "urn", type=int, help="URN of one school (its LA follows).")
@click.option("--by", required=True, help='Who answers, as parents should see it ("Surrey County Council").')
@click.option("--source", required=True, help="Your page with the full answer (https://…).")
@click.option("--text", required=True, help="The answer, plain text, at most 600 characters.")
@click.option("--expires", type=day_type, help="Last day to serve it (YYYY-MM-DD).")
@db_option
def add(topic, la, urn, by, source, text, expires, db_url) -> None:
    """Add a local answer, served after Schoolbot's own "not in open data" line."""
    store = _store(db_url)
    added = _run(lambda: store.add(topic=topic, text=text, by=by, source=source, la=la, urn=urn,
                                   expires=_day(expires)))
    click.echo(_said(added, "Added"))


@answers.command(name="list")
@click.option("--la", type=int, help="Only England's answers and those of this LA and its schools.")
@click.option("--live", is_flag=True, help="Leave out retired answers.")
@db_option
def list_(la, live, db_url) -> None:
    """List local answers, newest first, with their status (live, expired, retired)."""
    store = _store(db_url)
    found = store.list(la=la, retired=not live)
    today = store.clock().date()
    click.echo(f"{len(found)} local answer(s)")
    for a in found:
        until = f" · until {a.expires.isoformat()}" if a.expires else ""
        click.echo(f"#{a.id} {a.topic} · {_scope(a)} · {a.by} · {a.dated.isoformat()}{until} · {_status(a, today)}")
        click.echo(f"    {a.text}\n    {a.source}")


@answers.command()
@click.argument("answer_id", type=int)
@click.option("--topic", help=topic_help)
@click.option("--la", type=int, help="LA code.")
@click.option("--school", "urn", type=int, help="URN of one school.")
@click.option("--by", help="Who answers.")
@click.option("--source", help="Your page (https://…).")
@click.option("--text", help="The answer, plain text, at most 600 characters.")
@click.option("--expires", type=day_type, help="Last day to serve it (YYYY-MM-DD).")
@click.option("--no-expiry", is_flag=True, help="Serve it until retired.")
@db_option
def edit(answer_id, topic, la, urn, by, source, text, expires, no_expiry, db_url) -> None:
    """Change a local answer (only the options given); its date becomes today."""
    if expires and no_expiry:
        raise click.UsageError("give --expires or --no-expiry, not both")
    store = _store(db_url)
    changed = _run(lambda: store.edit(answer_id, topic=topic, la=la, urn=urn, by=by, source=source,
                                      text=text, expires=False if no_expiry else _day(expires)))
    click.echo(_said(changed, "Changed"))


@answers.command()
@click.argument("answer_id", type=int)
@db_option
def retire(answer_id, db_url) -> None:
    """Stop serving a local answer (it stays listed, with its feedback)."""
    store = _store(db_url)
    click.echo(_said(_run(lambda: store.retire(answer_id)), "Retired"))


@answers.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--replace", is_flag=True,
              help="Also retire the live answers of the file's organisations that it no longer lists.")
@db_option
def load(path, replace, db_url) -> None:
    """Add or update the answers of a YAML file (checked whole before anything is written)."""
    store = _store(db_url)
    counts = _run(lambda: store.load(path, replace=replace))
    click.echo(", ".join(f"{n} {what}" for what, n in counts.items() if n or what != "retired"))


@answers.command()
@click.argument("telegram_user_id")
@click.option("--la", type=int, required=True, help="The operator's LA code.")
@click.option("--by", required=True, help="Their organisation, as parents see it.")
def operator(telegram_user_id, la, by) -> None:
    """Print the OPERATORS entry naming a Telegram user as an operator (a keyed hash, never the id)."""
    if not telegram_user_id.isdigit():
        raise click.BadParameter("a Telegram user id is a number", param_hint="TELEGRAM_USER_ID")
    settings = get_settings()
    entry = {operator_hash(settings.log_hash_key, telegram_user_id): {"la": la, "by": by}}
    click.echo(json.dumps(entry, ensure_ascii=False))
    click.echo("Merge it into the OPERATORS setting (a JSON object). It is keyed with LOG_HASH_KEY: "
               "changing that key means naming operators again.", err=True)


COMMANDS = [answers]
