"""One line of mixed text: its font runs in bidi order, shaped where needed, measured and drawn.

Text that needs neither shaping nor right-to-left order goes through ReportLab as before; this
module handles a line with Arabic, Farsi, Devanagari, Gurmukhi or Khmer in it, or any line of a
right-to-left paragraph. Lines are broken in logical order (wrap), then each line is put in visual
order: the Unicode bidi algorithm's levels (python-bidi), then its rule L2 over the runs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from bidi import algorithm as uba
from bidi.mirror import MIRRORED
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kyr import fonts, shaping
from kyr.textruns import runs

ZWSP = "\u200b"  # a break opportunity (Khmer catalogs mark word boundaries with it); never drawn
_BREAKS = (" ", ZWSP)
_REMOVED_BY_X9 = frozenset(("RLE", "LRE", "RLO", "LRO", "PDF", "BN"))


def needs_own_layout(text: str, chain: tuple[str, ...], rtl: bool) -> bool:
    """Whether text must be laid out here rather than by ReportLab: right to left, or a shaped script."""
    return rtl or any(family in shaping.SHAPED_FAMILIES for family, _ in runs(text, chain))


@dataclass(frozen=True)
class Piece:
    """A run of one font and one direction, in the order it is drawn (left to right)."""

    family: str
    text: str  # in logical order
    rtl: bool
    width: float
    glyphs: list[shaping.Glyph] | None  # for a shaped family


def levels(text: str, rtl: bool) -> list[int]:
    """The bidi embedding level of every character of one line, for a paragraph of direction `rtl`."""
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    resolved = iter(storage["chars"])
    out: list[int] = []
    for ch in text:
        # Rule X9 drops joiners (ZWJ, ZWNJ) and other boundary neutrals: they take their neighbour's level.
        if uba.bidirectional(ch) in _REMOVED_BY_X9:
            out.append(out[-1] if out else storage["base_level"])
        else:
            out.append(next(resolved)["level"])
    return out


def _visual_order(items: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Rule L2 over runs of one level: reverse every sequence at or above each odd level, highest first."""
    if not items:
        return items
    order = list(items)
    top = max(level for level, _, _ in order)
    low = min(level for level, _, _ in order)
    lowest_odd = low if low % 2 else low + 1
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if order[i][0] >= level:
                j = i
                while j < len(order) and order[j][0] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def _measure_run(family: str, text: str, size: float, bold: bool) -> float:
    if family in shaping.SHAPED_FAMILIES:
        return shaping.width(shaping.shape(text, family, bold), size)
    return stringWidth(text, fonts.font_name(family, bold), size)


def measure(text: str, chain: tuple[str, ...], size: float, bold: bool = False) -> float:
    """The width of one line (direction does not change it)."""
    return sum(_measure_run(family, chunk, size, bold) for family, chunk in runs(text.replace(ZWSP, ""), chain))


def pieces(text: str, chain: tuple[str, ...], size: float, bold: bool, rtl: bool) -> list[Piece]:
    """A line's runs in visual order, each shaped (or mirrored) as it will be drawn."""
    text = text.replace(ZWSP, "")
    lv = levels(text, rtl)
    items: list[tuple[int, str, str]] = []
    at = 0
    for family, chunk in runs(text, chain):
        start = at
        at += len(chunk)
        for i in range(start, at):
            if items and i > start and items[-1][0] == lv[i]:
                items[-1] = (lv[i], family, items[-1][2] + text[i])
            else:
                items.append((lv[i], family, text[i]))
    out = []
    for level, family, chunk in _visual_order(items):
        odd = level % 2 == 1
        if family in shaping.SHAPED_FAMILIES:
            glyphs = shaping.shape(chunk, family, bold, rtl=odd)
            out.append(Piece(family, chunk, odd, shaping.width(glyphs, size), glyphs))
        else:
            shown = "".join(MIRRORED.get(ch, ch) for ch in reversed(chunk)) if odd else chunk
            out.append(Piece(family, shown, odd, stringWidth(shown, fonts.font_name(family, bold), size), None))
    return out


def draw(canvas: Canvas, x: float, y: float, text: str, chain: tuple[str, ...], size: float, *,
         bold: bool = False, rtl: bool = False, color: object = None) -> float:
    """Draw one line with its left edge at x and baseline at y; returns its width."""
    placed = pieces(text, chain, size, bold, rtl)
    canvas.saveState()
    if color is not None:
        canvas.setFillColor(color)
    at = x
    for piece in placed:
        if piece.glyphs is not None:
            _draw_shaped(canvas, at, y, piece, size, bold)
        elif piece.text.strip():
            obj = canvas.beginText(at, y)
            obj.setFont(fonts.font_name(piece.family, bold), size)
            obj.textOut(piece.text)
            canvas.drawText(obj)
        at += piece.width
    canvas.restoreState()
    return at - x


def _draw_shaped(canvas: Canvas, x: float, y: float, piece: Piece, size: float, bold: bool) -> None:
    """A shaped run, word by word so that text extraction reads right-to-left words correctly.

    Poppler and PDFium both take the characters of a right-to-left marked-content span as laid out
    left to right and reverse them, as they do for glyphs: so a right-to-left word's ActualText is
    given in that visual order, and each word is its own span.
    """
    glyphs = piece.glyphs or []
    text = piece.text
    at = x
    start = 0
    for i in range(len(glyphs) + 1):
        if i < len(glyphs) and text[glyphs[i].cluster] != " ":
            continue
        word = glyphs[start:i]
        if word:
            first = min(g.cluster for g in word)
            last = max(g.cluster for g in word)
            end = _cluster_end(text, glyphs, last)
            actual = text[first:end]
            shaping.draw(canvas, at, y, piece.family, bold, size, word, actual[::-1] if piece.rtl else actual)
            at += shaping.width(word, size)
        if i < len(glyphs):
            at += glyphs[i].advance * size / 1000
        start = i + 1


def _cluster_end(text: str, glyphs: list[shaping.Glyph], cluster: int) -> int:
    later = [g.cluster for g in glyphs if g.cluster > cluster]
    return min(later) if later else len(text)


def wrap(text: str, width: float, measure_line: Callable[[str], float]) -> list[str]:
    """Greedy lines in logical order, broken at spaces and zero-width spaces.

    A word wider than the line is cut between grapheme clusters (never inside a syllable's stack).
    """
    lines: list[str] = []
    for hard in text.split("\n"):
        line = ""
        for word, sep in _words(hard):
            candidate = line + word
            if not line or measure_line(candidate.rstrip(" ")) <= width:
                line = candidate + sep
                continue
            lines.append(line.rstrip(" " + ZWSP))
            line = word + sep
        while line and measure_line(line.rstrip(" " + ZWSP)) > width:
            head, line = _cut(line, width, measure_line)
            lines.append(head)
        if line.strip(" " + ZWSP) or not lines:
            lines.append(line.rstrip(" " + ZWSP))
    return [ln for ln in lines if ln] or [""]


def _words(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    word = ""
    for ch in text:
        if ch in _BREAKS:
            out.append((word, ch))
            word = ""
        else:
            word += ch
    if word:
        out.append((word, ""))
    return out


def _cut(text: str, width: float, measure_line: Callable[[str], float]) -> tuple[str, str]:
    """The longest head of `text` that fits, ending at a grapheme boundary, and the rest."""
    best = 0
    for i in range(1, len(text)):
        if not _boundary(text, i):
            continue
        if measure_line(text[:i]) > width:
            break
        best = i
    best = best or next((i for i in range(1, len(text)) if _boundary(text, i)), len(text))
    return text[:best], text[best:]


_JOINERS = frozenset("\u200c\u200d\u17d2\u0a4d\u094d")  # ZWNJ, ZWJ, Khmer coeng, Gurmukhi and Devanagari virama


def _boundary(text: str, i: int) -> bool:
    """Whether a line may be cut before text[i]: not before a mark, not after a joiner or virama."""
    return not unicodedata.category(text[i]).startswith("M") and text[i - 1] not in _JOINERS
