"""The builder: a document's header, text rows, field slots and blocks as flowables, for one language and scale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kyr import common, fonts, grammar, textline
from kyr.documents import Block, Condition, Copy, Document, Message, Row
from kyr.errors import KyrError
from kyr.languages import Language
from kyr.layout.base import INK, RULE, Frame, Translate
from kyr.layout.blocks import Blocks
from kyr.layout.flowables import CheckBox, CheckLabel, OneLine, Styles, _mirror
from kyr.paragraphs import paragraph

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


class Builder(Blocks):
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
