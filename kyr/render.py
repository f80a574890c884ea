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

from kyr import cards, common, fields, files, fonts, layout, pdf, stamp
from kyr.catalogs import Catalog, IncompleteTranslation, Translator, load_catalog, untranslated
from kyr.documents import DEFAULT_PLACEHOLDERS, Document, Message, get_document
from kyr.errors import KyrError
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


def _footer(lang: Language, prov: Provenance, status_text: tuple[str, ...]):
    chain = chain_for(lang.fonts)
    en_chain = chain_for(get_language(SOURCE_LANGUAGE).fonts)

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, _ = doc.pagesize
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
            line = layout.OneLine(text, c, 7.0)
            line.wrap(text_width, 10)
            line.drawOn(canvas, layout.MARGIN, y)
            y -= 3.6 * mm
        draw_qr(canvas, prov.code, width - layout.MARGIN - qr, layout.MARGIN, qr)
        canvas.restoreState()

    return on_page


def _banner(texts: list[str], lang: Language, frame_width: float) -> Table:
    """The mark on a document printed from an incomplete catalog, in both languages."""
    styles = layout.Styles(lang, 1.0)
    paras = [styles.para(text, "heading", english=i > 0, bold=True) for i, text in enumerate(texts)]
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

    @property
    def title(self) -> str:
        return self.translator(self.doc.title)

    def footer(self) -> Callable[[Canvas, BaseDocTemplate], None]:
        return _footer(self.language, self.provenance, self.status_text)

    def pdf(self, values: dict[str, str]) -> bytes:
        """The PDF for one person's (already resolved) values."""
        if self.page is None:
            return cards.render(self, values)
        meta = {"title": self.title, "subject": self.provenance.code, "author": self.profile.get("agency.name")}
        if self.doc.max_pages == 1 or self.doc.copies:
            # Pages break only where the document says: draw them once, then stamp each person's values.
            return stamp.stamp(stamp.snapshot_for(self), self, values, **meta)
        # Text that flows over pages: lay it out each time (the font lock first, as everywhere).
        with fonts.pdf_lock, self.page.filled(values) as story:
            return pdf.write(self.head + story, self.paper, self.footer(), lang=self.language.code, **meta)


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
    needed = [*doc.messages, *([status_message] if status_message else [])]
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
    return Prepared(doc, language, prof, paper, t, prov, tuple(status_text), head, page, holders)


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
    doc = document if isinstance(document, Document) else get_document(document)
    language = get_language(lang)
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    printed = fields.resolve(doc, values or {}, language, prof, blank=blank)
    prepared = prepare(doc, lang, paper=paper, profile=prof, allow_draft=allow_draft, locales_dir=locales_dir,
                       bilingual=bilingual)
    data = prepared.pdf(printed)
    if target is None:
        return data
    write_atomic(target, data)
    return None


def write_atomic(target: str | os.PathLike[str] | BinaryIO, data: bytes) -> None:
    """Write bytes to a file object, or atomically to a path (never a half-written PDF)."""
    if hasattr(target, "write"):
        target.write(data)  # type: ignore[union-attr]
        return
    path = Path(target)  # type: ignore[arg-type]
    try:
        files.write_atomic(path, data)
    except OSError as exc:
        raise KyrError(f"cannot write {path}: {exc.strerror or exc}") from None
