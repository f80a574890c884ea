"""Shaping: HarfBuzz glyphs for the scripts whose letters join, reorder or stack, drawn with an exact text layer.

Only the fonts in SHAPED_FAMILIES are shaped. ReportLab's own shaping is not used: it maps glyphs
shared with other characters to wrong code points (the text layer loses characters), and its
merging of rise operators displaces Khmer marks. Here every glyph HarfBuzz chooses is drawn at the
position HarfBuzz gives, and each shaped run is wrapped in a marked-content span whose ActualText is
the run's text as typed, so copying or searching the PDF gives back what was typed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

import uharfbuzz as hb
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from kyr import fonts
from kyr.errors import KyrError

# Fonts whose text goes through HarfBuzz; every other font is drawn character by character.
SHAPED_FAMILIES = frozenset({"NotoSansArabic", "NotoSansDevanagari", "NotoSansGurmukhi", "NotoSansKhmer"})

# Glyphs no character maps to (conjuncts, joining forms) get a code point of the Private Use Area in
# ReportLab's copy of the font's character map, so its subsetter embeds them; gid -> U+E000 + gid.
_PUA_FIRST, _PUA_LAST = 0xE000, 0xF8FF
_lock = threading.Lock()


@dataclass(frozen=True)
class Glyph:
    """One glyph of a shaped run, in visual order; lengths in thousandths of the font size."""

    gid: int
    cluster: int  # index in the run's text of the first character it draws
    advance: float
    dx: float
    dy: float


@dataclass(frozen=True)
class _HBFont:
    font: hb.Font
    scale: float  # font units -> thousandths of an em
    dotted_circle: int  # the glyph HarfBuzz inserts for a broken cluster


@cache
def _hb_font(name: str) -> _HBFont:
    face = pdfmetrics.getFont(name).face
    data = face._ttf_data  # the file mapped into memory (kyr.fonts): HarfBuzz wants bytes
    hb_face = hb.Face(hb.Blob(data if isinstance(data, bytes) else bytes(data)))
    font = hb.Font(hb_face)
    return _HBFont(font, 1000 / hb_face.upem, font.get_nominal_glyph(0x25CC) or -1)


def shape(text: str, family: str, bold: bool = False, rtl: bool = False) -> list[Glyph]:
    """HarfBuzz's glyphs for `text` in one font, in visual order (right to left runs come reversed)."""
    hbf = _hb_font(fonts.font_name(family, bold))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(hbf.font, buf, {"kern": True, "liga": True})
    k = hbf.scale
    glyphs = [
        Glyph(info.codepoint, info.cluster, pos.x_advance * k, pos.x_offset * k, pos.y_offset * k)
        for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]
    # HarfBuzz draws a dotted circle under a mark with no letter to sit on (a vowel sign typed first,
    # two viramas): a spelling the script does not allow, which would print as something else.
    for glyph in glyphs:
        if glyph.gid == 0 or (glyph.gid == hbf.dotted_circle and "\u25cc" not in text):
            bad = text[glyph.cluster : glyph.cluster + 2]
            raise KyrError(f"cannot print {bad!r} (U+{ord(bad[0]):04X}...): not a spelling {family} can "
                           "draw (a vowel sign or mark without its letter?)")
    return glyphs


def width(glyphs: list[Glyph], size: float) -> float:
    return sum(g.advance for g in glyphs) * size / 1000


def _char_for(font: pdfmetrics.Font, gid: int) -> str:
    """A character ReportLab's subsetter maps to glyph `gid` (adding a private one if none does)."""
    face = font.face
    chars = face.glyphToChar.get(gid)
    if chars:
        return chr(chars[0])
    code = _PUA_FIRST + gid
    if code > _PUA_LAST or face.charToGlyph.get(code, gid) != gid:
        raise KyrError(f"cannot draw glyph {gid} of {font.fontName}: no private code point is free for it")
    restore_private(font, code)
    return chr(code)


def restore_private(font: pdfmetrics.Font, code: int) -> None:
    """Map the private code point kyr gives glyph (code - U+E000) to that glyph, with its advance.

    Private codes depend only on the glyph, so a page drawn in another process (kept on disk by
    kyr.pagecache) finds its glyphs under the same codes once they are restored here.
    """
    face = font.face
    gid = code - _PUA_FIRST
    with _lock:
        if face.charToGlyph.get(code) == gid:
            return
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        hbf = _hb_font(font.fontName)
        face.charWidths[code] = hbf.font.get_glyph_h_advance(gid) * hbf.scale


def is_private(code: int) -> bool:
    return _PUA_FIRST <= code <= _PUA_LAST


def utf16_hex(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def draw(canvas: Canvas, x: float, y: float, family: str, bold: bool, size: float, glyphs: list[Glyph],
         actual: str) -> None:
    """Draw shaped glyphs with their left edge at x and baseline at y, the text layer reading `actual`.

    Each glyph goes exactly where HarfBuzz put it: a TJ array carries the difference between the
    PDF's advance of the previous glyph and HarfBuzz's, and a text rise its vertical offset.
    """
    font = pdfmetrics.getFont(fonts.font_name(family, bold))
    chars = "".join(_char_for(font, g.gid) for g in glyphs)
    doc = canvas._doc
    codes: list[tuple[int, int]] = []  # (subset, code) per glyph
    for subset, data in font.splitString(chars, doc):
        codes.extend((subset, b) for b in data)
    k = size / 1000
    ops = ["q BT 0 Tc 0 Tw 100 Tz", f"1 0 0 1 {fp_str(x)} {fp_str(y)} Tm",
           f"/Span <</ActualText {utf16_hex(actual)}>> BDC"]
    items: list[str] = []
    subset_now, rise, pen_pdf, pen = -1, 0.0, 0.0, 0.0

    def flush() -> None:
        if items:
            ops.append("[" + " ".join(items) + "] TJ")
            items.clear()

    for glyph, char, (subset, code) in zip(glyphs, chars, codes, strict=True):
        if subset != subset_now:
            flush()
            ops.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf")
            subset_now = subset
        want_y = glyph.dy * k
        if abs(want_y - rise) > 1e-4:
            flush()
            ops.append(f"{fp_str(want_y)} Ts")
            rise = want_y
        want_x = pen + glyph.dx * k
        adjust = (pen_pdf - want_x) / k
        if abs(adjust) > 1e-3:
            items.append(fp_str(adjust))
        items.append(f"<{code:02X}>")
        pen_pdf = want_x + font.face.getCharWidth(ord(char)) * k
        pen += glyph.advance * k
    flush()
    ops.append("EMC ET Q")
    canvas._code.append(" ".join(ops))
