"""Flowables kyr draws itself (check boxes, status marks, QR codes, typed-value lines, labelled boxes) and
paragraph styles."""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from kyr import fonts
from kyr.documents import Item
from kyr.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.layout.base import INK, MIN_PT, SECOND_INK
from kyr.paragraphs import paragraph
from kyr.provenance import draw_qr
from kyr.textruns import chain_for
from kyr.valueline import LEADING, BoxMark, ValueLine


class CheckBox(Flowable):
    """A square to mark by hand, or marked with an X when a choice field selects it."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size
        self.width = self.height = size
        self.checked = False

    def draw(self) -> None:
        c, n = self.canv, self.size
        self.anchor = c._currentMatrix  # where it landed on the page (see kyr.stamp)
        c.setStrokeColor(INK)
        c.setLineWidth(0.9)
        c.rect(0, 0, n, n, stroke=1, fill=0)
        self.code_at = len(c._code)  # and where a mark goes in the page's operators
        if self.checked:
            self.draw_mark(c)

    def draw_mark(self, c: Canvas) -> None:
        BoxMark(self.size).draw(c)


class StatusMark(Flowable):
    """A policy status drawn as a shape (check, cross, question mark), so it never relies on colour."""

    def __init__(self, status: str, size: float) -> None:
        super().__init__()
        self.status = status
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        c, n = self.canv, self.size
        c.setStrokeColor(INK)
        c.setFillColor(INK)
        c.setLineWidth(n * 0.14)
        c.setLineCap(1)
        check = [(n * 0.12, n * 0.5, n * 0.4, n * 0.18), (n * 0.4, n * 0.18, n * 0.9, n * 0.85)]
        if self.status in ("required", "further"):
            # State law: a check in a square; further than state law: a plus beside the square as well.
            c.setLineWidth(n * 0.08)
            c.rect(0, 0, n, n, stroke=1, fill=0)
            c.setLineWidth(n * 0.14)
            c.lines([(x0 * 0.8 + n * 0.1, y0 * 0.8 + n * 0.1, x1 * 0.8 + n * 0.1, y1 * 0.8 + n * 0.1)
                     for x0, y0, x1, y1 in check])
            if self.status == "further":  # a plus beside the square, inside the mark's column (1.9 n)
                c.setLineWidth(n * 0.12)
                c.lines([(n * 1.12, n * 0.75, n * 1.5, n * 0.75), (n * 1.31, n * 0.56, n * 1.31, n * 0.94)])
        elif self.status == "adopted":
            c.lines(check)
        elif self.status == "not_adopted":
            c.lines([(n * 0.18, n * 0.18, n * 0.82, n * 0.82), (n * 0.18, n * 0.82, n * 0.82, n * 0.18)])
        else:
            c.setLineWidth(n * 0.08)
            c.circle(n * 0.5, n * 0.5, n * 0.44, stroke=1, fill=0)
            c.setFont(fonts.font_name("NotoSans", bold=True), n * 0.7)
            c.drawCentredString(n * 0.5, n * 0.26, "?")


class QRCode(Flowable):
    """A QR code of a web address."""

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.data = data
        self.width = self.height = size

    def draw(self) -> None:
        draw_qr(self.canv, self.data, 0, 0, self.width)


class OneLine(Flowable):
    """A typed value on `lines` lines at one size; its height never depends on the value.

    A value wraps to the next line rather than shrinking (fits() says whether it fits at all; a value
    that does not is refused before drawing). Only `shrink_to` (the provenance footer) may shrink it.
    """

    def __init__(self, text: str, chain: tuple[str, ...], size: float, rtl: bool = False, lines: int = 1,
                 shrink_to: float | None = None) -> None:
        super().__init__()
        self.chain = chain
        self.size = size
        self.rtl = rtl
        self.lines = lines
        self.shrink_to = shrink_to
        self.leading = size * LEADING
        self.height = self.leading * lines
        self.width = 0.0
        self.align_right = False
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self.text = text

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def value_line(self) -> ValueLine:
        """How a value is drawn here (valid once the page is laid out)."""
        return ValueLine(self.chain, self.size, self.width, self.rtl, self.lines, self.align_right, self.shrink_to)

    def split_lines(self, text: str) -> list[str]:
        return self.value_line().split_lines(text)

    def fits(self, text: str) -> bool:
        """Whether the value fits its lines at its size (valid once the page is laid out)."""
        return self.value_line().fits(text)

    def draw(self) -> None:
        self.anchor = self.canv._currentMatrix  # where it landed on the page (see kyr.stamp)
        self.code_at = len(self.canv._code)  # and where its text goes in the page's operators
        if self.text:
            self.value_line().draw(self.canv, self.text)


def banner(texts: list[str], lang: Language, frame_width: float) -> Table:
    """The mark on a document printed from an incomplete catalog, in both languages."""
    styles = Styles(lang, 1.0)
    paras = [styles.para(text, "label", english=i > 0, bold=True) for i, text in enumerate(texts)]
    return Table(
        [[paras]],
        colWidths=[frame_width],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.font_name("NotoSans")),
                ("BOX", (0, 0), (-1, -1), 2, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
    )


class Styles:
    """Paragraph styles for one language pair at one scale."""

    def __init__(self, lang: Language, scale: float, bilingual: bool = True) -> None:
        self.lang = lang
        self.english = get_language(SOURCE_LANGUAGE)
        self.scale = scale
        self._bilingual = bilingual and lang.code != SOURCE_LANGUAGE
        self.chain = chain_for(lang.fonts)
        self.en_chain = chain_for(self.english.fonts)
        self._cache: dict[tuple[str, bool], ParagraphStyle] = {}

    def size(self, role: str) -> float:
        base = {"title": 13.5, "heading": 10.0, "body": 9.6, "lead": 9.6, "label": 8.4, "small": 7.2, "banner": 11.0}
        return max(base[role] * self.scale, MIN_PT)

    def style(self, role: str, english: bool) -> ParagraphStyle:
        key = (role, english)
        if key not in self._cache:
            lang = self.english if english else self.lang
            size = max(self.size(role) * (0.9 if english and self.lang is not self.english else 1.0), MIN_PT)
            cjk = lang.word_wrap == "CJK"
            self._cache[key] = ParagraphStyle(
                f"{role}-{lang.code}",
                fontName=fonts.font_name(lang.fonts[0]),
                fontSize=size,
                leading=size * (1.42 if cjk else 1.28),
                textColor=SECOND_INK if english and self.bilingual else INK,
                alignment=TA_RIGHT if lang.is_rtl else TA_LEFT,
                wordWrap=lang.word_wrap,
                splitLongWords=True,
            )
        return self._cache[key]

    @property
    def bilingual(self) -> bool:
        """English beside the person's language (never for an English document)."""
        return self._bilingual

    def para(self, text: str, role: str, english: bool = False, bold: bool = False) -> Flowable:
        chain = self.en_chain if english else self.chain
        return paragraph(text, chain, self.style(role, english), bold, rtl=self.lang.is_rtl and not english)


class CheckLabel(Flowable):
    """A check box with its label beside it, as one flowable (no nested table)."""

    def __init__(self, box: float, label: list[Flowable], rtl: bool = False) -> None:
        super().__init__()
        self.box = CheckBox(box)
        self.indent = box * 1.6
        self.label = label
        self.rtl = rtl

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = sum(f.wrap(avail_width - self.indent, avail_height)[1] for f in self.label)
        self.height = max(self.height, self.box.size)
        return self.width, self.height

    def draw(self) -> None:
        box_x = self.width - self.box.size if self.rtl else 0
        first_line = self.label[0].style.leading if isinstance(self.label[0], Paragraph) else self.box.size
        self.box.drawOn(self.canv, box_x, self.height - first_line + (first_line - self.box.size) * 0.3)
        y = self.height
        x = 0 if self.rtl else self.indent
        for f in self.label:
            y -= f.height
            f.drawOn(self.canv, x, y)


def _mirror(command: tuple, columns: int) -> tuple:
    """A table style command for the same cells once the columns are reversed (right to left)."""
    name, (c0, r0), (c1, r1), *rest = command
    c0, c1 = c0 % columns, c1 % columns
    if name in ("LINEBEFORE", "LINEAFTER"):
        name = "LINEAFTER" if name == "LINEBEFORE" else "LINEBEFORE"
    elif name in ("LEFTPADDING", "RIGHTPADDING"):
        name = "RIGHTPADDING" if name == "LEFTPADDING" else "LEFTPADDING"
    return (name, (columns - 1 - c1, r0), (columns - 1 - c0, r1), *rest)


def provision_status(item: Item, value: str) -> str:
    """A provision's status on the brief: state law's requirement, or the profile's word for a local choice."""
    if item.law:
        return "further" if value == "further" else "required"
    return value if value in ("adopted", "not_adopted") else "unknown"
