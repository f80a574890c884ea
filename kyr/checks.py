"""Catalog checks, pofilter-style: small named predicates over one message, each with a severity."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from babel.messages.catalog import Message as PoMessage

from kyr.errors import KyrError
from kyr.languages import CJK_SCRIPTS, get_language
from kyr.textruns import chain_for, is_control, needs_shaping, uncovered

ERROR = "error"
WARNING = "warning"

_BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_PERCENT = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-+ #0]*\d*(?:\.\d+)?[sdifr%]")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
# Sentence-end punctuation per writing system: Latin-style and full-width (CJK) forms.
_END_LATIN = {".": ".", "!": "!", "?": "?", ":": ":"}
_END_CJK = {".": "。", "!": "！", "?": "？", ":": "："}
# Scripts with end marks of their own; either form is accepted (Latin "." is common in Armenian signs,
# the Latin "?" in Punjabi). A tuple lists every accepted form.
_END_OWN: dict[str, dict[str, tuple[str, ...]]] = {
    "Armn": {".": ("։", ":", "."), "?": ("՞", "?"), "!": ("՜", "!"), ":": (":",)},
    "Arab": {".": (".",), "?": ("؟", "?"), "!": ("!",), ":": (":",)},
    "Guru": {".": ("।", "."), "?": ("?",), "!": ("!",), ":": (":",)},
    "Khmr": {".": ("។", "."), "?": ("?", "។"), "!": ("!", "។"), ":": (":", "៖")},
}
_ALL_ENDS = {m for table in _END_OWN.values() for forms in table.values() for m in forms}


@dataclass(frozen=True)
class Unit:
    """One translated message as a check sees it."""

    context: str | None
    source: str
    target: str
    fuzzy: bool
    lang: str
    script: str
    lineno: int = 0

    @classmethod
    def from_po(cls, msg: PoMessage, lang: str, script: str) -> Unit:
        return cls(msg.context, str(msg.id), str(msg.string or ""), msg.fuzzy, lang, script, msg.lineno or 0)

    @property
    def is_document_text(self) -> bool:
        return bool(self.context)


@dataclass(frozen=True)
class Problem:
    check: str
    severity: str
    unit: Unit
    detail: str
    path: Path | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.unit.lineno}: " if self.path else ""
        what = self.unit.context or repr(self.unit.source)  # interface messages have no context
        return f"{where}{self.severity}: {self.check}: {what}: {self.detail}"


@dataclass(frozen=True)
class Glossary:
    """Terms that must stay as they are, and terms each language must translate one way."""

    keep: tuple[str, ...] = ()
    consistent: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Glossary:
        text = (
            path.read_text(encoding="utf-8")
            if path
            else resources.files("kyr.locales").joinpath("glossary.toml").read_text(encoding="utf-8")
        )
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise KyrError(f"{path or 'glossary.toml'}: {exc}") from None
        return cls(tuple(raw.get("keep", {}).get("terms", ())), raw.get("consistent", {}))


Check = Callable[[Unit, Glossary], str | None]
CHECKS: dict[str, tuple[str, Check]] = {}


def check(name: str, severity: str) -> Callable[[Check], Check]:
    """Register a predicate: it returns a description of the problem, or None."""

    def register(fn: Check) -> Check:
        CHECKS[name] = (severity, fn)
        return fn

    return register


def _differ(pattern: re.Pattern[str], unit: Unit) -> str | None:
    src, dst = sorted(pattern.findall(unit.source)), sorted(pattern.findall(unit.target))
    if src == dst:
        return None
    return f"source has {', '.join(src) or 'none'}, translation has {', '.join(dst) or 'none'}"


@check("missing", ERROR)
def missing(unit: Unit, glossary: Glossary) -> str | None:
    return "not translated" if unit.is_document_text and not unit.target else None


@check("missing-interface", WARNING)
def missing_interface(unit: Unit, glossary: Glossary) -> str | None:
    # The web interface falls back to English for a missing message; a document never does.
    if unit.is_document_text or unit.target:
        return None
    return "not translated (the web interface shows the English)"


@check("fuzzy", ERROR)
def fuzzy(unit: Unit, glossary: Glossary) -> str | None:
    return "marked fuzzy: review it and remove the flag" if unit.is_document_text and unit.fuzzy else None


@check("printable", ERROR)
def printable(unit: Unit, glossary: Glossary) -> str | None:
    """A character that would not print, or would print wrongly: a control, line separator or bidi override,
    a character no installed font draws, or a script kyr cannot shape yet."""
    bad = []
    for ch in dict.fromkeys(unit.target):
        if ch != "\n" and is_control(ch):
            bad.append(f"control character U+{ord(ch):04X}")
    try:
        chain = chain_for(get_language(unit.lang).fonts)
    except KyrError:
        chain = chain_for(())
    for ch in sorted(uncovered(unit.target.replace("\n", ""), chain)):
        script = needs_shaping(ch)
        bad.append(f"{ch!r} (U+{ord(ch):04X}): " + (f"{script} cannot be shaped yet" if script else "no font draws it"))
    return "cannot print " + "; ".join(bad[:3]) if bad else None


@check("placeholders", ERROR)
def placeholders(unit: Unit, glossary: Glossary) -> str | None:
    return _differ(_BRACE, unit) if unit.target else None


@check("printf", ERROR)
def printf(unit: Unit, glossary: Glossary) -> str | None:
    return _differ(_PERCENT, unit) if unit.target else None


@check("markup", ERROR)
def markup(unit: Unit, glossary: Glossary) -> str | None:
    return _differ(_TAG, unit) if unit.target else None


@check("glossary-keep", ERROR)
def glossary_keep(unit: Unit, glossary: Glossary) -> str | None:
    if not unit.target:
        return None
    lost = [t for t in glossary.keep if _has_term(unit.source, t) and t not in unit.target]
    return f"must stay as written: {', '.join(lost)}" if lost else None


@check("glossary-consistent", WARNING)
def glossary_consistent(unit: Unit, glossary: Glossary) -> str | None:
    terms = glossary.consistent.get(unit.lang, {})
    if not unit.target:
        return None
    off = []
    for src, dst in terms.items():
        # A term inside a longer glossary term ("attorney" in "district attorney") follows that term.
        source = unit.source
        for longer in terms:
            if len(longer) > len(src) and _has_term(longer, src):
                source = re.sub(re.escape(longer), " ", source, flags=re.IGNORECASE)
        # Khmer marks word boundaries with zero-width spaces, inside a term too.
        if _has_term(source, src) and dst.casefold() not in unit.target.replace("\u200b", "").casefold():
            off.append(f"{src!r} as {dst!r}")
    return f"translate {'; '.join(off)}" if off else None


@check("end-punctuation", WARNING)
def end_punctuation(unit: Unit, glossary: Glossary) -> str | None:
    if not unit.target:
        return None
    if unit.script in _END_OWN:
        marks = _END_OWN[unit.script]
    else:
        marks = {k: (v,) for k, v in (_END_CJK if unit.script in CJK_SCRIPTS else _END_LATIN).items()}
    src_end = unit.source.rstrip()[-1:]
    dst = unit.target.rstrip()
    expected = marks.get(src_end)
    # Armenian puts its question and exclamation marks on the stressed vowel, inside the sentence.
    inside = unit.script == "Armn" and src_end in "?!" and any(m in dst for m in expected or ())
    if expected and not dst.endswith(expected) and not inside:
        return f"source ends with {src_end!r}; the translation should end with {' or '.join(map(repr, expected))}"
    ends = (*_END_LATIN.values(), *_END_CJK.values(), *_ALL_ENDS)
    if not expected and dst[-1:] in ends and src_end not in ")":
        return f"the translation ends with {dst[-1]!r} but the source has no end punctuation"
    return None


@check("spacing", WARNING)
def spacing(unit: Unit, glossary: Glossary) -> str | None:
    t = unit.target
    if not t:
        return None
    if t != t.strip():
        return "leading or trailing white space"
    if "  " in t:
        return "double space"
    if unit.script in CJK_SCRIPTS and re.search(r" [，。：；！？、）]|[（] ", t):
        return "space next to full-width punctuation"
    # "a .po file": a dot that starts a word is a file extension, not punctuation.
    if unit.script not in CJK_SCRIPTS and re.search(r" (?:[,;:!?)]|\.(?!\w))", t):
        return "space before punctuation"
    return None


def _has_term(text: str, term: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", text, re.IGNORECASE) is not None


def run(
    units: Iterable[Unit], glossary: Glossary, path: Path | None = None, only: Iterable[str] | None = None
) -> list[Problem]:
    """Every problem every selected check finds in these units."""
    selected = {name: CHECKS[name] for name in (only or CHECKS)}
    problems = []
    for unit in units:
        for name, (severity, fn) in selected.items():
            detail = fn(unit, glossary)
            if detail:
                problems.append(Problem(name, severity, unit, detail, path))
    return problems
