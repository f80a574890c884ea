"""Babel extractor for forms/*.toml, registered as the `kyr_forms` extraction method."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any, BinaryIO

from kyr.documents import parse

# Babel's default keyword spec for pgettext is ((1, 'c'), 2): context first, then the message.
_FUNC = "pgettext"


def _line_of(text: str, msgid: str) -> int:
    """The 1-based line where the TOML source first spells this message, for the #: reference."""
    needle = msgid.replace("\\", "\\\\").replace('"', '\\"')
    idx = text.find(needle)
    return text.count("\n", 0, idx) + 1 if idx >= 0 else 1


def extract_forms(
    fileobj: BinaryIO,
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Yield every message of one document definition, with its context and translator comment."""
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    name = getattr(fileobj, "name", "<forms>")
    doc = parse(text, str(name))
    tag = next(iter(comment_tags), "TRANSLATORS:") if comment_tags else "TRANSLATORS:"
    for message in doc.messages:
        comments = [f"{tag} {message.comment}"] if message.comment else []
        yield _line_of(text, message.msgid), _FUNC, (message.context, message.msgid), comments
