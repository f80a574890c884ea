"""Roster upload: a CSV of people in, one merged PDF out, or the rows that need fixing shown on the page."""

from __future__ import annotations

import base64
import csv
import io
import threading

from flask import Blueprint, Response, abort, current_app, render_template, request

from kyr import batch
from kyr.catalogs import IncompleteTranslation
from kyr.documents import Document, all_documents
from kyr.errors import KyrError
from kyr.layout import PAPERS
from web.documents import draft_languages, pdf_response, profile
from web.forms import reason_text
from web.i18n import gettext as _
from web.security import personal

bp = Blueprint("roster", __name__)
# One roster at a time per server process: a roster holds the font lock while it draws, and the other
# thread of the process must stay free for everyone else's pages.
_busy = threading.Semaphore(1)
# Invented example rows for the sample CSV of each document (never a real person).
SAMPLE_ROW = {"name": "Alex Example", "booking_number": "EX-0000001", "date": "2026-11-24", "time": "14:30",
              "officer": "Deputy Sample 0000", "release_date": "2026-12-01", "detainer": "decline",
              "notification": "decline"}


def batch_documents() -> list:
    return [d for d in all_documents().values() if batch.per_person(d)]


def max_rows() -> int:
    return current_app.config["ROSTER_MAX_ROWS"]


def _page(status: int = 200, **context: object) -> tuple[str, int]:
    defaults = {"doc_id": "ice-interview-consent", "paper": "letter", "lang_column": "language", "skip": False,
                "bad_rows": [], "problem": "", "download": "", "rows": 0, "read": 0}
    return render_template("roster.html", documents=batch_documents(), papers=list(PAPERS), max_rows=max_rows(),
                           drafts=draft_languages(), **{**defaults, **context}), status


def whole_file_problem(exc: batch.RosterError) -> str:
    """A problem with the whole roster, in the interface language: a line or a column, never a value."""
    texts = {
        "empty": _("The file is empty."),
        "header": _("Line 1 is not a row of column names. Check its quotation marks, and save the file as CSV "
                    "UTF-8."),
        "no_language_column": _("Line 1 has no column named %(column)s. The first line names the columns; see the "
                                "columns this document takes below.", column=exc.column),
        "duplicate_column": _("The column %(column)s appears twice on line 1.", column=exc.column),
        "too_many_rows": _("This roster has more than %(n)d rows, the most one upload may have. Split it into "
                           "smaller files.", n=max_rows()),
        "no_rows": _("The file has no row to print."),
        "retired_column": _("The column %(column)s was replaced. Use the columns this document takes, listed below.",
                            column=exc.column),
    }
    return texts.get(exc.code, _("The roster could not be read."))


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
    if sum(1 for line in data.splitlines() if line.strip()) - 1 > max_rows():
        # Over the limit: answered at once, before any row is read.
        return _page(413, problem=whole_file_problem(batch.RosterError("roster", "too_many_rows", "")), **kept)
    if not _busy.acquire(blocking=False):
        abort(429, description="busy")
    try:
        pdf, result = batch.run(docs[doc_id], data, lang_column, paper=paper, profile=profile(),
                                skip_bad_rows=skip, max_rows=max_rows())
    except batch.BadRoster as exc:
        return _page(422, bad_rows=_rows(exc.bad), problem=_("Nothing was printed: fix these rows, or choose "
                                                            "to print the others and list these."), **kept)
    except IncompleteTranslation:
        abort(409, description="incomplete")
    except batch.RosterError as exc:
        status = 413 if exc.code == "too_many_rows" else 422
        return _page(status, problem=whole_file_problem(exc), **kept)
    except KyrError:
        return _page(422, problem=_("The roster could not be read."), **kept)
    finally:
        _busy.release()
    del data
    assert pdf is not None
    filename = f"{doc_id}.roster.{paper}.pdf"
    if not result.skipped:
        return pdf_response(pdf, filename, attachment=True)
    link = "data:application/pdf;base64," + base64.b64encode(pdf).decode("ascii")
    return _page(200, bad_rows=_rows(result.skipped), download=link, filename=filename, rows=result.rows,
                 read=result.read, **kept)


@bp.get("/<ui:ui>/roster/<doc:doc>/sample.csv")
def sample(doc: Document) -> Response:
    """A CSV with the columns a document takes and one invented row, to start a roster from."""
    if not batch.per_person(doc):
        abort(404)
    columns = [*doc.fields, "language"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerow([SAMPLE_ROW.get(c, "en" if c == "language" else "") for c in columns])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{doc.id}.sample.csv"'})


def _rows(bad: list[batch.BadRow]) -> list[tuple[int, str, str]]:
    """(line, column, what to fix) for each bad row, in the interface language."""
    return [(b.line, b.column, reason_text(b.code)) for b in bad]
