"""Settings from the environment and `.env` (pydantic-settings), and where the data folder is."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, time
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, PrivateAttr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "schoolbot"
_TIME_OF_DAY = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def is_checkout(folder: Path) -> bool:
    """`folder` is a Schoolbot source checkout: its pyproject.toml names the schoolbot project."""
    try:
        with open(folder / "pyproject.toml", "rb") as fh:
            return tomllib.load(fh).get("project", {}).get("name") == APP_NAME
    except (OSError, tomllib.TOMLDecodeError):
        return False


def default_data_dir() -> Path:
    """The current folder's data/ when run from a checkout, otherwise the user's data folder
    (platformdirs: ~/.local/share/schoolbot on Linux, honouring XDG_DATA_HOME)."""
    if is_checkout(Path.cwd()):
        return Path.cwd() / "data"
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


class Operator(BaseModel):
    """Someone who answers for an area on Telegram (/review, /answer): their LA and organisation."""

    la: int = Field(ge=100, le=999)
    by: str = Field(min_length=2, max_length=120)


class Settings(BaseSettings):
    """Every setting Schoolbot reads; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str = ""  # empty: the SQLite file schoolbot.db in data_dir
    telegram_bot_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org/bot"
    telegram_file_url: str | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    gias_base_url: str | None = None  # default: the gias base of knowledge/sources.yaml
    sources_base_url: str | None = None  # fetch every source from {this}/{base name} (a mirror)
    log_hash_key: str = "change-me"
    log_key_period: Literal["day", "week", "month"] = "month"
    log_retention_days: int = Field(90, ge=1)
    refresh_at: str = ""  # HH:MM, UTC: `schoolbot run` fetches and ingests daily then; empty: never
    refresh_sources: str = ""  # the sources it fetches, comma-separated; empty: every source
    # operators: keyed hash of a Telegram user id (bot.questionlog.hashing.operator_hash) -> LA, by
    operators: dict[str, Operator] = Field(default_factory=dict)
    _database_in_data_dir: bool = PrivateAttr(False)

    @field_validator("refresh_at")
    @classmethod
    def _time_of_day(cls, value: str) -> str:
        value = value.strip()
        if value and not _TIME_OF_DAY.fullmatch(value):
            raise ValueError(f"REFRESH_AT must be a time of day in UTC, HH:MM on the 24-hour clock "
                             f"(e.g. 03:30), or empty for no scheduled refresh; not {value!r}")
        return value

    @field_validator("refresh_sources")
    @classmethod
    def _known_sources(cls, value: str) -> str:
        names = [n.strip() for n in value.split(",") if n.strip()]
        if names:
            from bot.sources import all_sources

            known = all_sources()
            unknown = [n for n in names if n not in known]
            if unknown:
                raise ValueError(f"REFRESH_SOURCES names unknown source(s) {', '.join(unknown)}; "
                                 f"the sources are: {', '.join(known)}")
        return ",".join(names)

    @property
    def refresh_time(self) -> time | None:
        """REFRESH_AT as a time of day in UTC; None when no refresh is scheduled."""
        if not self.refresh_at:
            return None
        hours, minutes = self.refresh_at.split(":")
        return time(int(hours), int(minutes), tzinfo=UTC)

    @property
    def refresh_source_names(self) -> list[str]:
        """REFRESH_SOURCES as a list (empty: every source)."""
        return self.refresh_sources.split(",") if self.refresh_sources else []

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir.resolve() / 'schoolbot.db'}"
            self._database_in_data_dir = True
        return self

    @property
    def database_in_data_dir(self) -> bool:
        """DATABASE_URL is not set: the database is the SQLite file in the data folder."""
        return self._database_in_data_dir

    @property
    def downloads_dir(self) -> Path:
        """Where `schoolbot fetch` keeps what it downloads."""
        return self.data_dir / "downloads"

    def data_dir_note(self) -> str:
        """One line saying where the data folder is and why, for the start of a command."""
        where = self.data_dir.resolve()
        if "data_dir" in self.model_fields_set:
            why = "DATA_DIR"
        elif is_checkout(Path.cwd()):
            why = "this checkout's data/"
        else:
            why = "the user data folder; run from a checkout to use its data/, or set DATA_DIR"
        return f"Data folder: {where} ({why})"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
