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
    choices: tuple[str, ...] = ()  # the allowed values, when only some are
    fallback: str | None = None  # another setting to use when this one is not given


REQUESTS = ("detainer", "notification", "transfer", "other")
DECISIONS = ("comply", "decline")
REASONS = ("state-law", "local-policy", "judicial-warrant", "state-law-allows")
# Provisions of the policy brief that California law already requires (the brief names the law): a
# profile can say the jurisdiction goes further, never that it has not adopted them.
STATE_LAW_POLICIES = (
    "no_287g",
    "no_detention_contract",
    "no_holds",
    "consent_forms",
    "truth_act_records",
    "no_status_questions",
    "no_release_notifications",
    "no_civil_ncic_arrests",
    "prosecutors_weigh_consequences",
    "defenders_advise",
    "u_visa_protocol",
)
STATE_LAW_STATUSES = ("required", "further")
LOCAL_POLICIES = (
    "no_joint_operations",
    "no_jail_access",
    "equal_bail",
    "prosecutors_no_sharing",
    "court_protections",
    "no_status_disclosure",
    "statement_of_support",
    "services_for_all",
    "language_access",
    "legal_defense_fund",
    "municipal_id",
    "office_of_immigrant_affairs",
    "safe_schools",
)
LOCAL_STATUSES = ("adopted", "not_adopted", "unknown")
POLICIES = STATE_LAW_POLICIES + LOCAL_POLICIES

SETTINGS: tuple[Setting, ...] = (
    Setting("agency.name", True, "The agency that issues the documents, printed at the top of every page."),
    Setting("agency.facility", True, "The jail or facility; the default for a document's facility field."),
    Setting("agency.address", False, "The agency's postal address, printed under its name."),
    Setting("agency.phone", False, "The agency's public phone number."),
    Setting("jurisdiction.name", True, "The county or city, as the policy brief names it."),
    Setting("legal_help.organization", True, "Who gives free or low-cost immigration legal help."),
    Setting("legal_help.phone", True, "The legal-help phone number printed on documents."),
    Setting("legal_help.web", False, "The legal-help web address."),
    Setting(
        "organization.name",
        False,
        "The advocates' organisation on flyers and wallet cards.",
        fallback="legal_help.organization",
    ),
    Setting("organization.hotline", False, "Its hotline on flyers and wallet cards.", fallback="legal_help.phone"),
    Setting(
        "organization.web", False, "Its web address on flyers, also printed as a QR code.", fallback="legal_help.web"
    ),
    *(
        Setting(
            f"decisions.{r}",
            False,
            f"The agency's usual decision when ICE asks for the `{r}` action, shown to staff as a hint on the web form "
            "(a notice marks only the decisions staff give).",
            "decline",
            DECISIONS,
        )
        for r in REQUESTS
    ),
    *(
        Setting(
            f"reasons.{r}",
            False,
            f"The usual reason for a decision on the `{r}` action: a notice uses it when staff give the decision "
            "without a reason and the reason belongs to that decision.",
            "state-law",
            REASONS,
        )
        for r in REQUESTS
    ),
    *(
        Setting(
            f"policies.{p}",
            False,
            "California law already requires this provision of the policy brief: `required`, or `further` "
            "where local policy goes further.",
            "required",
            STATE_LAW_STATUSES,
        )
        for p in STATE_LAW_POLICIES
    ),
    *(
        Setting(f"policies.{p}", False, "Status of this local provision of the policy brief here.", "unknown",
                LOCAL_STATUSES)
        for p in LOCAL_POLICIES
    ),
)
SETTINGS_BY_NAME = {s.name: s for s in SETTINGS}
EXAMPLE = "example"


@dataclass(frozen=True)
class Profile:
    """A validated jurisdiction profile: setting name -> text."""

    source: str
    values: MappingProxyType[str, str]

    def get(self, name: str) -> str:
        setting = SETTINGS_BY_NAME[name]
        if name in self.values:
            return self.values[name]
        return self.get(setting.fallback) if setting.fallback else setting.default


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
            choices = SETTINGS_BY_NAME[name].choices
            if choices and value.strip() not in choices:
                raise KyrError(f"{source}: {name} must be one of {', '.join(choices)}, not {value!r}"
                               f" ({SETTINGS_BY_NAME[name].help})")
            values[name] = value.strip()
    for s in SETTINGS:
        if s.required and not values.get(s.name):
            raise KyrError(f"{source}: missing required key {s.name!r}")
    return Profile(source, MappingProxyType(values))


def _type(value: Any) -> str:
    return type(value).__name__


# Parsed profiles by path, with the file's (mtime, size) when read: parsed once per process, and read
# again when the file changes (a server keeps running while its profile is edited).
_loaded: dict[str, tuple[tuple[int, int] | None, Profile]] = {}


def load(path: str | Path | None = None) -> Profile:
    """Load a profile file, or the shipped example profile when no path is given (parsed once, re-read
    when the file changes)."""
    if path is None:
        hit = _loaded.get("")
        if hit is None:
            res = resources.files("kyr").joinpath(f"profiles/{EXAMPLE}.toml")
            hit = _loaded[""] = (None, parse(res.read_text(encoding="utf-8"), f"{EXAMPLE} profile"))
        return hit[1]
    p = Path(path)
    try:
        st = p.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        hit = _loaded.get(str(p))
        if hit is not None and hit[0] == stamp:
            return hit[1]
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KyrError(f"{p}: profile not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KyrError(f"{p}: cannot read profile: {exc}") from None
    profile = parse(text, str(p))
    _loaded[str(p)] = (stamp, profile)
    return profile
