"""render(): the whole pipeline, definition -> messages -> layout -> PDF bytes, for the CLI and the web alike."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Paragraph, Table, TableStyle

from kyr import common, fields, layout, pdf
from kyr.catalogs import IncompleteTranslation, Translator, load_catalog, untranslated
from kyr.documents import Document, get_document
from kyr.languages import SOURCE_LANGUAGE, Language, get_language
from kyr.profile import Profile
from kyr.profile import load as load_profile
from kyr.provenance import Provenance, draw_qr
from kyr.textruns import chain_for

Target = str | os.PathLike[str] | BinaryIO | None

# Chosen type scale per (document, language, paper, catalog revision, profile text, mark):
# field values never change a page's height, so the search for the scale runs once.
_scales: dict[tuple, float] = {}


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
        lines = [(prov.code, en_chain)] + [
            (t, chain if i == 0 else en_chain) for i, t in enumerate(status_text)
        ]
        y = top - 4.2 * mm
        for text, c in lines:
            line = layout.OneLine(text, c, 7.0)
            line.wrap(text_width, 10)
            line.drawOn(canvas, layout.MARGIN, y)
            y -= 3.6 * mm
        draw_qr(canvas, prov.code, width - layout.MARGIN - qr, layout.MARGIN, qr)
        canvas.restoreState()

    return on_page


def _banner(text: str, lang: Language, frame_width: float) -> Table:
    style = layout.Styles(lang, 1.0).style("heading", english=False)
    para = Paragraph(layout.markup(text, chain_for(lang.fonts), bold=True), style)
    return Table([[para]], colWidths=[frame_width], style=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), layout.fonts.font_name("NotoSans")),
        ("BOX", (0, 0), (-1, -1), 2, layout.INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))


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
    doc = document if isinstance(document, Document) else get_document(document)
    language = get_language(lang)
    layout.page_size(paper)  # refuse an unknown paper size before any work
    prof = profile if isinstance(profile, Profile) else load_profile(profile)
    printed = fields.resolve(doc, values or {}, language, prof, blank=blank)

    catalog = load_catalog(language.code, locales_dir)
    status = catalog.review.status
    needed = list(doc.messages)
    if status in common.STATUS_MESSAGES:
        needed.append(common.STATUS_MESSAGES[status])
    problems = untranslated(needed, catalog)
    if problems and not allow_draft:
        raise IncompleteTranslation(language.code, doc.id, problems)
    t = Translator(catalog)

    holders = placeholders(prof)
    frame = layout.Frame.for_paper(paper)
    head = [_banner(t(common.INCOMPLETE), language, frame.width)] if problems else []
    status_text: tuple[str, ...] = ()
    if status in common.STATUS_MESSAGES:
        msg = common.STATUS_MESSAGES[status]
        status_text = (t(msg), msg.msgid) if language.code != SOURCE_LANGUAGE else (msg.msgid,)

    # The revision covers every message of the document, whichever scale is chosen.
    for m in doc.messages:
        t(m)
    prov = Provenance(doc.id, language.code, t.revision(),
                      "incomplete" if problems else status)
    key = (doc.id, language.code, paper, prov.revision, tuple(holders.items()), bool(problems))
    story, scale = layout.build(doc, language, t, printed, holders, paper, _scales.get(key),
                                reserved=sum(f.wrap(frame.width, frame.height)[1] for f in head))
    _scales[key] = scale
    data = pdf.write(
        head + story,
        paper,
        _footer(language, prov, status_text),
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
    """Write bytes to a file object, or to a path through a temporary file and a rename."""
    if hasattr(target, "write"):
        target.write(data)  # type: ignore[union-attr]
        return
    path = Path(target)  # type: ignore[arg-type]
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
