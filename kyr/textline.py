"""One line of mixed text: its font runs in bidi order, shaped where needed, measured and drawn.

Text that needs neither shaping nor right-to-left order goes through ReportLab as before; this
module handles a line with Arabic, Farsi, Devanagari, Gurmukhi or Khmer in it, or any line of a
right-to-left paragraph. Lines are broken in logical order (wrap), then each line is put in visual
order: the Unicode bidi algorithm's levels (python-bidi), then its rule L2 over the runs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from bidi import algorithm as uba
from bidi.mirror import MIRRORED
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kyr import fonts, shaping
from kyr.textruns import SHAPED_SCRIPT, runs

ZWSP = "\u200b"  # a break opportunity (Khmer catalogs mark word boundaries with it); never drawn
_BREAKS = (" ", ZWSP)
_REMOVED_BY_X9 = frozenset(("RLE", "LRE", "RLO", "LRO", "PDF", "BN"))


def needs_own_layout(text: str, rtl: bool) -> bool:
    """Whether text must be laid out here rather than by ReportLab: right to left, or a shaped script.

    (A character of such a script that no shaped font draws is refused when its runs are made.)
    """
    return rtl or SHAPED_SCRIPT.search(text) is not None


@dataclass(frozen=True)
class Piece:
    """A run of one font and one direction, in the order it is drawn (left to right)."""

    family: str
    text: str  # as drawn: a shaped run's text as typed; a simple right-to-left run's reversed, brackets mirrored
    rtl: bool
    width: float
    glyphs: list[shaping.Glyph] | None  # for a shaped family
    start: int  # where its text starts in the line (logical order)
    logical: str  # its text as typed


def levels(text: str, rtl: bool) -> list[int]:
    """The bidi embedding level of every character of one line, for a paragraph of direction `rtl`."""
    storage = uba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(text, storage)
    # A phone number, a date, a code or a web address reads left to right as one unit, as if isolated:
    # after Arabic letters the bidi algorithm alone would print "(555) 010-0123" as "0123-010 (555)"
    # and put a web address's final "/" at its start.
    for match in _LTR_UNITS.finditer(text):
        for ch in storage["chars"][match.start() : match.end()]:
            ch["type"] = ch["orig"] = "L"
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    _resolve_brackets(storage["chars"], storage["base_level"])
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


# Read left to right as one unit, whatever surrounds them: web and e-mail addresses, numbers with their
# separators (phone numbers, dates, times, codes).
_LTR_UNITS = re.compile(r"https?://[^\s]+|www\.[^\s]+|[\w.+-]+@[\w-]+\.[\w.]+|\(?\d[\d().:/\-\u00a0 ]*\d|\d")
_BRACKETS = {"(": ")", "[": "]", "{": "}", "\u00ab": "\u00bb", "\uff08": "\uff09"}
_CLOSERS = {v: k for k, v in _BRACKETS.items()}


def _strong(kind: str) -> str | None:
    return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else None


def _resolve_brackets(chars: list[dict], base_level: int) -> None:
    """Rule N0 of the bidi algorithm (python-bidi's predates it): a bracket pair takes one direction.

    So "(B)" inside a Latin citation in a Farsi sentence keeps its closing bracket beside the "B".
    Lines here carry no explicit embeddings (kyr refuses them), so one embedding level: the base.
    """
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(chars):
        if ch["type"] != "ON":
            continue
        if ch["ch"] in _BRACKETS and len(stack) < 63:
            stack.append((_BRACKETS[ch["ch"]], i))
        elif ch["ch"] in _CLOSERS:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch["ch"]:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    embedding = "R" if base_level % 2 else "L"
    for start, end in sorted(pairs):
        inside = {_strong(c["type"]) for c in chars[start + 1 : end]} - {None}
        if not inside:
            continue
        if embedding in inside:
            kind = embedding
        else:
            before = next((_strong(c["type"]) for c in reversed(chars[:start]) if _strong(c["type"])), embedding)
            kind = before  # the opposite direction when the context before establishes it
        chars[start]["type"] = chars[end]["type"] = kind


def _visual_order(items: list[tuple[int, str, str, int]]) -> list[tuple[int, str, str, int]]:
    """Rule L2 over runs of one level: reverse every sequence at or above each odd level, highest first."""
    if not items:
        return items
    order = list(items)
    top = max(item[0] for item in order)
    low = min(item[0] for item in order)
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
        # Shaped in its own direction, as pieces() will (Arabic shaped left to right joins nothing).
        rtl = any(uba.bidirectional(ch) in ("R", "AL") for ch in text)
        return shaping.width(shaping.shape(text, family, bold, rtl=rtl), size)
    return stringWidth(text, fonts.font_name(family, bold), size)


def measure(text: str, chain: tuple[str, ...], size: float, bold: bool = False) -> float:
    """The width of one line (direction does not change it)."""
    return sum(_measure_run(family, chunk, size, bold) for family, chunk in runs(text.replace(ZWSP, ""), chain))


def pieces(text: str, chain: tuple[str, ...], size: float, bold: bool, rtl: bool) -> list[Piece]:
    """A line's runs in visual order, each shaped (or mirrored) as it will be drawn."""
    text = text.replace(ZWSP, "")
    lv = levels(text, rtl)
    items: list[tuple[int, str, str, int]] = []  # level, family, text, start
    at = 0
    for family, chunk in runs(text, chain):
        start = at
        at += len(chunk)
        for i in range(start, at):
            if items and i > start and items[-1][0] == lv[i]:
                level, fam, run, first = items[-1]
                items[-1] = (level, fam, run + text[i], first)
            else:
                items.append((lv[i], family, text[i], i))
    out = []
    for level, family, chunk, start in _visual_order(items):
        odd = level % 2 == 1
        if family in shaping.SHAPED_FAMILIES:
            glyphs = shaping.shape(chunk, family, bold, rtl=odd)
            out.append(Piece(family, chunk, odd, shaping.width(glyphs, size), glyphs, start, chunk))
        else:
            # Right to left, a run drawn character by character is reversed, and brackets mirrored.
            shown = "".join(MIRRORED.get(ch, ch) for ch in reversed(chunk)) if odd else chunk
            width = stringWidth(shown, fonts.font_name(family, bold), size)
            out.append(Piece(family, shown, odd, width, None, start, chunk))
    return out


def draw(canvas: Canvas, x: float, y: float, text: str, chain: tuple[str, ...], size: float, *,
         bold: bool = False, rtl: bool = False, color: object = None) -> float:
    """Draw one line with its left edge at x and baseline at y; returns its width."""
    placed = pieces(text, chain, size, bold, rtl)
    lefts = []
    at = x
    for piece in placed:
        lefts.append(at)
        at += piece.width
    canvas.saveState()
    if color is not None:
        canvas.setFillColor(color)
    # Placed in visual order, written in logical order: text extraction then reads the line as typed.
    for left, piece in sorted(zip(lefts, placed, strict=True), key=lambda item: item[1].start):
        if piece.glyphs is not None:
            _draw_shaped(canvas, left, y, piece, size, bold)
        elif piece.text.strip():
            if piece.rtl:  # the text layer keeps the brackets as typed (see _draw_shaped for the order)
                canvas._code.append(f"/Span <</ActualText {shaping.utf16_hex(_as_read(piece.logical, True))}>> BDC")
            obj = canvas.beginText(left, y)
            obj.setFont(fonts.font_name(piece.family, bold), size)
            obj.textOut(piece.text)
            canvas.drawText(obj)
            if piece.rtl:
                canvas._code.append("EMC")
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
    words: list[tuple[float, list[shaping.Glyph], str]] = []  # left edge, glyphs, text: visual order
    at = x
    start = 0
    for i in range(len(glyphs) + 1):
        # A span ends at a space and, right to left, between letters and punctuation, and after each
        # punctuation mark: each then reads as extractors expect of a right-to-left word or a neutral.
        here = text[glyphs[i].cluster] if i < len(glyphs) else " "
        same_cluster = 0 < i < len(glyphs) and glyphs[i].cluster == glyphs[i - 1].cluster
        if here != " " and (not piece.rtl or i == start or same_cluster
                            or (_is(here, text[glyphs[start].cluster]) and not _punct(here))):
            continue
        word = glyphs[start:i]
        if word:
            first = min(g.cluster for g in word)
            end = _cluster_end(text, glyphs, max(g.cluster for g in word))
            words.append((at, word, text[first:end]))
            at += shaping.width(word, size)
        if i < len(glyphs) and text[glyphs[i].cluster] == " ":
            at += glyphs[i].advance * size / 1000
            start = i + 1
        else:
            start = i
    for left, word, actual in reversed(words) if piece.rtl else words:  # in logical order
        # Poppler and PDFium read a right-to-left span's ActualText as laid out left to right (as they
        # read glyphs) and reverse it: so it is given reversed. (A word-final Arabic vowel mark then
        # comes back at the word's start in pdftotext: a known limit of its reordering.)
        shaping.draw(canvas, left, y, piece.family, bold, size, word, _as_read(actual, piece.rtl))


def _as_read(text: str, rtl: bool) -> str:
    """The ActualText that extractors turn back into `text`: reversed when it holds right-to-left
    letters (they reverse those), as it is when it is only punctuation, even Arabic punctuation such
    as its question mark (they leave that alone)."""
    if rtl and any(uba.bidirectional(ch) in ("R", "AL") and unicodedata.category(ch)[0] == "L" for ch in text):
        return text[::-1]
    return text


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


def _is(a: str, b: str) -> bool:
    """Whether both are punctuation, or neither."""
    return _punct(a) == _punct(b)


def _cluster_end(text: str, glyphs: list[shaping.Glyph], cluster: int) -> int:
    later = [g.cluster for g in glyphs if g.cluster > cluster]
    return min(later) if later else len(text)


def wrap(text: str, width: float, measure_line: Callable[[str], float]) -> list[str]:
    """Greedy lines in logical order, broken at spaces and zero-width spaces.

    Each word is measured once (shaped, for a shaped script) and a line's width is the sum of its
    words and spaces. A word wider than the line is cut between grapheme clusters (never inside a
    syllable's stack).
    """
    lines: list[str] = []
    widths: dict[str, float] = {}  # this paragraph's own words, for this call only

    def measured(piece: str) -> float:
        if piece not in widths:
            widths[piece] = measure_line(piece)
        return widths[piece]

    for hard in text.split("\n"):
        line, used = "", 0.0
        for word, sep in _words(hard):
            size = measured(word)
            if line and used + size <= width + 1e-6:
                line, used = line + word, used + size
            else:
                if line.strip(" " + ZWSP):
                    lines.append(line.rstrip(" " + ZWSP))
                line, used = word, size
                while used > width + 1e-6 and len(line) > 1:
                    head, line = _cut(line, width, measure_line)
                    lines.append(head)
                    used = measure_line(line)
            if sep:
                line += sep
                used += measured(" ") if sep == " " else 0.0
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
