"""Translators: where each language stands, and an in-context preview of an uploaded catalog (never saved)."""

from __future__ import annotations

import hashlib
import pickle
import threading
from importlib import resources
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request

from kyr import __version__, checks, fields, workflow
from kyr.catalogs import default_locales_dir, from_po, read_po_bytes
from kyr.documents import all_documents
from kyr.errors import KyrError
from kyr.files import write_atomic
from kyr.fonts import cache_dir
from kyr.languages import LANGUAGES, SOURCE_LANGUAGE
from kyr.layout import PAPERS
from kyr.render import pdf_for, prepare
from web import preview
from web.documents import pdf_response, profile
from web.i18n import gettext as _

bp = Blueprint("translators", __name__)

_lock = threading.Lock()
_status: dict[tuple, tuple[list[workflow.Stat], list[checks.Problem]]] = {}


def _stamps(locales: Path) -> tuple:
    # The catalogs, and what the checks lay them out with: the forms and the example profile.
    shipped = [Path(str(resources.files(package))) for package in ("kyr.forms", "kyr")]
    sources = [*locales.glob("**/*.po*"), locales / "glossary.toml", *shipped[0].glob("*.toml"),
               *shipped[1].glob("profiles/*.toml")]
    return (__version__, *sorted((str(p), p.stat().st_mtime_ns) for p in sources if p.exists()))


def status() -> tuple[list[workflow.Stat], list[checks.Problem]]:
    """Statistics and check results for every catalog, recomputed only when a catalog changes.

    Checking fifteen catalogs, each laid out in every document, takes seconds: the result (no
    personal data, only catalogs and forms) is also kept in kyr's cache folder, so a new server
    process reads it rather than checking again.
    """
    locales = default_locales_dir()
    key = _stamps(locales)
    with _lock:
        if key not in _status:
            _status.clear()
            path = cache_dir() / "catalog-status" / (hashlib.sha256(repr(key).encode()).hexdigest()[:24] + ".pickle")
            try:
                _status[key] = pickle.loads(path.read_bytes())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                _status[key] = (workflow.stats(locales), workflow.check(locales))
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    write_atomic(path, pickle.dumps(_status[key]))
                except OSError:
                    pass  # only slower next time
        return _status[key]


def review_name(status: str) -> str:
    """A catalog's review status, in the interface language."""
    names = {"draft": _("draft"), "reviewed": _("reviewed"), "certified": _("certified")}
    return names.get(status, status)


def target_languages() -> list:
    return [lang for lang in LANGUAGES.values() if lang.code != SOURCE_LANGUAGE]


@bp.get("/<ui:ui>/translators")
def overview() -> str:
    stats, problems = status()
    by_lang: dict[str, list[workflow.Stat]] = {}
    for s in stats:
        by_lang.setdefault(s.lang, []).append(s)
    counts: dict[tuple[str, str], int] = {}
    for p in problems:
        # Per language and severity, and per language and document ("web" for the interface).
        group = (p.unit.context or "web:").split(":", 1)[0]
        for key in ((p.unit.lang, p.severity), (p.unit.lang, group)):
            counts[key] = counts.get(key, 0) + 1
    return render_template("translators.html", by_lang=by_lang, counts=counts, problems=problems,
                           documents=all_documents(), languages=LANGUAGES, review_name=review_name)


def check_text(problem: checks.Problem) -> str:
    """What a catalog check found, in the interface language (the technical detail stays beside it)."""
    texts = {
        "syntax": _("Error: the catalog cannot be read at this line."),
        "missing": _("Error: not translated."),
        "missing-interface": _("Warning: not translated; the interface shows the English."),
        "fuzzy": _("Error: marked fuzzy; review it and remove the flag."),
        "printable": _("Error: a character that cannot be printed, or not printed correctly."),
        "placeholders": _("Error: the placeholders in braces differ from the English."),
        "printf": _("Error: the percent placeholders differ from the English."),
        "markup": _("Error: the tags differ from the English."),
        "glossary-keep": _("Error: a term that must stay as written was changed."),
        "glossary-consistent": _("Warning: a term is not translated the one way the glossary says."),
        "end-punctuation": _("Warning: the end punctuation differs from the English."),
        "spacing": _("Warning: a doubled, leading or trailing space, or a space before punctuation."),
        "fit": _("Error: too long for its place on the page."),
    }
    return texts.get(problem.check, problem.check)


@bp.context_processor
def _helpers() -> dict[str, object]:
    return {"check_text": check_text}


def _preview_page(status: int = 200, **context: object) -> tuple[str, int]:
    defaults = {"lang": "es", "doc_id": "ice-interview-consent", "paper": "letter", "problems": [], "images": [],
                "error": "", "stats": None}
    return render_template("translator_preview.html", languages=target_languages(), documents=all_documents(),
                           papers=list(PAPERS), **{**defaults, **context}), status


@bp.get("/<ui:ui>/translators/preview")
def preview_form() -> tuple[str, int]:
    return _preview_page()


@bp.post("/<ui:ui>/translators/preview")
def preview_upload() -> Response | tuple[str, int]:
    lang = request.form.get("lang", "")
    doc = all_documents().get(request.form.get("document", ""))
    if lang not in LANGUAGES or lang == SOURCE_LANGUAGE or doc is None:
        abort(404)
    paper = request.form.get("paper", "letter")
    if paper not in PAPERS:
        abort(400)
    kept = {"lang": lang, "doc_id": doc.id, "paper": paper}
    upload = request.files.get("catalog")
    data = upload.read() if upload else b""
    if not data:
        return _preview_page(422, error=_("Choose a .po file to upload."), **kept)
    name = Path(Path(upload.filename or "uploaded.po").name)
    try:
        po = read_po_bytes(data, name)
    except KyrError as exc:
        return _preview_page(422, error=_("The catalog could not be read: %(detail)s", detail=str(exc)), **kept)
    limit = current_app.config["MAX_TRANSLATION_CHARS"]
    too_long = next((m for m in po if m.id and isinstance(m.string, str) and len(m.string) > limit), None)
    if too_long is not None:  # the work a request may cause is bounded: refused before any layout
        return _preview_page(422, error=_("The translation of %(entry)s is longer than %(n)d characters, the most "
                                          "a translation may have. Shorten it.",
                                          entry=too_long.context or str(too_long.id)[:40], n=limit), **kept)
    catalog = from_po(po, lang, name)
    mine = {(m.context, m.msgid) for m in doc.messages}
    problems = [p for p in checks.run(workflow.units(po, lang), checks.Glossary.load(), name)
                if (p.unit.context, p.unit.source) in mine]
    counts = dict(zip(("translated", "fuzzy", "missing"), workflow.states(catalog, list(doc.messages)), strict=True))
    if any(p.check == "printable" for p in problems):
        # Shown next to the messages they concern; the document is not drawn with them.
        return _preview_page(422, error=_("Some translations cannot be printed: see the messages listed below."),
                             problems=problems, stats=counts, **kept)
    try:
        prepared = prepare(doc, lang, paper=paper, profile=profile(), allow_draft=True, catalog=catalog)
        pdf = pdf_for(prepared, fields.resolve(doc, {}, prepared.language, profile(), blank=True))
    except KyrError as exc:  # a translation too long for the page: the library says which document and paper
        return _preview_page(422, error=_("The document cannot be laid out with this catalog: %(detail)s",
                                          detail=str(exc)), problems=problems, stats=counts, **kept)
    if request.form.get("action") == "pdf":
        return pdf_response(pdf, f"{doc.id}.{lang}.preview.pdf", attachment=True)
    return _preview_page(200, problems=problems, images=preview.data_uris(pdf), stats=counts, **kept)
