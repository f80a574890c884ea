"""A document made ready for one language, paper and profile: everything but a person's values, with its footer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kyr import common, fields, grammar, layout
from kyr.catalogs import Translator
from kyr.documents import Document, Message
from kyr.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.profile import Profile
from kyr.provenance import Provenance, draw_qr
from kyr.textruns import chain_for

if TYPE_CHECKING:
    from reportlab.platypus import BaseDocTemplate, Flowable


@dataclass(frozen=True)
class Running:
    """What every page of a document that flows over pages repeats: issuer, title, "page N of M"."""

    agency: str
    titles: list[str]  # the person's language, then English when bilingual
    page_texts: list[str]  # "Page {page} of {pages}", likewise
    pages: int

    def page_text(self, page: int) -> str:
        return " · ".join(grammar.fill(t, {"page": str(page), "pages": str(self.pages)}) for t in self.page_texts)


def page_footer(lang: Language, prov: Provenance, status_text: tuple[str, ...], running: Running | None = None):
    """The page callback that draws the provenance footer (and, with `running`, the running head)."""
    chain = chain_for(lang.fonts)
    en_chain = chain_for(get_language(SOURCE_LANGUAGE).fonts)

    def text_line(canvas: Canvas, text: str, c: tuple[str, ...], size: float, x: float, y: float, width: float,
                  right: bool = False, floor: float = 6.0) -> None:
        # The person's language reads in its own direction (a Farsi line ends at its left).
        line = layout.OneLine(text, c, size, rtl=lang.is_rtl and c is chain, shrink_to=floor)
        line.align_right = right
        line.wrap(width, 10)
        line.drawOn(canvas, x, y)

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pagesize
        top = layout.MARGIN + layout.FOOTER_HEIGHT - 3 * mm
        qr = layout.FOOTER_HEIGHT - 3 * mm
        canvas.saveState()
        canvas.setStrokeColor(layout.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(layout.MARGIN, top, width - layout.MARGIN, top)
        text_width = width - 2 * layout.MARGIN - qr - 4 * mm
        lines = [(prov.code, en_chain)] + [(t, chain if i == 0 else en_chain) for i, t in enumerate(status_text)]
        y = top - 4.2 * mm
        for text, c in lines:
            text_line(canvas, text, c, 7.0, layout.MARGIN, y, text_width)
            y -= 3.6 * mm
        draw_qr(canvas, prov.code, width - layout.MARGIN - qr, layout.MARGIN, qr)
        if running is not None:
            page = canvas.getPageNumber()
            inner = width - 2 * layout.MARGIN
            if page > 1:  # the first page carries the full header in its story
                y = height - layout.MARGIN - 10
                text_line(canvas, running.agency, en_chain, 8.0, layout.MARGIN, y, inner * 0.6, floor=layout.MIN_PT)
                text_line(canvas, running.page_text(page), chain, 8.0, layout.MARGIN + inner * 0.6, y,
                          inner * 0.4, right=True, floor=layout.MIN_PT)
                for i, title in enumerate(running.titles):
                    y -= 11
                    text_line(canvas, title, chain if i == 0 else en_chain, 8.5, layout.MARGIN, y, inner,
                              floor=layout.MIN_PT)
                canvas.line(layout.MARGIN, y - 5, width - layout.MARGIN, y - 5)
            else:
                text_line(canvas, running.page_text(page), chain, 7.0, layout.MARGIN, top - 4.2 * mm, text_width,
                          right=True, floor=layout.MIN_PT)
        canvas.restoreState()

    return on_page


def both(t: Translator, message: Message, lang: Language) -> list[str]:
    """A kyr message in the person's language, followed by the English unless they are the same."""
    own = t(message)
    return [own] if lang.code == SOURCE_LANGUAGE else [own, message.msgid]


@dataclass
class Prepared:
    """A document made ready for one language, paper and profile: everything but the person's values.

    The laid-out page is made when first asked for (and cached by kyr.render): a page already drawn
    and kept on disk (kyr.stamp, kyr.pagecache) is printed without laying it out again.
    """

    doc: Document
    language: Language
    profile: Profile
    paper: str
    translator: Translator
    provenance: Provenance
    status_text: tuple[str, ...]
    incomplete: tuple[str, ...]  # the incomplete-translation mark's texts, when the catalog lacks messages
    lay_out: Callable[[], layout.Page] | None  # None for cards, which kyr.cards draws itself
    placeholders: dict[str, str]
    bilingual: bool = False
    flows: bool = False  # its text flows over pages (laid out per PDF), rather than breaking where it says
    key: tuple = ()  # what the laid-out page depends on, in this process
    keep_on_disk: bool = False  # whether its drawn page may be kept in kyr.pagecache (not a translator's upload)

    @property
    def page(self) -> layout.Page | None:
        return self.lay_out() if self.lay_out else None

    @cached_property
    def head(self) -> list[Flowable]:
        """What the first page carries above the document: the incomplete-translation mark, if any."""
        if not self.incomplete:
            return []
        return [layout.banner(list(self.incomplete), self.language, layout.Frame.for_paper(self.paper).width)]

    @property
    def title(self) -> str:
        return self.translator(self.doc.title)

    def footer(self, pages: int = 0) -> Callable[[Canvas, BaseDocTemplate], None]:
        """The page callback: the provenance footer, and with `pages` the issuer, title and page number."""
        running = None
        if pages:
            titles = both(self.translator, self.doc.title, self.language)[: 2 if self.bilingual else 1]
            page_texts = both(self.translator, common.PAGE, self.language)[: 2 if self.bilingual else 1]
            running = Running(self.placeholders.get("agency", ""), titles, page_texts, pages)
        return page_footer(self.language, self.provenance, self.status_text, running)

    def check_fit(self, values: dict[str, str]) -> None:
        """Refuse a typed value that does not fit its line(s) at the document's size: never shrink it."""
        if self.page is not None:
            refuse_unfit(self.page.unfit(values), values, self.paper)


def refuse_unfit(unfit: list, values: dict[str, str], paper: str) -> None:
    """A FieldError for the first (field, line) in `unfit`, saying about how many characters would fit."""
    for key, line in unfit:
        shown = "".join(line.split_lines(values[key])[: line.lines])
        raise fields.FieldError(
            key, "does_not_fit",
            f"field {key!r} does not fit its {line.lines} line(s) on this {paper} form at "
            f"{line.size:.1f} pt; shorten it to about {len(shown)} characters",
        )
