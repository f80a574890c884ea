"""Staff and advocates: choose a document, fill it in, preview it, download it; blank forms for pre-printing."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.routing import BaseConverter, ValidationError

from kyr import fields
from kyr.catalogs import IncompleteTranslation, load_catalog
from kyr.documents import Document, all_documents
from kyr.errors import KyrError
from kyr.languages import LANGUAGES, SOURCE_LANGUAGE
from kyr.layout import PAPERS
from kyr.profile import Profile
from kyr.register import store
from kyr.register.service import render_recorded
from kyr.render import pdf_for, prepare
from web import preview
from web.forms import Submission, UnknownLanguage, build_fields, read, reason_text
from web.i18n import negotiate, ui_code
from web.security import personal

bp = Blueprint("documents", __name__)


class DocumentConverter(BaseConverter):
    """A URL segment that must name a shipped document (anything else is a 404, never a path)."""

    def to_python(self, value: str) -> Document:
        doc = all_documents().get(value)
        if doc is None:
            raise ValidationError()
        return doc

    def to_url(self, value: Document | str) -> str:
        return value.id if isinstance(value, Document) else value


def profile() -> Profile:
    return current_app.extensions["kyr_profile"]


def pdf_response(data: bytes, filename: str, *, attachment: bool) -> Response:
    disposition = "attachment" if attachment else "inline"
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})


@bp.get("/")
def root() -> Response:
    return redirect(url_for("documents.index", ui=negotiate()))


@bp.get("/<ui:ui>/")
def index() -> str:
    docs = list(all_documents().values())
    return render_template("index.html", staff=[d for d in docs if d.audience == "staff"],
                           public=[d for d in docs if d.audience != "staff"])


def _page(doc: Document, sub: Submission, status: int = 200, images: list[str] | None = None) -> tuple[str, int]:
    return render_template(
        "document.html",
        doc=doc,
        form_fields=build_fields(doc, profile(), sub.values, sub.errors),
        sub=sub,
        papers=list(PAPERS),
        languages=list(LANGUAGES.values()),
        languages_by_code=LANGUAGES,
        drafts=draft_languages(),
        images=images or [],
    ), status


def draft_languages() -> dict[str, bool]:
    """Which languages' document catalogs are drafts (staff are told where they choose the language)."""
    return {code: load_catalog(code).review.status == "draft" for code in LANGUAGES if code != SOURCE_LANGUAGE}


def _prepare(doc: Document, sub: Submission):
    try:
        return prepare(doc, sub.lang, paper=sub.paper, profile=profile(), bilingual=sub.bilingual)
    except IncompleteTranslation:
        abort(409, description="incomplete")


def _asked(doc: Document) -> Submission:
    """The document language, paper and bilingual choice a GET asks for (no values)."""
    lang = request.args.get("lang", ui_code())
    if lang not in LANGUAGES:
        abort(404)
    paper = request.args.get("paper", "letter")
    if paper not in PAPERS:
        abort(400)
    bilingual = {"1": True, "0": False}.get(request.args.get("bilingual", ""), doc.bilingual_default)
    return Submission(lang, paper, bilingual, {}, {})


@bp.get("/<ui:ui>/documents/<doc:doc>")
def form(doc: Document) -> tuple[str, int]:
    return _page(doc, _asked(doc))


@bp.post("/<ui:ui>/documents/<doc:doc>")
def fill(doc: Document) -> Response | tuple[str, int]:
    personal()
    try:
        sub = read(doc, request.form)
    except UnknownLanguage:
        abort(404)
    if request.form.get("action") == "blank":
        if "paper" in sub.errors:
            return _page(doc, sub, 422)
        return _blank(doc, sub)  # the typed values, if any, are not used
    if sub.errors:
        return _page(doc, sub, 422)
    if request.form.get("action") == "record":
        return _record(doc, sub)
    prepared = _prepare(doc, sub)
    try:
        data = pdf_for(prepared, fields.resolve(doc, sub.values, prepared.language, profile()))
    except fields.FieldError as exc:  # shown next to its field: a missing name, a value too long for its line
        sub.errors[exc.key] = reason_text(exc.reason)
        return _page(doc, sub, 422)
    except KyrError:
        abort(422, description="unprintable")
    if request.form.get("action") == "preview":
        return _page(doc, sub, 200, preview.data_uris(data))
    return pdf_response(data, f"{doc.id}.{sub.lang}.{sub.paper}.pdf", attachment=True)


def _record(doc: Document, sub: Submission) -> Response | tuple[str, int]:
    """"Download and record": the PDF is handed out only once its register entry is committed."""
    if not current_user.is_authenticated or not current_user.can("staff") or doc.audience != "staff":
        abort(403)
    try:
        data, _entry = render_recorded(doc, sub.lang, values=sub.values, served_by=current_user.name,
                                       paper=sub.paper, profile=profile(), bilingual=sub.bilingual)
    except IncompleteTranslation:
        abort(409, description="incomplete")
    except fields.FieldError as exc:
        sub.errors[exc.key] = reason_text(exc.reason)
        return _page(doc, sub, 422)
    except (store.Unavailable, SQLAlchemyError):
        abort(503, description="register")
    except KyrError:
        abort(422, description="unprintable")
    return pdf_response(data, f"{doc.id}.{sub.lang}.{sub.paper}.pdf", attachment=True)


@bp.get("/<ui:ui>/documents/<doc:doc>/blank.pdf")
def blank(doc: Document) -> Response:
    return _blank(doc, _asked(doc))


def _blank(doc: Document, sub: Submission) -> Response:
    prepared = _prepare(doc, sub)
    data = pdf_for(prepared, fields.resolve(doc, {}, prepared.language, profile(), blank=True))
    return pdf_response(data, f"{doc.id}.{sub.lang}.{sub.paper}.blank.pdf", attachment=False)
