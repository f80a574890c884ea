"""Per-character font fallback: split text into runs that each font really draws, so nothing is dropped."""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from kyr import fonts
from kyr.errors import KyrError

# Characters every run may absorb without a font switch of their own.
_NEUTRAL = frozenset(" \u00a0\n\t")


def chain_for(primary: tuple[str, ...]) -> tuple[str, ...]:
    """A language's fonts followed by the global fallback order, without repeats."""
    return tuple(dict.fromkeys((*primary, *fonts.FALLBACK_ORDER)))


def family_for(ch: str, chain: tuple[str, ...]) -> str | None:
    cp = ord(ch)
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
    """ReportLab paragraph markup for plain `text`, with a <font> tag wherever the font changes."""
    parts = []
    for family, chunk in runs(text, chain):
        fonts.register(family)
        body = escape(chunk).replace("\n", "<br/>")
        parts.append(body if family == chain[0] else f'<font name="{family}">{body}</font>')
    joined = "".join(parts)
    return f"<b>{joined}</b>" if bold else joined
