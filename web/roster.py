"""Roster upload: a CSV of people in, one merged PDF out, or the rows that need fixing shown on the page."""

from __future__ import annotations

import base64

from flask import Blueprint, Response, abort, render_template, request

from kyr import batch
from kyr.catalogs import IncompleteTranslation
from kyr.documents import all_documents
from kyr.errors import KyrError
from kyr.layout import PAPERS
from web.documents import pdf_response, profile
from web.forms import reason_text
from web.i18n import gettext as _
from web.security import personal

bp = Blueprint("roster", __name__)


def batch_documents() -> list:
    return [d for d in all_documents().values() if batch.per_person(d)]


def _page(status: int = 200, **context: object) -> tuple[str, int]:
    defaults = {"doc_id": "ice-interview-consent", "paper": "letter", "lang_column": "language", "skip": False,
                "bad_rows": [], "problem": "", "download": "", "rows": 0}
    return render_template("roster.html", documents=batch_documents(), papers=list(PAPERS),
                           **{**defaults, **context}), status


@bp.get("/<ui:ui>/roster")
def form() -> tuple[str, int]:
    return _page()


@bp.post("/<ui:ui>/roster")
def upload() -> Response | tuple[str, int]:
    personal()
    docs = {d.id: d for d in batch_documents()}
    doc_id = request.form.get("document", "")
    if doc_id not in docs:
        abort(404)
    paper = request.form.get("paper", "letter")
    if paper not in PAPERS:
        abort(400)
    lang_column = request.form.get("lang_column", "").strip() or "language"
    skip = request.form.get("skip_bad_rows") == "on"
    kept = {"doc_id": doc_id, "paper": paper, "lang_column": lang_column[:64], "skip": skip}
    upload = request.files.get("roster")
    data = upload.read() if upload else b""
    if not data:
        return _page(422, problem=_("Choose a CSV file to upload."), **kept)
    try:
        pdf, result = batch.run(docs[doc_id], data, lang_column, paper=paper, profile=profile(),
                                skip_bad_rows=skip)
    except batch.BadRoster as exc:
        return _page(422, bad_rows=_rows(exc.bad), problem=_("Nothing was printed: fix these rows, or choose "
                                                            "to print the others and list these."), **kept)
    except IncompleteTranslation:
        abort(409, description="incomplete")
    except KyrError as exc:
        # Whole-file problems (no such column, empty file, not CSV) say which column or line, never a value.
        return _page(422, problem=_("The roster could not be read: %(detail)s", detail=str(exc)), **kept)
    del data
    assert pdf is not None
    filename = f"{doc_id}.roster.{paper}.pdf"
    if not result.skipped:
        return pdf_response(pdf, filename, attachment=True)
    link = "data:application/pdf;base64," + base64.b64encode(pdf).decode("ascii")
    return _page(200, bad_rows=_rows(result.skipped), download=link, filename=filename, rows=result.rows, **kept)


def _rows(bad: list[batch.BadRow]) -> list[tuple[int, str, str]]:
    """(line, column, what to fix) for each bad row, in the interface language."""
    return [(b.line, b.column, reason_text(b.code)) for b in bad]
