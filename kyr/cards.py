"""Wallet cards: credit-card size, as many to a sheet as fit, cut marks, fronts and backs aligned for duplex.

The front sheet carries the holder's language, the back sheet the English statement for an officer.
Printed duplex with a long-edge flip, the back of a sheet is mirrored left to right, so each back
card sits at the mirror image of its front card's position.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from kyr import fonts, grammar, pdf
from kyr.errors import KyrError
from kyr.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.layout import INK, MIN_PT, RULE, SECOND_INK, OneLine, page_size
from kyr.paragraphs import paragraph
from kyr.prepared import Prepared
from kyr.provenance import draw_qr
from kyr.textruns import chain_for

CARD_W, CARD_H = 85.6 * mm, 54.0 * mm  # ISO/IEC 7810 ID-1
SAFE = 6 * mm  # printer-safe margin
MARKS = 3 * mm  # room outside the grid for cut marks
FOOTER = 16 * mm  # band for the provenance code and its QR code
PAD = 3 * mm  # inside each card (cutting by hand is off by a millimetre at most)
MAX_PT = 10.5


@dataclass(frozen=True)
class Grid:
    cols: int
    rows: int
    x0: float  # left edge of the grid
    y0: float  # bottom edge of the grid
    page_width: float

    def positions(self, back: bool = False) -> list[tuple[float, float]]:
        """Lower-left corners of the cards, in reading order of the front sheet."""
        out = []
        for r in range(self.rows):
            for c in range(self.cols):
                x = self.x0 + c * CARD_W
                if back:
                    x = self.page_width - x - CARD_W
                out.append((x, self.y0 + (self.rows - 1 - r) * CARD_H))
        return out


def grid(paper: str) -> Grid:
    """As many cards as fit inside the safe margins, leaving room for cut marks and the footer band."""
    width, height = page_size(paper)
    cols = int((width - 2 * (SAFE + MARKS)) // CARD_W)
    rows = int((height - 2 * (SAFE + MARKS) - FOOTER) // CARD_H)
    x0 = (width - cols * CARD_W) / 2
    top = height - SAFE - MARKS
    return Grid(cols, rows, x0, top - rows * CARD_H, width)


@dataclass(frozen=True)
class CardText:
    """One side's paragraphs at the size that fits the card."""

    paragraphs: list[Paragraph]
    size: float

    def height(self) -> float:
        return sum(p.wrap(CARD_W - 2 * PAD, CARD_H)[1] + p.style.spaceAfter for p in self.paragraphs)


def fit(title: str, lines: list[str], footer: str, lang: Language, mark: str = "") -> CardText:
    """The largest size (at least 7 pt) at which a side's text fits inside the card's padding.

    `mark` (the card's language, date and draft mark) closes the side at the smallest size, 7 pt.
    """
    chain = chain_for(lang.fonts)
    rtl = lang.is_rtl
    size = MAX_PT
    while size >= MIN_PT - 1e-6:
        leading = size * (1.35 if lang.word_wrap == "CJK" else 1.22)
        base = ParagraphStyle("card", fontName=fonts.font_name(lang.fonts[0]), fontSize=size, leading=leading,
                              textColor=INK, wordWrap=lang.word_wrap, spaceAfter=size * 0.2,
                              alignment=TA_RIGHT if rtl else TA_LEFT)
        head = ParagraphStyle("card-title", parent=base, fontSize=size * 1.25, leading=leading * 1.25)
        small = ParagraphStyle("card-foot", parent=base, fontSize=max(size * 0.85, MIN_PT), spaceAfter=0)
        paras = [paragraph(title, chain, head, bold=True, rtl=rtl)]
        paras += [paragraph("• " + line, chain, base, rtl=rtl) for line in lines]
        if footer:
            paras.append(paragraph(footer, chain, small, bold=True, rtl=rtl))
        if mark:
            paras.append(paragraph(mark, chain, ParagraphStyle("card-mark", parent=small, fontSize=MIN_PT,
                                                               leading=MIN_PT * 1.25, textColor=SECOND_INK), rtl=rtl))
        text = CardText(paras, size)
        if text.height() <= CARD_H - 2 * PAD:
            return text
        size -= 0.25
    raise KyrError(f"the wallet card text in {lang.code} does not fit a card even at {MIN_PT:g} pt")


def sides(prepared: Prepared, date: str = "") -> tuple[CardText, CardText]:
    """Front (holder's language) and back (English for an officer) of the card."""
    doc, t = prepared.doc, prepared.translator
    assert doc.cards is not None
    def fill(text: str) -> str:
        return grammar.fill(text, prepared.placeholders)

    help_text = fill(t(doc.cards.help)) if doc.cards.help else ""
    mark = ""
    if doc.cards.mark:
        mark = grammar.fill(t(doc.cards.mark), {"language": prepared.language.label, "date": date}).strip(", ")
        if doc.cards.draft and prepared.provenance.status in ("draft", "incomplete"):
            mark = f"{mark} · {t(doc.cards.draft)}"
    front = fit(t(doc.title), [fill(t(m)) for m in doc.cards.front], help_text, prepared.language, mark)
    back = fit(doc.cards.back_title, list(doc.cards.back), "", get_language(SOURCE_LANGUAGE))
    return front, back


def render(prepared: Prepared, values: dict[str, str]) -> bytes:
    """Two pages: a sheet of fronts, then a sheet of backs at the mirrored positions."""
    date = values.get(prepared.doc.date_field or "", "")
    front, back = sides(prepared, date)
    g = grid(prepared.paper)

    def pages(canvas: Canvas) -> None:
        for side, is_back in ((front, False), (back, True)):
            for x, y in g.positions(back=is_back):
                _card(canvas, side, x, y)
            _cut_marks(canvas, g)
            _footer(canvas, prepared, g, date)
            canvas.showPage()

    return pdf.draw(prepared.paper, pages, title=prepared.title, subject=prepared.provenance.code,
                    author=prepared.profile.get("organization.name"), lang=prepared.language.code)


def _card(canvas: Canvas, text: CardText, x: float, y: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.25)
    canvas.rect(x, y, CARD_W, CARD_H, stroke=1, fill=0)  # a faint guide, inside the cut
    top = y + CARD_H - PAD
    for para in text.paragraphs:
        _, h = para.wrap(CARD_W - 2 * PAD, CARD_H)
        para.drawOn(canvas, x + PAD, top - h)
        top -= h + para.style.spaceAfter
    canvas.restoreState()


def _cut_marks(canvas: Canvas, g: Grid) -> None:
    """Short lines outside the grid, in line with every card edge."""
    canvas.saveState()
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.3)
    top, bottom = g.y0 + g.rows * CARD_H, g.y0
    left, right = g.x0, g.x0 + g.cols * CARD_W
    gap = 1 * mm
    for c in range(g.cols + 1):
        x = g.x0 + c * CARD_W
        canvas.line(x, top + gap, x, top + MARKS)
        canvas.line(x, bottom - gap, x, bottom - MARKS)
    for r in range(g.rows + 1):
        y = g.y0 + r * CARD_H
        canvas.line(left - gap, y, left - MARKS, y)
        canvas.line(right + gap, y, right + MARKS, y)
    canvas.restoreState()


def _footer(canvas: Canvas, prepared: Prepared, g: Grid, date: str) -> None:
    qr = FOOTER - 2 * mm
    y = SAFE
    canvas.saveState()
    size = 6.5
    canvas.setFillColor(INK)
    lines = [f"{prepared.provenance.code}  {date}".strip(), *prepared.status_text]
    for i, line in enumerate(lines):
        lang = prepared.language
        one = OneLine(line, chain_for(lang.fonts), size, shrink_to=6.0)
        one.wrap(g.page_width - 2 * SAFE - qr - 4 * mm, 10)
        one.drawOn(canvas, SAFE + 2 * mm, y + qr - (i + 1) * size * 1.5)
    draw_qr(canvas, prepared.provenance.code, g.page_width - SAFE - 2 * mm - qr, y, qr)
    canvas.restoreState()
