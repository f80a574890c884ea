"""Shaped scripts: the glyphs and positions in the PDF are HarfBuzz's own, and the text layer reads as typed."""

from __future__ import annotations

import io
import subprocess
import unicodedata

import pikepdf
import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from kyr import fonts
from kyr.errors import KyrError
from kyr.render import render

BASE = {"booking_number": "B-1", "date": "2026-11-24", "time": "14:30", "officer": "Staff"}

# One word each (a right-to-left word is its own text span), with conjuncts, reordered vowel signs,
# subscript consonants, joining forms and a ZWNJ.
SHAPED_WORDS = [
    ("क्षत्रिय", "NotoSansDevanagari"),
    ("ਪ੍ਰੀਤਮਜੀਤ", "NotoSansGurmukhi"),
    ("ចាន់ស្រីពៅ", "NotoSansKhmer"),
    ("شجریان", "NotoSansArabic"),
    ("می\u200cخواهید", "NotoSansArabic"),
]

# Names in ten scripts, several words each.
NAMES = [
    "Nguyễn Thị Hương",
    "王秀英",
    "김민준",
    "山田 太郎",
    "Анна Петрова",
    "Հովհաննես Պետրոսյան",
    "محمد رضا شجریان",
    "پریسا می\u200cخواهد",
    "किशोर श्री क्षत्रिय",
    "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ",
    "សុខ ចាន់ស្រីពៅ",
]


def _form(name: str, lang: str = "en") -> bytes:
    pdf = render("ice-interview-consent", lang, values={**BASE, "name": name})
    assert pdf is not None
    return pdf


class _Subset:
    """An embedded font subset: code -> glyph outline."""

    def __init__(self, font: pikepdf.Dictionary) -> None:
        data = bytes(font.FontDescriptor.FontFile2.read_bytes())
        self.tt = TTFont(io.BytesIO(data))
        self.cmap = self.tt["cmap"].getcmap(1, 0).cmap  # ReportLab's subsets: a Macintosh code -> glyph map
        first = int(font.FirstChar)
        self.widths = {first + i: float(w) for i, w in enumerate(font.Widths)}

    def outline(self, code: int) -> tuple:
        glyf = self.tt["glyf"]
        name = self.cmap[code]
        coords, ends, _flags = glyf[name].getCoordinates(glyf)
        return tuple(coords), tuple(ends)


def spans(pdf: bytes) -> dict[str, list[tuple[tuple, float, float, float]]]:
    """ActualText -> [(outline, x, y, size), ...] of the glyphs drawn in that span, in drawing order."""
    out: dict[str, list] = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            resources = page.Resources.Font
            subsets: dict[str, _Subset] = {}
            current: list | None = None
            font = None
            size = tm_x = tm_y = rise = pen = 0.0
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name == "BDC" and "/ActualText" in operands[1]:
                    current = out.setdefault(str(operands[1].ActualText), [])
                elif name == "EMC":
                    current = None
                elif name == "Tf":
                    key = str(operands[0])
                    if key not in subsets:
                        subsets[key] = _Subset(resources[key])
                    font, size = subsets[key], float(operands[1])
                elif name == "Tm":
                    tm_x, tm_y, pen = float(operands[4]), float(operands[5]), 0.0
                elif name == "Ts":
                    rise = float(operands[0])
                elif name == "TJ" and current is not None:
                    for item in operands[0]:
                        if isinstance(item, pikepdf.String):
                            for code in bytes(item):
                                current.append((font.outline(code), tm_x + pen, tm_y + rise, size))
                                pen += font.widths[code] * size / 1000
                        else:
                            pen -= float(item) * size / 1000
    return out


def harfbuzz(text: str, family: str, size: float) -> list[tuple[tuple, float, float]]:
    """HarfBuzz's own glyphs and positions for text in the font kyr embeds (its cached static cut)."""
    path = str(fonts.cached_path(family, "regular"))
    face = hb.Face(hb.Blob.from_file_path(path))
    font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {"kern": True, "liga": True})
    original = TTFont(path)
    glyf = original["glyf"]
    k = size / face.upem
    out, pen = [], 0.0
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        coords, ends, _flags = glyf[original.getGlyphName(info.codepoint)].getCoordinates(glyf)
        out.append(((tuple(coords), tuple(ends)), pen + pos.x_offset * k, pos.y_offset * k))
        pen += pos.x_advance * k
    return out


@pytest.mark.parametrize(("word", "family"), SHAPED_WORDS)
def test_drawn_glyphs_and_positions_are_harfbuzz_s(word: str, family: str) -> None:
    found = spans(_form(word))
    rtl = family == "NotoSansArabic"
    drawn = found.get(word[::-1] if rtl else word)
    assert drawn, f"no text span for {word!r}: {list(found)[:5]}"
    size = drawn[0][3]
    expected = harfbuzz(word, family, size)
    assert [g[0] for g in drawn] == [g[0] for g in expected], "a glyph differs from HarfBuzz's"
    x0, y0 = drawn[0][1], drawn[0][2]
    for (_, x, y, _size), (_, ex, ey) in zip(drawn, expected, strict=True):
        assert x - x0 == pytest.approx(ex - expected[0][1], abs=0.01)
        assert y - y0 == pytest.approx(ey - expected[0][2], abs=0.01)


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    # Poppler marks right-to-left runs with embedding controls; Arabic may come as presentation forms.
    return unicodedata.normalize("NFKC", "".join(ch for ch in out if not 0x202A <= ord(ch) <= 0x202E))


@pytest.mark.parametrize("name", NAMES)
def test_pdftotext_gives_back_each_name_exactly(name: str) -> None:
    assert unicodedata.normalize("NFKC", name) in _text(_form(name))


@pytest.mark.parametrize(("name", "lang"), [("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "en"), ("محمد رضا شجریان", "es"),
                                            ("किशोर श्री क्षत्रिय", "ko"), ("សុខ ចាន់ស្រីពៅ", "zh_Hans")])
def test_a_name_in_any_script_prints_on_a_form_in_any_language(name: str, lang: str) -> None:
    assert name in _text(_form(name, lang))


@pytest.mark.parametrize(("name", "script"), [("রহিম", "Indic"), ("สมชาย", "Thai"), ("דוד", "Hebrew")])
def test_a_script_kyr_cannot_shape_is_refused(name: str, script: str) -> None:
    with pytest.raises(KyrError, match=f"{script}.*cannot yet|cannot yet.*{script}|refuses"):
        _form(name)


@pytest.mark.parametrize("name", ["\u093fकिशोर", "ਸ\u0a4d\u0a4d", "\u17b6សុខ"])
def test_a_mark_without_its_letter_is_refused_not_drawn_on_a_dotted_circle(name: str) -> None:
    with pytest.raises(KyrError, match="mark without its letter"):
        _form(name)
