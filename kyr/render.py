"""render(): the whole pipeline, definition -> messages -> layout -> PDF bytes, for the CLI and the web alike."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Table, TableStyle

from kyr import cards, common, fields, fonts, grammar, layout, pdf, stamp
from kyr.catalogs import Catalog, IncompleteTranslation, Translator, load_catalog, untranslated
from kyr.documents import DEFAULT_PLACEHOLDERS, Document, Message, get_document
from kyr.files import write_output
from kyr.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.profile import SETTINGS, Profile
from kyr.profile import load as load_profile
from kyr.provenance import Provenance, draw_qr
from kyr.textruns import chain_for

Target = str | os.PathLike[str] | BinaryIO | None

# Laid-out pages, without field values, per (document, language, paper, catalog revision, profile
# text, incomplete mark): the fixed text of a page is set once, then filled for each person.
_PAGES_MAX = 64
_pages: OrderedDict[tuple, layout.Page] = OrderedDict()
_pages_lock = threading.Lock()


def _page(key: tuple, make: Callable[[], layout.Page]) -> layout.Page:
    with _pages_lock:
        page = _pages.get(key)
        if page is not None:
            _pages.move_to_end(key)
            return page
    page = make()
    with _pages_lock:
        page = _pages.setdefault(key, page)
        while len(_pages) > _PAGES_MAX:
            _pages.popitem(last=False)
    return page


def placeholders(profile: Profile, doc: Document | None = None) -> dict[str, str]:
    """The profile values that a document's messages may name as {placeholders}."""
    mapping = doc.placeholders if doc else DEFAULT_PLACEHOLDERS
    return {name: profile.get(setting) for name, setting in mapping.items()}


def settings(profile: Profile) -> dict[str, str]:
    """Every profile setting by name, as the layout reads them (policy statuses, QR addresses)."""
    return {s.name: profile.get(s.name) for s in SETTINGS}


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


def _banner(texts: list[str], lang: Language, frame_width: float) -> Table:
    """The mark on a document printed from an incomplete catalog, in both languages."""
    styles = layout.Styles(lang, 1.0)
    paras = [styles.para(text, "label", english=i > 0, bold=True) for i, text in enumerate(texts)]
    return Table(
        [[paras]],
        colWidths=[frame_width],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.font_name("NotoSans")),
                ("BOX", (0, 0), (-1, -1), 2, layout.INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        ),
    )


def _both(t: Translator, message: Message, lang: Language) -> list[str]:
    """A kyr message in the person's language, followed by the English unless they are the same."""
    own = t(message)
    return [own] if lang.code == SOURCE_LANGUAGE else [own, message.msgid]


@dataclass
class Prepared:
    """A document made ready for one language, paper and profile: everything but the person's values."""

    doc: Document
    language: Language
    profile: Profile
    paper: str
    translator: Translator
    provenance: Provenance
    status_text: tuple[str, ...]
    head: list[Flowable]
    page: layout.Page | None  # None for cards, which kyr.cards draws itself
    placeholders: dict[str, str]
    bilingual: bool = False

    @property
    def title(self) -> str:
        return self.translator(self.doc.title)

    def footer(self, pages: int = 0) -> Callable[[Canvas, BaseDocTemplate], None]:
        """The page callback: the provenance footer, and with `pages` the issuer, title and page number."""
        running = None
        if pages:
            titles = _both(self.translator, self.doc.title, self.language)[: 2 if self.bilingual else 1]
            page_texts = _both(self.translator, common.PAGE, self.language)[: 2 if self.bilingual else 1]
            running = Running(self.placeholders.get("agency", ""), titles, page_texts, pages)
        return page_footer(self.language, self.provenance, self.status_text, running)

    def check_fit(self, values: dict[str, str]) -> None:
        """Refuse a typed value that does not fit its line(s) at the document's size: never shrink it."""
        if self.page is None:
            return
        for key, line in self.page.unfit(values):
            shown = "".join(line.split_lines(values[key])[: line.lines])
            raise fields.FieldError(
                key, "does_not_fit",
                f"field {key!r} does not fit its {line.lines} line(s) on this {self.paper} form at "
                f"{line.size:.1f} pt; shorten it to about {len(shown)} characters",
            )

    def pdf(self, values: dict[str, str]) -> bytes:
        """The PDF for one person's (already resolved) values; a value too long for its line is refused."""
        self.check_fit(values)
        if self.page is None:
            return cards.render(self, values)
        meta = {"title": self.title, "subject": self.provenance.code, "author": self.profile.get("agency.name")}
        if not self.page.flows:
            # Pages break only where the document says: draw them once, then stamp each person's values.
            return stamp.stamp(stamp.snapshot_for(self), self, values, **meta)
        # Text that flows over pages: lay it out each time (the font lock first, as everywhere), once to
        # count the pages for "page N of M", then for real.
        with fonts.pdf_lock, self.page.filled(values) as story:
            pages = layout.count_pages(self.head + story, self.paper, running=True)
            return pdf.write(self.head + story, self.paper, self.footer(pages), lang=self.language.code,
                             running=True, **meta)


def prepare(
    document: str | Document,
    lang: str,
    *,
    paper: str = "letter",
    profile: Profile | str | os.PathLike[str] | None = None,
    allow_draft: bool = False,
    locales_dir: Path | None = None,
    bilingual: bool | None = None,
    catalog: Catalog | None = None,
) -> Prepared:
    """Check everything but the values and lay the document out (cached) for this language.

    `catalog` replaces the language's own (a translator's preview of an uploaded .po).
    """
    doc = document if isinstance(document, Document) else get_document(document)
    language = get_language(lang)
    layout.page_size(paper)
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    two_languages = doc.bilingual_default if bilingual is None else bilingual

    # Messages: the completeness gate, then a translator that records what it hands out.
    catalog = catalog or load_catalog(language.code, locales_dir)
    status_message = common.STATUS_MESSAGES.get(catalog.review.status)
    needed = [*doc.messages, common.PAGE, *([status_message] if status_message else [])]
    problems = untranslated(needed, catalog)
    if problems and not allow_draft:
        raise IncompleteTranslation(language.code, doc.id, problems)
    t = Translator(catalog)
    status_text = _both(t, status_message, language) if status_message else []
    frame = layout.Frame.for_paper(paper)
    head = [_banner(_both(t, common.INCOMPLETE, language), language, frame.width)] if problems else []
    for m in doc.messages:  # the revision covers the whole document, whatever is drawn
        t(m)
    prov = Provenance(doc.id, language.code, t.revision(), "incomplete" if problems else catalog.review.status)

    # Layout, once per version of the page (field values are filled in later, per person).
    holders = placeholders(prof, doc)
    page = None
    if doc.layout == "page":
        shown = settings(prof)
        key = (doc.id, language.code, paper, prov.revision, tuple(shown.items()), bool(problems), two_languages)
        reserved = sum(f.wrap(frame.width, frame.height)[1] for f in head)
        page = _page(key, lambda: layout.build(doc, language, t, holders, paper, reserved, two_languages, shown))
    return Prepared(doc, language, prof, paper, t, prov, tuple(status_text), head, page, holders,
                    two_languages and language.code != SOURCE_LANGUAGE)


def render(
    document: str | Document,
    lang: str,
    *,
    values: dict[str, str] | None = None,
    paper: str = "letter",
    profile: Profile | str | os.PathLike[str] | None = None,
    blank: bool = False,
    allow_draft: bool = False,
    locales_dir: Path | None = None,
    bilingual: bool | None = None,
    target: Target = None,
) -> bytes | None:
    """Render a document as PDF: the bytes when no target is given, else write to the target.

    A path target is written atomically (temporary file, then rename), so a failure never
    leaves a half-written PDF behind. `bilingual` None means the document's own default.
    """
    data, _printed, _prepared = render_parts(document, lang, values=values, paper=paper, profile=profile,
                                             blank=blank, allow_draft=allow_draft, locales_dir=locales_dir,
                                             bilingual=bilingual)
    if target is None:
        return data
    write_output(target, data)
    return None


def render_parts(
    document: str | Document,
    lang: str,
    *,
    values: dict[str, str] | None = None,
    paper: str = "letter",
    profile: Profile | str | os.PathLike[str] | None = None,
    blank: bool = False,
    allow_draft: bool = False,
    locales_dir: Path | None = None,
    bilingual: bool | None = None,
) -> tuple[bytes, dict[str, str], Prepared]:
    """The PDF, the values as printed and the prepared document (what the register records)."""
    doc = document if isinstance(document, Document) else get_document(document)
    language = get_language(lang)
    layout.page_size(paper)  # the arguments first, then the values
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    printed = fields.resolve(doc, values or {}, language, prof, blank=blank)
    fields.check_printable(doc, printed, language)
    prepared = prepare(doc, lang, paper=paper, profile=prof, allow_draft=allow_draft, locales_dir=locales_dir,
                       bilingual=bilingual)
    return prepared.pdf(printed), printed, prepared
