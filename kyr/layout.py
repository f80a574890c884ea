"""Layout: turn a document definition and its translated messages into Platypus flowables, with slots for field values.

No I/O happens here. Every element is printed in the person's language with the English beside it
(or alone, for an English document); the whole page is scaled to the largest type that fits.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Frame as RLFrame

from kyr import common, fonts, grammar, linebreak, textline
from kyr.documents import Block, Condition, Copy, Document, Item, Message, Option, Row, holds
from kyr.errors import KyrError
from kyr.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.paragraphs import paragraph
from kyr.provenance import draw_qr
from kyr.textruns import chain_for, runs

PAPERS = {"letter": LETTER, "a4": A4}
MARGIN = 10 * mm  # inside every office printer's unprintable border (about 5 mm)
FOOTER_HEIGHT = 20 * mm
RUNNING_HEAD = 13 * mm  # on the later pages of a document that flows: issuer, title, page number
INK = colors.HexColor("#111111")
SECOND_INK = colors.HexColor("#3a3a3a")  # the English column; 11:1 contrast on white
RULE = colors.HexColor("#7a7a7a")
SCALES = (1.0, 0.95, 0.9, 0.86, 0.82, 0.78, 0.75, 0.72)
# No text above the footer is set smaller than this, in either language column: a page is scaled down
# only until its text reaches it, then flows to another page or is refused, never shrunk further.
MIN_PT = 7.0

Translate = Callable[[Message], str]


def page_size(paper: str) -> tuple[float, float]:
    try:
        return PAPERS[paper]
    except KeyError:
        raise KyrError(f"unknown paper size {paper!r}; use one of: {', '.join(PAPERS)}") from None


@dataclass(frozen=True)
class Frame:
    """The printable area of a page."""

    width: float
    height: float

    @classmethod
    def for_paper(cls, paper: str) -> Frame:
        w, h = page_size(paper)
        return cls(w - 2 * MARGIN, h - 2 * MARGIN - FOOTER_HEIGHT)


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
        n = self.size
        c.setStrokeColor(INK)
        c.setLineWidth(1.4)
        c.line(n * 0.2, n * 0.2, n * 0.8, n * 0.8)
        c.line(n * 0.2, n * 0.8, n * 0.8, n * 0.2)


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
        self.leading = size * 1.25
        self.height = self.leading * lines
        self.width = 0.0
        self.align_right = False
        self.set_text(text)

    def set_text(self, text: str) -> None:
        self.text = text

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def measure(self, text: str, size: float | None = None) -> float:
        return textline.measure(text, self.chain, size or self.size)

    def split_lines(self, text: str) -> list[str]:
        if textline.needs_own_layout(text, self.chain, self.rtl):
            return textline.wrap(text, self.width, self.measure)
        return linebreak.wrap(text, self.width, self.measure)

    def fits(self, text: str) -> bool:
        """Whether the value fits its lines at its size (valid once the page is laid out)."""
        return len(self.split_lines(text)) <= self.lines

    def draw(self) -> None:
        self.anchor = self.canv._currentMatrix  # where it landed on the page (see kyr.stamp)
        self.code_at = len(self.canv._code)  # and where its text goes in the page's operators
        if not self.text:
            return
        size = self.size
        if self.shrink_to is not None:
            natural = self.measure(self.text)
            size = max(self.shrink_to, min(size, size * self.width / natural)) if natural else size
            lines = [self.text]
        else:
            lines = self.split_lines(self.text)[: self.lines]
        # The value sits on the rule: its last line at the bottom, earlier lines above it.
        y = self.leading * 0.22 + self.leading * (len(lines) - 1)
        for line in lines:
            used = self.measure(line, size)
            x = self.width - used if (self.rtl or self.align_right) else 0
            if textline.needs_own_layout(line, self.chain, self.rtl):
                textline.draw(self.canv, x, y, line, self.chain, size, rtl=self.rtl, color=INK)
            else:
                text = self.canv.beginText(x, y)
                text.setFillColor(INK)
                for family, chunk in runs(line, self.chain):
                    text.setFont(fonts.font_name(family), size)
                    text.textOut(chunk)
                self.canv.drawText(text)
            y -= self.leading


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


# Short texts must stay short: the most lines a message in each role may wrap to.
MAX_LINES = {"title": 2, "heading": 2, "label": 2}


@dataclass(frozen=True)
class Placed:
    """Where a message in the person's language went: its role and its paragraph."""

    message: Message
    role: str
    para: Paragraph

    @property
    def lines(self) -> int:
        """Lines it wrapped to on the page (valid once the page is laid out)."""
        return len(self.para.blPara.lines)

    @property
    def max_lines(self) -> int | None:
        return MAX_LINES.get(self.role)


class Builder:
    """Builds the story of one document for one language at one scale.

    Every block is one flat table (cells hold paragraphs, never other tables): ReportLab wraps a
    cell's content again at each level of nesting, and this page is drawn thousands of times.
    """

    def __init__(
        self,
        doc: Document,
        lang: Language,
        t: Translate,
        placeholders: dict[str, str],
        frame: Frame,
        scale: float,
        bilingual: bool = True,
        settings: dict[str, str] | None = None,
        copy: Copy | None = None,
        share: float | None = None,
    ) -> None:
        self.doc = doc
        self.t = t
        self.placeholders = placeholders
        self.settings = settings or {}  # profile values a block shows: policy statuses, a QR address
        self.copy = copy
        self.field_lines: list[tuple[str, OneLine]] = []
        self.field_marks: list[tuple[Condition, CheckBox]] = []
        self.placed: list[Placed] = []
        self.frame = frame
        self.s = Styles(lang, scale, bilingual)
        self.gap = 5.0 * scale
        # Bilingual columns share the width in proportion to the text each language needs, so the longer
        # language (Spanish, Tagalog) does not set every row's height while the other column stays short.
        both = frame.width - 2 * self.gap
        if share is None:
            share = self.own_share() if self.s.bilingual else 0.5
        self.own_w, self.en_w = both * share, both * (1 - share)

    # -- text -----------------------------------------------------------------------------------

    def own_share(self) -> float:
        """The person's language's share of the two columns: its text's width over both languages' (0.42-0.58)."""
        size = 10.0

        def width(text: str, chain: tuple[str, ...]) -> float:
            return textline.measure(text, chain, size)

        own = sum(width(self.t(m), self.s.chain) for m in self.doc.messages)
        english = sum(width(m.msgid, self.s.en_chain) for m in self.doc.messages) * 0.9  # set 10% smaller
        return min(0.58, max(0.42, own / (own + english))) if own + english else 0.5

    def fill(self, text: str) -> str:
        """Replace {name} placeholders with profile values; translators keep them intact."""
        return grammar.fill(text, self.placeholders)

    def pair(self, message: Message, role: str, bold: bool = False) -> list[Paragraph]:
        """The message in the person's language, then in English if the document is bilingual."""
        own = self.s.para(self.fill(self.t(message)), role, bold=bold)
        self.placed.append(Placed(message, role, own))
        if not self.s.bilingual:
            return [own]
        return [own, self.s.para(self.fill(message.msgid), role, english=True, bold=bold)]

    # -- tables ---------------------------------------------------------------------------------

    def table(self, cells: list[list[Any]], widths: list[float], style: list[tuple]) -> Table:
        """A flat table whose column order follows the language's direction."""
        if self.s.lang.is_rtl:
            cells = [list(reversed(row)) for row in cells]
            widths = list(reversed(widths))
            style = [_mirror(command, len(widths)) for command in style]
            # A spanned range shows its first cell's content: what was its left cell is now its right one.
            for name, (c0, r0), (c1, _r1), *_ in style:
                if name == "SPAN" and c0 != c1:
                    row = cells[r0 % len(cells)]
                    row[c0], row[c1] = row[c1], ""
        base = [
            ("FONTNAME", (0, 0), (-1, -1), fonts.font_name("NotoSans")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            # Right to left, a check box sits at the right of its cell, next to the text it marks.
            ("ALIGN", (0, 0), (-1, -1), "RIGHT" if self.s.lang.is_rtl else "LEFT"),
        ]
        return Table(cells, colWidths=widths, style=TableStyle(base + style), hAlign="LEFT")

    def two_columns(self, rows: list[list[Any]], style: list[tuple] = ()) -> Table:
        """Rows of [person's language, English] side by side, a thin rule between them."""
        cells = [[own, "", en] for own, en in rows]
        return self.table(
            cells,
            [self.own_w, 2 * self.gap, self.en_w],
            [
                ("LINEBEFORE", (2, 0), (2, -1), 0.4, RULE),
                ("LEFTPADDING", (2, 0), (2, -1), self.gap),
                *style,
            ],
        )

    def text_row(self, message: Message, role: str, bold: bool = False, style: list[tuple] = ()) -> Flowable:
        parts = self.pair(message, role, bold)
        if len(parts) == 1:
            return self.table([[parts[0]]], [self.frame.width], list(style)) if style else parts[0]
        return self.two_columns([parts], list(style))

    # -- fields ---------------------------------------------------------------------------------

    def line(self, row: Row) -> OneLine:
        """The ruled line of a row: a computed value now, a field's value only when a page is filled."""
        text = self.s.lang.label if row.value == "language" else ""
        lines = self.doc.fields[row.field].lines if row.field else 1
        line = OneLine(text, self.s.chain, self.s.size("body") * 1.05, self.s.lang.is_rtl, lines)
        if row.field:
            self.field_lines.append((row.field, line))
        return line

    def slots(self, rows: list[Row], widths: list[float], gutter: float) -> Table:
        """Labelled lines (or check boxes) in a grid: a row of labels, then a row of ruled lines."""
        per_row = len(widths)
        cells: list[list[Any]] = []
        style: list[tuple] = []
        col_widths = [w for width in widths for w in (width, gutter)][:-1]
        for start in range(0, len(rows), per_row):
            chunk = rows[start : start + per_row]
            labels: list[Any] = []
            lines: list[Any] = []
            r = len(cells)
            for i, row in enumerate(chunk):
                if row.checkbox:
                    labels.append(
                        CheckLabel(self.s.size("body") * 1.1, self.pair(row.label, "label"), self.s.lang.is_rtl)
                    )
                    lines.append("")
                else:
                    labels.append(self.pair(row.label, "label"))
                    lines.append(self.line(row))
                    style.append(("LINEBELOW", (2 * i, r + 1), (2 * i, r + 1), 0.6, INK))
                    # A line left for handwriting (a signature) gets more room than a typed value; a value
                    # with room for two lines needs little above them.
                    tall = row.field is not None and self.doc.fields[row.field].lines > 1
                    pad = self.gap * (3.2 if not (row.field or row.value) else 0.3 if tall else 1.6)
                    style.append(("TOPPADDING", (2 * i, r + 1), (2 * i, r + 1), pad))
                labels.append("")
                lines.append("")
            pad_cells = [""] * (2 * per_row - 1 - len(labels[:-1]))
            cells.append(labels[:-1] + pad_cells)
            if r:  # space above each row of labels but the first; rules sit at the cells' bottom edge
                style.append(("TOPPADDING", (0, r), (-1, r), self.gap))
            if not all(row.checkbox for row in chunk):
                # Values sit on their rules, whatever number of lines each has room for.
                style.append(("VALIGN", (0, len(cells)), (-1, len(cells)), "BOTTOM"))
                cells.append(lines[:-1] + pad_cells)
        return self.table(cells, col_widths, style)

    def grid(self, rows: tuple[Row, ...], per_row: int = 2) -> Table:
        gutter = 3 * self.gap
        width = (self.frame.width - gutter * (per_row - 1)) / per_row
        return self.slots(list(rows), [width] * per_row, gutter)

    # -- blocks ---------------------------------------------------------------------------------

    def header(self, page: int = 1, pages: int = 1) -> list[Flowable]:
        """Issuer, statute, title; then the facility and date lines (staff forms) or the date alone.

        Every page of a document with several pages repeats it, with "page N of M".
        """
        p = self.placeholders
        en = self.s.en_chain
        # A right-to-left page mirrors the header too: the issuer on the right, the statute on the left.
        rtl = self.s.lang.is_rtl
        agency_style = ParagraphStyle("agency", parent=self.s.style("heading", True), textColor=INK,
                                      alignment=TA_RIGHT if rtl else TA_LEFT)
        lines = [paragraph(p["agency"], en, agency_style, bold=True)]
        if p.get("address"):
            address_style = ParagraphStyle("address", parent=self.s.style("small", True),
                                           alignment=TA_RIGHT if rtl else TA_LEFT)
            lines.append(paragraph(p["address"], en, address_style))
        w = self.frame.width
        right: list[Flowable] = []
        if self.doc.statute:
            statute_style = ParagraphStyle("statute", parent=self.s.style("small", True),
                                           alignment=TA_LEFT if rtl else TA_RIGHT)
            right.append(paragraph(self.doc.statute, en, statute_style))
        if pages > 1:
            numbers = {"page": str(page), "pages": str(pages)}
            page_style = ParagraphStyle("page-no", parent=self.s.style("label", False),
                                        alignment=TA_LEFT if rtl else TA_RIGHT)
            for text in _both_languages(self.t(common.PAGE), common.PAGE.msgid, self.s.bilingual):
                right.append(paragraph(grammar.fill(text, numbers), self.s.chain, page_style, bold=True,
                                       rtl=self.s.lang.is_rtl))
        slots = [k for k in (self.doc.facility_field, self.doc.date_field) if k]
        if self.doc.audience != "staff" and self.doc.date_field:
            # Flyers and briefs carry their date as plain text, not as a line to fill in.
            date = self.line(Row(label=self.doc.fields[self.doc.date_field].label, field=self.doc.date_field))
            date.align_right = True
            right.append(date)
            slots = []
        top = self.table([[lines, right or ""]], [w * 0.7, w * 0.3], [])
        title = self.copy.title if self.copy and self.copy.title else self.doc.title
        out = [top, Spacer(1, self.gap), *self.pair(title, "title", bold=True)]
        if slots:
            widths = [w * 0.58, w * 0.42 - 3 * self.gap] if len(slots) == 2 else [w]
            out += [Spacer(1, self.gap),
                    self.slots([Row(label=self.doc.fields[k].label, field=k) for k in slots], widths, 3 * self.gap)]
        return out

    def section_heading(self, message: Message) -> Flowable:
        rule = [
            ("LINEABOVE", (0, 0), (-1, 0), 1.0, INK),
            ("TOPPADDING", (0, 0), (-1, -1), self.gap * 0.6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.gap * 0.6),
        ]
        heading = self.text_row(message, "heading", bold=True, style=rule)
        heading.keepWithNext = True  # never the last line of a page
        return heading

    def block(self, block: Block) -> list[Flowable]:
        """A block's flowables; a choices block, an actions row list or a fieldset is never split over pages."""
        out = self._block(block)
        return [KeepTogether(out)] if block.keep and self.doc.max_pages > 1 else out

    def _block(self, block: Block) -> list[Flowable]:
        if block.kind == "text":
            return [self.text_row(block.message, block.style), Spacer(1, self.gap)]
        if block.kind == "contact":
            boxed = [
                ("BOX", (0, 0), (-1, -1), 1.0, INK),
                ("TOPPADDING", (0, 0), (-1, -1), self.gap),
                ("BOTTOMPADDING", (0, 0), (-1, -1), self.gap),
                ("LEFTPADDING", (0, 0), (0, -1), self.gap),
                ("RIGHTPADDING", (-1, 0), (-1, -1), self.gap),  # text never touches the box
            ]
            return [Spacer(1, self.gap), self.text_row(block.message, "body", style=boxed), Spacer(1, self.gap)]
        if block.kind == "choices":
            return self.choices(block)
        if block.kind == "actions":
            return self.actions(block)
        if block.kind == "fieldset":
            out: list[Flowable] = []
            if block.heading:
                out.append(self.section_heading(block.heading))
            out.extend([self.grid(block.rows), Spacer(1, self.gap)])
            return out
        if block.kind == "bullets":
            return self.bullets(block)
        if block.kind == "qr":
            return self.qr(block)
        if block.kind == "provisions":
            return self.provisions(block)
        if block.kind == "authorities":
            return self.authorities(block)
        raise KyrError(f"{self.doc.id}: cannot lay out a {block.kind!r} block")

    def choices(self, block: Block) -> list[Flowable]:
        """Check boxes, one per option, with the option in both languages and any lines under it.

        Columns: box | person's language | gap | English. Lines under an option (the attorney's
        name and phone) take the two text columns.
        """
        out: list[Flowable] = [Spacer(1, self.gap)]
        if block.heading:
            out.append(self.section_heading(block.heading))
        box = self.s.size("body") * 1.25
        indent = box * 1.7
        if self.s.bilingual:
            widths = [indent, self.own_w - indent, 2 * self.gap, self.en_w]
        else:
            each = (self.frame.width - indent - 3 * self.gap) / 2
            widths = [indent, each, 3 * self.gap, each]
        cells: list[list[Any]] = []
        style: list[tuple] = []
        for option in block.options:
            r = len(cells)
            parts = self.pair(option.message, "body")
            check = self.check(option, box)
            if self.s.bilingual:
                cells.append([check, parts[0], "", parts[1]])
                style += [("LINEBEFORE", (3, r), (3, r), 0.4, RULE), ("LEFTPADDING", (3, r), (3, r), self.gap)]
            else:
                cells.append([check, parts[0], "", ""])
                style.append(("SPAN", (1, r), (3, r)))
            style.append(("BOTTOMPADDING", (0, r), (-1, r), self.gap * 1.1))
            if option.lines:
                rows = list(option.lines[:2])
                cells.append(["", *[c for row in rows for c in (self.pair(row.label, "label"), "")][:-1]])
                cells.append(["", *[c for row in rows for c in (self.line(row), "")][:-1]])
                for i in range(len(rows)):
                    col = 1 + 2 * i
                    style += [
                        ("LINEBELOW", (col, r + 2), (col, r + 2), 0.6, INK),
                        ("TOPPADDING", (col, r + 2), (col, r + 2), self.gap * 3.2),
                    ]
                    if col == 3:  # the second line starts where the English column's text does
                        style.append(("LEFTPADDING", (col, r + 1), (col, r + 2), self.gap))
        out.extend([self.table(cells, widths, style), Spacer(1, self.gap)])
        return out

    def check(self, option: Option, size: float) -> CheckBox:
        """The check box of an option, marked on a filled form when the option's condition holds."""
        box = CheckBox(size)
        if option.when:
            self.field_marks.append((option.when, box))
        return box

    def actions(self, block: Block) -> list[Flowable]:
        """Each action ICE may ask for, with a box marked when it asked; under it, each decision and reason.

        Columns: action's box | option's box | person's language | gap | English. An action's own
        text spans the two middle columns; a line under it (a field) takes the person's-language side.
        """
        out: list[Flowable] = [Spacer(1, self.gap)]
        if block.heading:
            out.append(self.section_heading(block.heading))
        box = self.s.size("body") * 1.25
        indent = box * 1.7
        own = self.own_w - 2 * indent if self.s.bilingual else self.frame.width - 2 * indent - 3 * self.gap
        widths = [indent, indent, own, 2 * self.gap if self.s.bilingual else 3 * self.gap,
                  self.en_w if self.s.bilingual else 0]
        cells: list[list[Any]] = []
        style: list[tuple] = []

        def text_row(box: CheckBox, parts: list[Paragraph], column: int) -> None:
            """A box in `column` (0 or 1) and the text after it, in both languages."""
            r = len(cells)
            row: list[Any] = ["", "", "", "", parts[1] if self.s.bilingual else ""]
            row[column], row[column + 1] = box, parts[0]
            cells.append(row)
            last = 2 if self.s.bilingual else 4
            if column + 1 < last:
                style.append(("SPAN", (column + 1, r), (last, r)))
            if self.s.bilingual:
                style.extend([("LINEBEFORE", (4, r), (4, r), 0.4, RULE), ("LEFTPADDING", (4, r), (4, r), self.gap)])

        room_under: list[int] = []

        def field_lines(rows: tuple[Row, ...], column: int) -> None:
            """A labelled line for each field under an action (from `column`) or an option, own-language side."""
            for row in rows:
                r = len(cells)
                cells.extend([["", "", "", "", ""] for _ in range(2)])
                cells[r][column], cells[r + 1][column] = self.pair(row.label, "label"), self.line(row)
                style.extend([("SPAN", (column, r), (2, r)), ("SPAN", (column, r + 1), (2, r + 1)),
                              ("LINEBELOW", (column, r + 1), (2, r + 1), 0.6, INK),
                              ("TOPPADDING", (column, r + 1), (2, r + 1), self.gap * 1.2)])
                room_under.append(r + 2)  # the row after the rule keeps its distance from it

        for i, action in enumerate(block.actions):
            r = len(cells)
            if i:
                style.append(("LINEABOVE", (0, r), (-1, r), 0.4, RULE))
                style.append(("TOPPADDING", (0, r), (-1, r), self.gap * 0.8))
            text_row(self.check(action.asked, box), self.pair(action.asked.message, "body", bold=True), 0)
            style.append(("BOTTOMPADDING", (0, r), (-1, r), self.gap * 0.7))
            field_lines(action.asked.lines, 1)
            for option in action.options:
                r = len(cells)
                text_row(self.check(option, box), self.pair(option.message, "body"), 1)
                style.append(("BOTTOMPADDING", (0, r), (-1, r), self.gap * 0.7))
                field_lines(option.lines, 2)
        style += [("TOPPADDING", (0, r), (-1, r), self.gap * 0.9) for r in room_under if r < len(cells)]
        out.extend([self.table(cells, widths, style), Spacer(1, self.gap)])
        return out

    def bullets(self, block: Block) -> list[Flowable]:
        """A heading and a list of short statements, each with a bullet."""
        out: list[Flowable] = [Spacer(1, self.gap)]
        if block.heading:
            out.append(self.section_heading(block.heading))
        indent = self.s.size("body") * 1.4
        cells, style = [], []
        for i, item in enumerate(block.items):
            parts = self.pair(item.message, "body")
            bullet = self.s.para("•", "body")
            if self.s.bilingual:
                cells.append([bullet, parts[0], "", parts[1]])
                style += [("LINEBEFORE", (3, i), (3, i), 0.4, RULE), ("LEFTPADDING", (3, i), (3, i), self.gap)]
            else:
                cells.append([bullet, parts[0], "", ""])
                style.append(("SPAN", (1, i), (3, i)))
            style.append(("BOTTOMPADDING", (0, i), (-1, i), self.gap * 0.9))
        widths = [indent, self.own_w - indent, 2 * self.gap, self.en_w]
        out.extend([self.table(cells, widths, style), Spacer(1, self.gap)])
        return out

    def qr(self, block: Block) -> list[Flowable]:
        """A QR code of a web address from the profile, with its caption; nothing without an address."""
        address = self.settings.get(block.setting or "", "")
        if not address:
            return []
        size = 24 * mm
        caption = self.pair(block.message, "body")
        w = self.frame.width
        return [
            Spacer(1, self.gap),
            self.table(
                [[QRCode(address, size), caption]],
                [size + 3 * self.gap, w - size - 3 * self.gap],
                [("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
            ),
        ]

    def rows_table(self, rows: list[tuple[list[Any], list[tuple]]], widths: list[float]) -> Table:
        """One table of rows, each given with its own style commands (row index 0 meaning that row)."""
        cells: list[list[Any]] = []
        style: list[tuple] = []
        for r, (row, commands) in enumerate(rows):
            cells.append(row)
            style += [(name, (c0, r0 + r), (c1, r1 + r), *rest) for name, (c0, r0), (c1, r1), *rest in commands]
        return self.table(cells, widths, style)

    def headed(self, heading: Message | None, groups: list[Table]) -> list[Flowable]:
        """A section heading kept on the page of the first group under it; each group kept whole."""
        out: list[Flowable] = [Spacer(1, self.gap)]
        first: list[Flowable] = [self.section_heading(heading)] if heading else []
        for i, group in enumerate(groups):
            out.append(KeepTogether([*first, group] if i == 0 else [group]))
        return out

    def provisions(self, block: Block) -> list[Flowable]:
        """Provisions with their status here: a shape and a word, never colour alone."""
        mark = max(self.s.size("body") * 1.2, MIN_PT / 0.7)  # its "?" is set at 0.7 of the mark
        word_width = 70 * self.s.scale
        rest = self.frame.width - mark * 1.9 - word_width
        own = (rest - 2 * self.gap) / 2
        widths = [mark * 1.9, word_width, own, 2 * self.gap, rest - own - 2 * self.gap]
        rows = []
        for item in block.items:
            status = provision_status(item, self.settings.get(item.setting or "", ""))
            word = self.pair(self.doc.statuses[status], "label", bold=True)
            # Each language's cell: the provision, the state law that requires it, then who can adopt it.
            text: list[list[Flowable]] = [[para] for para in self.pair(item.message, "body")]
            if item.law:
                text[0].append(self.s.para(item.law, "label", english=True, bold=True))
            if item.who:
                for cell, para in zip(text, self.pair(item.who, "label"), strict=True):
                    cell.append(para)
            style: list[tuple] = [
                ("BOTTOMPADDING", (0, 0), (-1, 0), self.gap * 0.8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, 0), self.gap * 0.5),
                ("RIGHTPADDING", (1, 0), (1, 0), self.gap),  # the status word never touches the provision
            ]
            if self.s.bilingual:
                row = [StatusMark(status, mark), word, text[0], "", text[1]]
                style += [("LINEBEFORE", (4, 0), (4, 0), 0.4, RULE), ("LEFTPADDING", (4, 0), (4, 0), self.gap)]
            else:
                row = [StatusMark(status, mark), word, text[0], "", ""]
                style.append(("SPAN", (2, 0), (4, 0)))
            rows.append((row, style))
        # The heading stays with the first provision; the others may break between any two rows.
        out = self.headed(block.heading, [self.rows_table(rows[:1], widths)])
        if rows[1:]:
            out.append(self.rows_table(rows[1:], widths))
        out.append(Spacer(1, self.gap))
        return out

    def authorities(self, block: Block) -> list[Flowable]:
        """Who holds the power to adopt the provisions, level by level (a level's rows kept together)."""
        w = self.frame.width
        groups: list[list[tuple[list[Any], list[tuple]]]] = []
        for a in block.authorities:
            level = self.pair(a.level, "label", bold=True) if a.level else ""
            style: list[tuple] = [
                ("BOTTOMPADDING", (0, 0), (-1, 0), self.gap * 0.8),
                ("TOPPADDING", (0, 0), (-1, 0), self.gap * 0.5),
                ("RIGHTPADDING", (0, 0), (1, 0), self.gap),
            ]
            if a.level and groups:
                style.append(("LINEABOVE", (0, 0), (-1, 0), 0.6, INK))
            if a.level or not groups:
                groups.append([])
            groups[-1].append(([level, self.pair(a.who, "body", bold=True), self.pair(a.power, "body")], style))
        widths = [w * 0.14, w * 0.24, w * 0.62]
        return self.headed(block.heading, [self.rows_table(g, widths) for g in groups])

    def banner(self, message: Message) -> Flowable:
        """A boxed line at the top of the page: which copy this is."""
        boxed = [
            ("BOX", (0, 0), (-1, -1), 1.6, INK),
            ("TOPPADDING", (0, 0), (-1, -1), self.gap * 0.8),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.gap * 0.8),
            ("LEFTPADDING", (0, 0), (0, -1), self.gap),
        ]
        return self.text_row(message, "banner", bold=True, style=boxed)

    def story(self) -> list[Flowable]:
        """This copy's blocks, page by page (the document's page breaks), each page under its header."""
        pages: list[list[Block]] = [[]]
        for block in self.doc.blocks:
            if block.copy is not None and (self.copy is None or block.copy != self.copy.key):
                continue
            if block.kind == "pagebreak":
                pages.append([])
            else:
                pages[-1].append(block)
        out: list[Flowable] = []
        for n, blocks in enumerate(pages, 1):
            if n > 1:
                out.append(PageBreak())
            if self.copy:
                out += [self.banner(self.copy.banner), Spacer(1, self.gap)]
            out += self.header(n, len(pages))
            out.append(Spacer(1, self.gap))
            for block in blocks:
                out.extend(self.block(block))
        return out


def _both_languages(own: str, english: str, bilingual: bool) -> list[str]:
    return [own, english] if bilingual and own != english else [own]


def split_pages(story: list[Flowable]) -> list[list[Flowable]]:
    """A story cut at its page breaks."""
    pages: list[list[Flowable]] = [[]]
    for flowable in story:
        if isinstance(flowable, PageBreak):
            pages.append([])
        else:
            pages[-1].append(flowable)
    return pages


def story_height(story: list[Flowable], frame: Frame) -> float:
    total = 0.0
    for f in story:
        if isinstance(f, KeepTogether):  # a group measures as its parts (it wraps them on a canvas)
            total += story_height(f._content, frame)
            continue
        _, h = f.wrap(frame.width, frame.height)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


@dataclass
class Page:
    """A laid-out document without its field values: built once, filled for each person, then emptied.

    Filling and drawing happen under the lock, so two threads never mix two people's values; the
    values are removed again before the lock is released, so no personal data stays in the cache.
    """

    story: list[Flowable]
    scale: float
    field_lines: list[tuple[str, OneLine]]
    field_marks: list[tuple[Condition, CheckBox]] = field(default_factory=list, repr=False)
    placed: list[Placed] = field(default_factory=list, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    stamped: object | None = field(default=None, repr=False)  # the page drawn once, for kyr.stamp
    flows: bool = False  # its text flows over pages (laid out per PDF), rather than breaking where the document says

    def unfit(self, values: dict[str, str]) -> list[tuple[str, OneLine]]:
        """The typed values that do not fit their lines at their size, with the line each overflows."""
        return [(key, line) for key, line in self.field_lines if values.get(key) and not line.fits(values[key])]

    @contextmanager
    def filled(self, values: dict[str, str]) -> Iterator[list[Flowable]]:
        with self.lock:
            try:
                for key, line in self.field_lines:
                    line.set_text(values.get(key, ""))
                for condition, box in self.field_marks:
                    box.checked = holds(condition, values)
                yield self.story
            finally:
                for _key, line in self.field_lines:
                    line.set_text("")
                for _condition, box in self.field_marks:
                    box.checked = False


def doc_template(
    buf: io.BytesIO, paper: str, *, reserved: float = 0.0, on_page: Callable | None = None, running: bool = False,
    **info: object,
) -> BaseDocTemplate:
    """The page template every kyr document is laid out on: one body frame above the footer.

    With `running`, pages after the first keep RUNNING_HEAD at their top for the issuer, title and page
    number that the page callback draws there.
    """
    width, height = page_size(paper)
    doc = BaseDocTemplate(
        buf,
        pagesize=(width, height),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        # The default initial font is Helvetica, which would be referenced but not embedded.
        initialFontName=fonts.font_name("NotoSans"),
        **info,
    )
    callback = {"onPage": on_page} if on_page else {}
    first = PageTemplate(id="page", frames=[body_frame(paper, reserved)], **callback,
                         **({"autoNextPageTemplate": "later"} if running else {}))
    later = [PageTemplate(id="later", frames=[body_frame(paper, RUNNING_HEAD)], **callback)] if running else []
    doc.addPageTemplates([first, *later])
    return doc


def body_frame(paper: str, reserved: float = 0.0) -> RLFrame:
    """The frame the document's text flows in: inside the margins, above the footer."""
    width, height = page_size(paper)
    return RLFrame(MARGIN, MARGIN + FOOTER_HEIGHT, width - 2 * MARGIN, height - 2 * MARGIN - FOOTER_HEIGHT,
                   leftPadding=0, rightPadding=0, topPadding=reserved, bottomPadding=0, id="body")


def fresh(story: list[Flowable]) -> list[Flowable]:
    """The story ready for another build.

    Platypus marks a flowable that did not fit at the bottom of a page as postponed and never clears
    the mark; our stories are cached and built many times, and a stale mark makes the next build fail.
    """
    pending = list(story)
    while pending:
        f = pending.pop()
        if hasattr(f, "_postponed"):
            del f._postponed
        pending.extend(getattr(f, "_content", ()))
    return list(story)


def count_pages(story: list[Flowable], paper: str, reserved: float = 0.0, running: bool = False) -> int:
    """How many pages the story takes, laid out in memory exactly as kyr.pdf lays it out."""
    doc = doc_template(io.BytesIO(), paper, reserved=reserved, running=running)
    with fonts.pdf_lock:
        doc.build(fresh(story))
    return doc.page


# Public documents (flyers) start from larger type: they are read at arm's length.
PUBLIC_SCALES = (1.4, 1.3, 1.2, 1.1)


def build(
    doc: Document,
    lang: Language,
    t: Translate,
    placeholders: dict[str, str],
    paper: str,
    reserved: float = 0.0,
    bilingual: bool = True,
    settings: dict[str, str] | None = None,
) -> Page:
    """Lay out the document at the largest type scale whose every copy fits its pages.

    `reserved` is height already taken on the first page by flowables placed before the story.
    """
    full = Frame.for_paper(paper)
    frame = Frame(full.width, full.height - reserved)
    # A story that flows onto more pages loses some room where tables split.
    # A document printed monolingual by default takes twice its pages when printed with English beside it.
    max_pages = doc.max_pages * (2 if bilingual and not doc.bilingual_default and lang.code != SOURCE_LANGUAGE else 1)
    room = frame.height if max_pages == 1 else frame.height * max_pages * 0.92
    scales = (PUBLIC_SCALES + SCALES) if doc.audience == "public" else SCALES
    share = None  # the columns' shares are the same at every scale: measured once
    for scale in scales:
        builders = [
            Builder(doc, lang, t, placeholders, frame, scale, bilingual, settings, copy, share)
            for copy in (doc.copies or (None,))
        ]
        share = builders[0].own_w / (builders[0].own_w + builders[0].en_w)
        stories = [b.story() for b in builders]
        fits = all(story_height(part, frame) <= room for story in stories for part in split_pages(story))
        if fits and max_pages > 1:
            # Tables split across pages unpredictably: lay the pages out for real and count them.
            fits = all(count_pages(story, paper, reserved, running=True) <= max_pages for story in stories)
        if fits:
            story: list[Flowable] = []
            for i, part in enumerate(stories):
                story += ([PageBreak()] if i else []) + part
            return Page(
                story,
                scale,
                [line for b in builders for line in b.field_lines],
                [mark for b in builders for mark in b.field_marks],
                builders[0].placed,
                flows=max_pages > 1,
            )
    raise KyrError(f"{doc.id} does not fit {max_pages} {paper} page(s) in {lang.code}, even at the smallest type")
