"""Layout: turn a document definition, its translated messages and field values into Platypus flowables.

No I/O happens here. Every element is printed in the person's language with the English beside it
(or alone, for an English document); the whole page is scaled to the largest type that fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from kyr import fonts
from kyr.documents import Block, Document, Message, Row
from kyr.errors import KyrError
from kyr.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.textruns import chain_for, markup, runs

PAPERS = {"letter": LETTER, "a4": A4}
MARGIN = 13 * mm  # inside every office printer's unprintable border
FOOTER_HEIGHT = 20 * mm
INK = colors.HexColor("#111111")
SECOND_INK = colors.HexColor("#3a3a3a")  # the English column; 11:1 contrast on white
RULE = colors.HexColor("#7a7a7a")
SCALES = (1.0, 0.95, 0.9, 0.86, 0.82, 0.78, 0.75, 0.72)

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
    """An empty square to mark by hand."""

    def __init__(self, size: float) -> None:
        super().__init__()
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        self.canv.setStrokeColor(INK)
        self.canv.setLineWidth(0.9)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


class OneLine(Flowable):
    """A typed value on one line, shrunk to fit its width; its height never depends on the value."""

    def __init__(self, text: str, chain: tuple[str, ...], size: float, rtl: bool = False) -> None:
        super().__init__()
        self.runs = runs(text, chain) if text else []
        self.size = size
        self.rtl = rtl
        self.height = size * 1.25

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.height

    def draw(self) -> None:
        if not self.runs:
            return
        natural = sum(stringWidth(t, fonts.font_name(f), self.size) for f, t in self.runs)
        size = self.size if natural <= self.width else self.size * self.width / natural
        used = natural * size / self.size
        text = self.canv.beginText(self.width - used if self.rtl else 0, self.height * 0.22)
        text.setFillColor(INK)
        for family, chunk in self.runs:
            text.setFont(fonts.font_name(family), size)
            text.textOut(chunk)
        self.canv.drawText(text)


class Styles:
    """Paragraph styles for one language pair at one scale."""

    def __init__(self, lang: Language, scale: float) -> None:
        self.lang = lang
        self.english = get_language(SOURCE_LANGUAGE)
        self.scale = scale
        self.chain = chain_for(lang.fonts)
        self.en_chain = chain_for(self.english.fonts)
        self._cache: dict[tuple[str, bool], ParagraphStyle] = {}

    def size(self, role: str) -> float:
        base = {"title": 13.5, "heading": 10.0, "body": 9.6, "lead": 9.6, "label": 8.4, "small": 7.2}
        return base[role] * self.scale

    def style(self, role: str, english: bool) -> ParagraphStyle:
        key = (role, english)
        if key not in self._cache:
            lang = self.english if english else self.lang
            size = self.size(role) * (0.9 if english and self.lang is not self.english else 1.0)
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
        return self.lang.code != SOURCE_LANGUAGE

    def para(self, text: str, role: str, english: bool = False, bold: bool = False) -> Paragraph:
        chain = self.en_chain if english else self.chain
        return Paragraph(markup(text, chain, bold), self.style(role, english))


class Builder:
    """Builds the story of one document for one language at one scale."""

    def __init__(
        self,
        doc: Document,
        lang: Language,
        t: Translate,
        values: dict[str, str],
        placeholders: dict[str, str],
        frame: Frame,
        scale: float,
    ) -> None:
        self.doc = doc
        self.t = t
        self.values = values
        self.placeholders = placeholders
        self.frame = frame
        self.s = Styles(lang, scale)
        self.gap = 5.0 * scale

    # -- pieces -------------------------------------------------------------------------------

    def fill(self, text: str) -> str:
        """Replace {name} placeholders with profile values; translators keep them intact."""
        out = text
        for name, value in self.placeholders.items():
            out = out.replace("{" + name + "}", value)
        return out

    def pair(self, message: Message, role: str, bold: bool = False) -> list[Paragraph]:
        """The message in the person's language, then in English if the document is bilingual."""
        own = self.s.para(self.fill(self.t(message)), role, bold=bold)
        if not self.s.bilingual:
            return [own]
        return [own, self.s.para(self.fill(message.msgid), role, english=True, bold=bold)]

    def columns(self, cells: list, widths: list[float], style: list) -> Table:
        """A table whose column order follows the language's direction."""
        if self.s.lang.is_rtl:
            cells = [list(reversed(row)) for row in cells]
            widths = list(reversed(widths))
        table = Table(
            cells,
            colWidths=widths,
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), fonts.font_name("NotoSans")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    *style,
                ]
            ),
            hAlign="LEFT",
        )
        return table

    def bilingual_row(self, message: Message, role: str, bold: bool = False) -> Table | Paragraph:
        parts = self.pair(message, role, bold)
        if len(parts) == 1:
            return parts[0]
        half = (self.frame.width - 2 * self.gap) / 2
        return self.columns(
            [[parts[0], "", parts[1]]],
            [half, 2 * self.gap, half],
            [
                ("LINEBEFORE", (2, 0), (2, 0), 0.4, RULE),
                ("LEFTPADDING", (2, 0), (2, 0), self.gap),
            ],
        )

    def stacked(self, message: Message, role: str, bold: bool = False) -> list[Paragraph]:
        """Person's language over English, for labels in narrow cells."""
        return self.pair(message, role, bold)

    # -- blocks -------------------------------------------------------------------------------

    def header(self) -> list[Flowable]:
        p = self.placeholders
        en = self.s.en_chain
        agency = Paragraph(markup(p["agency"], en, bold=True), self.s.style("heading", True))
        agency.style = ParagraphStyle("agency", parent=self.s.style("heading", True), textColor=INK)
        lines = [agency]
        if p.get("address"):
            lines.append(Paragraph(markup(p["address"], en), self.s.style("small", True)))
        statute = Paragraph(
            markup(self.doc.statute, en),
            ParagraphStyle("statute", parent=self.s.style("small", True), alignment=TA_RIGHT),
        )
        w = self.frame.width
        top = self.columns([[lines, statute]], [w * 0.7, w * 0.3], [])
        title = self.pair(self.doc.title, "title", bold=True)
        info = self.info_table()
        return [top, Spacer(1, self.gap), *title, Spacer(1, self.gap), info]

    def info_table(self) -> Table:
        """Facility and date: the header fields every document carries."""
        w = self.frame.width
        keys = [k for k in (self.doc.facility_field, self.doc.date_field) if k]
        widths = [w * 0.6, w * 0.4][: len(keys)] if len(keys) == 2 else [w]
        slots = [
            self.slot(Row(label=self.doc.fields[k].label, field=k), widths[i] - 2 * self.gap)
            for i, k in enumerate(keys)
        ]
        return self.columns([slots], widths, [])

    def slot(self, row: Row, width: float) -> Table:
        """A label (both languages) above a ruled line carrying the value, or a check box."""
        if row.checkbox:
            box = self.s.size("body") * 1.8
            return self.columns(
                [[CheckBox(self.s.size("body") * 1.1), self.stacked(row.label, "label")]], [box, width - box], []
            )
        value = ""
        if row.field:
            value = self.values.get(row.field, "")
        elif row.value == "language":
            value = self.s.lang.label
        line = OneLine(value, self.s.chain, self.s.size("body") * 1.05, self.s.lang.is_rtl)
        return self.columns(
            [[self.stacked(row.label, "label")], [line]],
            [width],
            [
                ("LINEBELOW", (0, 1), (0, 1), 0.6, INK),
                # A line left for handwriting (a signature) gets more room than a typed value.
                ("TOPPADDING", (0, 1), (0, 1), self.gap * (1.6 if row.field or row.value else 3.2)),
                ("BOTTOMPADDING", (0, 0), (0, 0), 0),
            ],
        )

    def grid(self, block_rows: tuple[Row, ...], per_row: int = 2) -> Table:
        gutter = 3 * self.gap
        width = (self.frame.width - gutter * (per_row - 1)) / per_row
        items = [self.slot(r, width) for r in block_rows]
        rows = [items[i : i + per_row] for i in range(0, len(items), per_row)]
        rows[-1] += [""] * (per_row - len(rows[-1]))
        cells = [[c for item in row for c in (item, "")][:-1] for row in rows]
        widths = [w for _ in range(per_row) for w in (width, gutter)][:-1]
        return self.columns(cells, widths, [("BOTTOMPADDING", (0, 0), (-1, -1), self.gap * 1.2)])

    def section_heading(self, message: Message) -> Flowable:
        parts = self.pair(message, "heading", bold=True)
        half = (self.frame.width - 2 * self.gap) / 2
        text = parts if len(parts) == 1 else [self.columns([[parts[0], "", parts[1]]], [half, 2 * self.gap, half], [])]
        return self.columns(
            [[text]],
            [self.frame.width],
            [
                ("LINEABOVE", (0, 0), (-1, 0), 1.0, INK),
                ("TOPPADDING", (0, 0), (-1, -1), self.gap * 0.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), self.gap * 0.6),
            ],
        )

    def block(self, block: Block) -> list[Flowable]:
        gap = Spacer(1, self.gap)
        if block.kind == "text":
            return [self.bilingual_row(block.message, block.style), gap]
        if block.kind == "contact":
            inner = self.bilingual_row(block.message, "body", bold=True)
            return [
                Spacer(1, self.gap),
                self.columns(
                    [[inner]],
                    [self.frame.width],
                    [
                        ("BOX", (0, 0), (-1, -1), 1.0, INK),
                        ("LEFTPADDING", (0, 0), (-1, -1), self.gap),
                        ("RIGHTPADDING", (0, 0), (-1, -1), self.gap),
                        ("TOPPADDING", (0, 0), (-1, -1), self.gap),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), self.gap),
                    ],
                ),
            ]
        if block.kind == "choices":
            return self.choices(block)
        if block.kind == "fieldset":
            out: list[Flowable] = []
            if block.heading:
                out.append(self.section_heading(block.heading))
            out.append(self.grid(block.rows))
            return out
        raise KyrError(f"{self.doc.id}: cannot lay out a {block.kind!r} block")

    def choices(self, block: Block) -> list[Flowable]:
        out: list[Flowable] = [Spacer(1, self.gap)]
        if block.heading:
            out.append(self.section_heading(block.heading))
        box = self.s.size("body") * 1.25
        indent = box * 1.7
        rows = []
        gutter = 3 * self.gap
        for option in block.options:
            rows.append([CheckBox(box), self.bilingual_row_narrow(option.message, indent)])
            if option.lines:
                n = len(option.lines)
                width = (self.frame.width - indent - gutter * (n - 1)) / n
                slots = [self.slot(Row(label=m), width) for m in option.lines]
                cells = [c for s in slots for c in (s, "")][:-1]
                widths = [w for _ in slots for w in (width, gutter)][:-1]
                rows.append(["", self.columns([cells], widths, [])])
        out.append(
            self.columns(
                rows,
                [indent, self.frame.width - indent],
                [
                    ("BOTTOMPADDING", (0, 0), (-1, -1), self.gap * 1.1),
                ],
            )
        )
        return out

    def bilingual_row_narrow(self, message: Message, indent: float) -> Table | Paragraph:
        parts = self.pair(message, "body", bold=True)
        if len(parts) == 1:
            return parts[0]
        left = (self.frame.width - 2 * self.gap) / 2 - indent
        right = (self.frame.width - 2 * self.gap) / 2
        return self.columns(
            [[parts[0], "", parts[1]]],
            [left, 2 * self.gap, right],
            [
                ("LINEBEFORE", (2, 0), (2, 0), 0.4, RULE),
                ("LEFTPADDING", (2, 0), (2, 0), self.gap),
            ],
        )

    def story(self) -> list[Flowable]:
        out = self.header()
        out.append(Spacer(1, self.gap * 1.6))
        for block in self.doc.blocks:
            out.extend(self.block(block))
        return out


def story_height(story: list[Flowable], frame: Frame) -> float:
    total = 0.0
    for f in story:
        _, h = f.wrap(frame.width, frame.height)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def build(
    doc: Document,
    lang: Language,
    t: Translate,
    values: dict[str, str],
    placeholders: dict[str, str],
    paper: str,
    scale: float | None = None,
    reserved: float = 0.0,
) -> tuple[list[Flowable], float]:
    """The story at the given scale, or at the largest scale whose story fits one page.

    `reserved` is height already taken on the page by flowables placed before the story.
    """
    full = Frame.for_paper(paper)
    frame = Frame(full.width, full.height - reserved)
    for s in (scale,) if scale else SCALES:
        story = Builder(doc, lang, t, values, placeholders, frame, s).story()
        if scale or story_height(story, frame) <= frame.height:
            return story, s
    raise KyrError(f"{doc.id} does not fit one {paper} page in {lang.code}, even at the smallest type")
