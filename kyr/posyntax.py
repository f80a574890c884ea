"""A strict reader's check of .po syntax, encoding and plural header, with file and line.

Babel's reader is forgiving (an unquoted msgstr reads as empty, a second msgstr is ignored), so a
translator's typo could silently blank a sentence on a form. This check refuses such a file first.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from kyr.errors import KyrError

_STRING = r'"(?:[^"\\]|\\[\\"abfnrtv?]|\\[0-7]{1,3}|\\x[0-9A-Fa-f]+)*"'
_KEYWORD = re.compile(rf"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[(\d+)\])\s+({_STRING})\s*$")
_CONTINUATION = re.compile(rf"^\s*{_STRING}\s*$")
_PLURAL = re.compile(r"nplurals\s*=\s*(\d+)")


def validate(path: Path, data: bytes | None = None) -> None:
    """Raise a KyrError naming `path` and the line of the first problem, if any."""
    data = path.read_bytes() if data is None else data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise KyrError(f"{path}:{line}: not valid UTF-8 (catalogs must be UTF-8)") from None
    if text.startswith("\ufeff"):
        raise KyrError(f"{path}:1: starts with a byte-order mark; save it as UTF-8 without BOM")
    _grammar(path, text.splitlines())
    _plural_header(path, text)


def _grammar(path: Path, lines: list[str]) -> None:
    """Each entry is: comments, msgctxt?, msgid, msgid_plural?, msgstr (or msgstr[n]...)."""
    last: str | None = None  # the keyword the current entry reached; None between entries
    unfinished = ("msgctxt", "msgid", "msgid_plural")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if last in unfinished:
                raise KyrError(f"{path}:{number}: {last} is not followed by a msgstr")
            last = None
            continue
        if _CONTINUATION.match(line):
            if last is None:
                raise KyrError(f"{path}:{number}: a quoted string outside any entry")
            continue
        m = _KEYWORD.match(line)
        if not m:
            word = line.split()[0]
            if word.startswith(("msg", '"')):
                raise KyrError(f"{path}:{number}: malformed line (a keyword takes one quoted string): {line[:60]}")
            raise KyrError(f"{path}:{number}: unknown keyword {word[:30]!r}")
        keyword, indexed = m.group(1), m.group(2) is not None
        allowed = {
            "msgctxt": (None, "msgstr"),
            "msgid": (None, "msgctxt", "msgstr"),
            "msgid_plural": ("msgid",),
        }.get(keyword, ("msgid_plural", "msgstr[]") if indexed else ("msgid",))
        if last not in allowed:
            raise KyrError(f"{path}:{number}: {keyword} cannot follow {last or 'the start of an entry'}")
        last = "msgstr[]" if indexed else keyword
    if last in unfinished:
        raise KyrError(f"{path}:{len(lines)}: {last} is not followed by a msgstr")


def _plural_header(path: Path, text: str) -> None:
    language = re.search(r'^"Language:\s*([^\\"]*)', text, re.M)
    plural = re.search(r'^"Plural-Forms:\s*([^"]*)', text, re.M)
    if not language or not plural or not language.group(1).strip():
        return
    try:
        expected = get_plural(Locale.parse(language.group(1).strip())).num_plurals
    except (UnknownLocaleError, ValueError):
        return
    found = _PLURAL.search(plural.group(1))
    line = text[: plural.start()].count("\n") + 1
    if not found:
        raise KyrError(f"{path}:{line}: the Plural-Forms header has no nplurals")
    if int(found.group(1)) != expected:
        raise KyrError(
            f"{path}:{line}: Plural-Forms says nplurals={found.group(1)}, "
            f"but {language.group(1).strip()} has {expected} plural form(s)"
        )
