"""Per-character font fallback: split text into runs that each font really draws, so nothing is dropped."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kyr import fonts
from kyr.errors import KyrError
from kyr.shaping import SHAPED_FAMILIES


def escape(text: str) -> str:
    """Escape text for ReportLab's paragraph markup (xml.sax.saxutils pulls in urllib at import)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Characters every run may absorb without a font switch of their own.
_NEUTRAL = frozenset(" \u00a0\n\t")
# Joiners stay with the letters they join, in the font that draws them, as marks stay with their base.
_JOINERS = frozenset("\u200c\u200d")


def chain_for(primary: tuple[str, ...]) -> tuple[str, ...]:
    """A language's fonts followed by the global fallback order, without repeats."""
    return tuple(dict.fromkeys((*primary, *fonts.FALLBACK_ORDER)))


# Scripts whose letters change shape, join, reorder or stack: drawn glyph by glyph without a shaping
# engine they print wrongly (a Devanagari i-sign on the wrong side, Arabic letters unjoined and left to
# right) while the text layer still reads right, so no text check could see it. kyr shapes those its
# fonts in kyr.shaping.SHAPED_FAMILIES draw (Arabic, Devanagari, Gurmukhi, Khmer); a character of any
# other of these scripts is refused, never printed wrong.
_NEEDS_SHAPING = (
    (0x0590, 0x08FF, "Hebrew, Arabic, Syriac or Thaana"),
    (0x0900, 0x0DFF, "an Indic script (Devanagari, Bengali, Gurmukhi, Gujarati, Tamil and others)"),
    (0x0E00, 0x0EFF, "Thai or Lao"),
    (0x0F00, 0x109F, "Tibetan or Myanmar"),
    (0x1780, 0x18AF, "Khmer or Mongolian"),
    (0xA8E0, 0xA8FF, "Devanagari"),
    (0xFB1D, 0xFDFF, "Hebrew or Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
)


# Any character of those scripts, for a quick look at a whole text.
SHAPED_SCRIPT = re.compile("[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high, _ in _NEEDS_SHAPING) + "]")


@lru_cache(maxsize=8192)  # single characters: nothing a person typed can be read back from them
def needs_shaping(ch: str) -> str | None:
    """The name of the script `ch` belongs to when it needs a shaping engine to print right."""
    cp = ord(ch)
    for low, high, name in _NEEDS_SHAPING:
        if low <= cp <= high:
            return name
    return None


# Bidi embeddings, overrides and isolates can make printed text read differently from what was typed.
_BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


def is_control(ch: str) -> bool:
    """A control character, a line or paragraph separator, or a bidi override: never printed."""
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ord(ch) in _BIDI_CONTROLS


@lru_cache(maxsize=65536)  # per character and font chain, as needs_shaping
def family_for(ch: str, chain: tuple[str, ...]) -> str | None:
    """The first font that draws `ch`; Latin, Greek and Cyrillic always come from the Latin font, and a
    script that needs shaping only from a font kyr shapes.

    CJK fonts carry their own Latin letters; drawing those from one font keeps Latin text alike
    in every language and keeps them out of the (larger) CJK subsets.
    """
    cp = ord(ch)
    if needs_shaping(ch):  # only a shaped font draws it right, even where Noto Sans has the glyphs
        return next((f for f in chain if f in SHAPED_FAMILIES and cp in fonts.coverage(f)), None)
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
        if current is not None and _stays(ch, current):
            buf.append(ch)
            continue
        family = family_for(ch, chain)
        script = needs_shaping(ch)
        if script is not None and family not in SHAPED_FAMILIES:
            raise KyrError(f"cannot print {ch!r} (U+{ord(ch):04X}): kyr cannot yet shape {script} correctly, "
                                 "so it refuses rather than print it wrong")
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


@lru_cache(maxsize=8192)
def _stays(ch: str, current: str) -> bool:
    """Whether `ch` continues a run in `current` (a character, not text: cached like family_for)."""
    return ch in _NEUTRAL or (_sticks(ch, current) and ord(ch) in fonts.coverage(current))


def _sticks(ch: str, current: str) -> bool:
    """Whether `ch` stays in the current run's font (when that font has it) rather than start its own.

    Marks and joiners always do. Punctuation does after a shaped script: a full stop or a bracket
    then joins the word it follows, shaped (and mirrored, right to left) with it, and the text layer
    reads "word." rather than "word ." as two separate runs would.
    """
    if ch in _JOINERS or unicodedata.category(ch).startswith("M"):
        return True
    return current in SHAPED_FAMILIES and unicodedata.category(ch)[0] in "PS"


def uncovered(text: str, chain: tuple[str, ...]) -> set[str]:
    """Characters of `text` that no font in the chain (nor the global fallback) draws, or draws correctly."""
    out = set()
    for ch in set(text) - _NEUTRAL:
        family = family_for(ch, chain)
        if family is None or (needs_shaping(ch) and family not in SHAPED_FAMILIES):
            out.add(ch)
    return out


@lru_cache(maxsize=4096)
def markup(text: str, chain: tuple[str, ...], bold: bool = False) -> str:
    """ReportLab paragraph markup for plain `text`, naming the font (and weight) of every run.

    Only for document text (messages, profile values): it is cached, and typed field values must
    never be kept, so they go through runs() instead. Text with a shaped script is laid out by
    kyr.paragraphs, not through markup.
    """
    parts = []
    for family, chunk in runs(text, chain):
        body = escape(chunk).replace("\n", "<br/>")
        parts.append(f'<font name="{fonts.font_name(family, bold)}">{body}</font>')
    return "".join(parts)
