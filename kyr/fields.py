"""Field values typed by a person: clean them, check them against the document, format them for a locale."""

from __future__ import annotations

import datetime
import unicodedata

from babel.dates import format_date

from kyr.documents import Document
from kyr.errors import KyrError
from kyr.languages import Language
from kyr.profile import Profile

# Bidi embeddings, overrides and isolates can make printed text read differently from what was typed.
_BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


def clean(key: str, value: str, max_length: int) -> str:
    """NFC-normalise a value and refuse control, bidi-override and unassigned characters."""
    value = unicodedata.normalize("NFC", value).strip()
    for ch in value:
        cp = ord(ch)
        cat = unicodedata.category(ch)
        if cat == "Cc" or cp in _BIDI_CONTROLS:
            raise KyrError(f"field {key!r} contains a control character (U+{cp:04X})")
        if cat in ("Cs", "Cn", "Co"):
            raise KyrError(f"field {key!r} contains an invalid character (U+{cp:04X})")
    if len(value) > max_length:
        raise KyrError(f"field {key!r} is longer than {max_length} characters")
    return value


def parse_date(key: str, value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise KyrError(f"field {key!r} must be a date like 2026-11-24 (YYYY-MM-DD), got {value!r}") from None


def resolve(
    doc: Document,
    given: dict[str, str],
    language: Language,
    profile: Profile,
    blank: bool = False,
) -> dict[str, str]:
    """The printable value of every field: typed values, else profile defaults; none when blank."""
    unknown = sorted(set(given) - set(doc.fields))
    if unknown:
        raise KyrError(f"unknown field {unknown[0]!r} for {doc.id}; its fields are: {', '.join(doc.fields)}")
    if blank and given:
        raise KyrError("a blank form takes no field values; leave out --blank or the --field options")
    values: dict[str, str] = {}
    for key, spec in doc.fields.items():
        raw = given.get(key)
        if raw is None:
            if spec.default and spec.default.startswith("profile:"):
                values[key] = profile.get(spec.default.removeprefix("profile:"))
            continue
        text = clean(key, raw, spec.max_length)
        if not text:
            continue
        if spec.type == "date":
            text = format_date(parse_date(key, text), "long", locale=language.locale())
        values[key] = text
    return values
