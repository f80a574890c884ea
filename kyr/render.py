"""render(): the whole pipeline, definition -> messages -> layout -> PDF bytes, for the CLI and the web alike."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Table, TableStyle

from kyr import common, fields, files, fonts, layout, pdf
from kyr.catalogs import IncompleteTranslation, Translator, load_catalog, untranslated
from kyr.documents import Document, Message, get_document
from kyr.errors import KyrError
from kyr.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.profile import Profile
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


def placeholders(profile: Profile) -> dict[str, str]:
    """The profile values that messages may name as {placeholders}."""
    return {
        "agency": profile.get("agency.name"),
        "address": profile.get("agency.address"),
        "organization": profile.get("legal_help.organization"),
        "phone": profile.get("legal_help.phone"),
        "web": profile.get("legal_help.web"),
    }


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
    target: Target = None,
) -> bytes | None:
    """Render a document as PDF: the bytes when no target is given, else write to the target.

    A path target is written atomically (temporary file, then rename), so a failure never
    leaves a half-written PDF behind.
    """
    # 1. The definition, the language, the profile and the typed values, all checked first.
    doc = document if isinstance(document, Document) else get_document(document)
    language = get_language(lang)
    layout.page_size(paper)
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    printed = fields.resolve(doc, values or {}, language, prof, blank=blank)

    # 2. Messages: the completeness gate, then a translator that records what it hands out.
    catalog = load_catalog(language.code, locales_dir)
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

    # 3. Layout, once per version of the page; then the person's values, under the page's lock.
    holders = placeholders(prof)
    key = (doc.id, language.code, paper, prov.revision, tuple(holders.items()), bool(problems))
    reserved = sum(f.wrap(frame.width, frame.height)[1] for f in head)
    page = _page(key, lambda: layout.build(doc, language, t, holders, paper, reserved))

    # 4. PDF bytes.
    with page.filled(printed) as story:
        data = pdf.write(
            head + story,
            paper,
            _footer(language, prov, tuple(status_text)),
            title=t(doc.title),
            subject=prov.code,
            author=prof.get("agency.name"),
            lang=language.code,
        )
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
