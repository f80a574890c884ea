"""render(): the whole pipeline, definition -> messages -> layout -> PDF bytes, for the CLI and the web alike."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kyr import common, fields, fonts, layout, stamp
from kyr.catalogs import Catalog, IncompleteTranslation, Translator, load_catalog, untranslated
from kyr.documents import DEFAULT_PLACEHOLDERS, Document, get_document
from kyr.files import write_output
from kyr.languages import SOURCE_LANGUAGE, get_language
from kyr.prepared import Prepared, both, refuse_unfit
from kyr.profile import SETTINGS, Profile
from kyr.profile import load as load_profile
from kyr.provenance import Provenance

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
    uploaded = catalog is not None  # a translator's preview: never kept on disk
    catalog = catalog or load_catalog(language.code, locales_dir)
    status_message = common.STATUS_MESSAGES.get(catalog.review.status)
    needed = [*doc.messages, common.PAGE, *([status_message] if status_message else [])]
    problems = untranslated(needed, catalog)
    if problems and not allow_draft:
        raise IncompleteTranslation(language.code, doc.id, problems)
    t = Translator(catalog)
    status_text = both(t, status_message, language) if status_message else []
    incomplete = tuple(both(t, common.INCOMPLETE, language)) if problems else ()
    for m in doc.messages:  # the revision covers the whole document, whatever is drawn
        t(m)
    prov = Provenance(doc.id, language.code, t.revision(), "incomplete" if problems else catalog.review.status)

    # Layout, once per version of the page (field values are filled in later, per person), when first needed.
    holders = placeholders(prof, doc)
    lay_out, key = None, ()
    if doc.layout == "page":
        shown = settings(prof)
        key = (doc.id, language.code, paper, prov.revision, prov.status, tuple(shown.items()), incomplete,
               two_languages, tuple(status_text))

        def lay_out() -> layout.Page:
            def make() -> layout.Page:
                frame = layout.Frame.for_paper(paper)
                reserved = sum(f.wrap(frame.width, frame.height)[1] for f in prepared.head)
                return layout.build(doc, language, t, holders, paper, reserved, two_languages, shown)

            return _page(key, make)

    translated = language.code != SOURCE_LANGUAGE
    flows = doc.layout == "page" and doc.pages_allowed(translated, two_languages) > 1
    prepared = Prepared(doc, language, prof, paper, t, prov, tuple(status_text), incomplete, lay_out, holders,
                        two_languages and translated, flows=flows, key=key, keep_on_disk=not uploaded)
    return prepared


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
    return pdf_for(prepared, printed), printed, prepared


def pdf_for(prepared: Prepared, values: dict[str, str]) -> bytes:
    """The PDF for one person's (already resolved) values; a value too long for its line is refused."""
    if prepared.lay_out is None:
        from kyr import cards  # here, not at the top: ReportLab's Platypus is a fifth of a new process's start

        return cards.render(prepared, values)
    meta = {"title": prepared.title, "subject": prepared.provenance.code, "author": prepared.profile.get("agency.name")}
    if not prepared.flows:
        # Pages break only where the document says: draw them once, then stamp each person's values.
        snapshot = stamp.snapshot_for(prepared)
        unfit, laid = snapshot.lay_values(values)
        refuse_unfit(unfit, values, prepared.paper)
        return stamp.stamp(snapshot, prepared, values, laid=laid, **meta)
    # Text that flows over pages: lay it out each time (the font lock first, as everywhere), once to
    # count the pages for "page N of M", then for real.
    from kyr import pdf

    prepared.check_fit(values)
    with fonts.pdf_lock, prepared.page.filled(values) as story:
        pages = layout.count_pages(prepared.head + story, prepared.paper, running=True)
        return pdf.write(prepared.head + story, prepared.paper, prepared.footer(pages), lang=prepared.language.code,
                         running=True, **meta)
