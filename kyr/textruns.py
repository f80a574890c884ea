"""Per-character font fallback: split text into runs that each font really draws, so nothing is dropped."""

from __future__ import annotations

from functools import lru_cache

from kyr import fonts
from kyr.errors import KyrError


def escape(text: str) -> str:
    """Escape text for ReportLab's paragraph markup (xml.sax.saxutils pulls in urllib at import)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Characters every run may absorb without a font switch of their own.
_NEUTRAL = frozenset(" \u00a0\n\t")


def chain_for(primary: tuple[str, ...]) -> tuple[str, ...]:
    """A language's fonts followed by the global fallback order, without repeats."""
    return tuple(dict.fromkeys((*primary, *fonts.FALLBACK_ORDER)))


def family_for(ch: str, chain: tuple[str, ...]) -> str | None:
    """The first font that draws `ch`; Latin, Greek and Cyrillic always come from the Latin font.

    CJK fonts carry their own Latin letters; drawing those from one font keeps Latin text alike
    in every language and keeps them out of the (larger) CJK subsets.
    """
    cp = ord(ch)
    if cp < fonts.LATIN_BELOW and cp in fonts.coverage(fonts.LATIN_FAMILY):
        return fonts.LATIN_FAMILY
    for family in chain:
        if cp in fonts.coverage(family):
            return family
    return None


def runs(text: str, chain: tuple[str, ...]) -> list[tuple[str, str]]:
    """[(family, text), ...] covering `text`; a KyrError names any character no font draws."""
    out: list[tuple[str, str]] = []
    current: str | None = None
    buf: list[str] = []
    for ch in text:
        if ch in _NEUTRAL and current is not None:
            buf.append(ch)
            continue
        family = family_for(ch, chain)
        if family is None:
            raise KyrError(f"cannot print {ch!r} (U+{ord(ch):04X}): none of the installed fonts draws it")
        if family != current and buf:
            out.append((current or family, "".join(buf)))
            buf = []
        current = family
        buf.append(ch)
    if buf:
        out.append((current or chain[0], "".join(buf)))
    return out


def uncovered(text: str, chain: tuple[str, ...]) -> set[str]:
    """Characters of `text` that no font in the chain (nor the global fallback) draws."""
    return {ch for ch in set(text) if ch not in _NEUTRAL and family_for(ch, chain) is None}


@lru_cache(maxsize=4096)
def markup(text: str, chain: tuple[str, ...], bold: bool = False) -> str:
    """ReportLab paragraph markup for plain `text`, naming the font (and weight) of every run.

    Only for document text (messages, profile values): it is cached, and typed field values must
    never be kept, so they go through runs() instead.
    """
    parts = []
    for family, chunk in runs(text, chain):
        body = escape(chunk).replace("\n", "<br/>")
        parts.append(f'<font name="{fonts.font_name(family, bold)}">{body}</font>')
    return "".join(parts)
