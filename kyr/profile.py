"""Jurisdiction profiles: one table of every setting, and a loader that names the file and key of any error."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kyr.errors import KyrError


@dataclass(frozen=True)
class Setting:
    name: str  # dotted: "<table>.<key>"
    required: bool
    help: str
    default: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("agency.name", True, "The agency that issues the documents, printed at the top of every page."),
    Setting("agency.facility", True, "The jail or facility; the default for a document's facility field."),
    Setting("agency.address", False, "The agency's postal address, printed under its name."),
    Setting("agency.phone", False, "The agency's public phone number."),
    Setting("legal_help.organization", True, "Who gives free or low-cost immigration legal help."),
    Setting("legal_help.phone", True, "The legal-help phone number printed on documents."),
    Setting("legal_help.web", False, "The legal-help web address."),
)
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}
EXAMPLE = "example"


@dataclass(frozen=True)
class Profile:
    """A validated jurisdiction profile: setting name -> text."""

    source: str
    values: MappingProxyType[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, SETTINGS_BY_NAME[name].default)


def parse(text: str, source: str) -> Profile:
    """Validate a profile's TOML; every problem names `source` and the offending key."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KyrError(f"{source}: not valid TOML: {exc}") from None
    values: dict[str, str] = {}
    for table, entries in raw.items():
        if not isinstance(entries, dict):
            raise KyrError(f"{source}: {table}: expected a table like [{table}]")
        for key, value in entries.items():
            name = f"{table}.{key}"
            if name not in SETTINGS_BY_NAME:
                raise KyrError(f"{source}: unknown key {name!r}")
            if not isinstance(value, str):
                raise KyrError(f"{source}: {name} must be a string, not {_type(value)}")
            values[name] = value.strip()
    for s in SETTINGS:
        if s.required and not values.get(s.name):
            raise KyrError(f"{source}: missing required key {s.name!r}")
    return Profile(source, MappingProxyType(values))


def _type(value: Any) -> str:
    return type(value).__name__


def load(path: str | Path | None = None) -> Profile:
    """Load a profile file, or the shipped example profile when no path is given."""
    if path is None:
        res = resources.files("kyr").joinpath(f"profiles/{EXAMPLE}.toml")
        return parse(res.read_text(encoding="utf-8"), f"{EXAMPLE} profile")
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KyrError(f"{p}: profile not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KyrError(f"{p}: cannot read profile: {exc}") from None
    return parse(text, str(p))
