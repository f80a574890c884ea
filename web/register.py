"""The register in the browser: recent entries and decisions (staff), the forum report and exports (records)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from kyr.documents import all_documents
from kyr.errors import KyrError
from kyr.languages import LANGUAGES
from kyr.register import entries, report, store, users
from kyr.register.forum import render_report
from web import preview
from web.accounts import needs
from web.documents import pdf_response, profile
from web.i18n import ui_code
from web.security import personal

bp = Blueprint("register", __name__)
RECENT = 100  # entries on the staff page


def _ready(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a register call; a register that is not set up or not reachable is a 503 page."""
    try:
        return call(*args, **kwargs)
    except (store.Unavailable, SQLAlchemyError):
        abort(503, description="register")


@bp.get("/<ui:ui>/register")
@needs("staff")
def recent() -> str:
    personal()
    rows = _ready(entries.listed)[-RECENT:][::-1]
    return render_template("register.html", rows=rows, documents=all_documents(), languages=LANGUAGES,
                           choices=entries.CHOICES, decided=request.args.get("decided"))


@bp.post("/<ui:ui>/register/<int:entry>/decide")
@needs("staff")
def decide(entry: int) -> Any:
    choice = request.form.get("choice", "")
    if choice not in entries.CHOICES:
        abort(400)
    yes_no = {"yes": True, "no": False, "": None}
    interviewed = request.form.get("interviewed", "")
    attorney = request.form.get("attorney_present", "")
    if interviewed not in yes_no or attorney not in yes_no:
        abort(400)
    try:
        _ready(entries.decide, entry, choice=choice, interviewed=yes_no[interviewed],
               attorney_present=yes_no[attorney], by=current_user.name)
    except KyrError:
        abort(404)  # no such entry, or not a consent form's
    return redirect(url_for("register.recent", decided=entry) + f"#entry-{entry}", code=303)


def _period() -> tuple[dt.date, dt.date] | None:
    """The period a report asks for (?from=&to=), or None when not given; a bad one is a 400."""
    given_from, given_to = request.args.get("from", ""), request.args.get("to", "")
    if not given_from and not given_to:
        return None
    try:
        start, end = dt.date.fromisoformat(given_from), dt.date.fromisoformat(given_to)
    except ValueError:
        abort(400)
    if end < start or (end - start).days > 3660:
        abort(400)
    return start, end


def _lang() -> str:
    lang = request.args.get("lang", ui_code())
    if lang not in LANGUAGES:
        abort(404)
    return lang


@bp.get("/<ui:ui>/register/report")
@needs("records")
def report_page() -> str:
    personal()
    period = _period()
    figures = images = None
    today = dt.date.today()
    if period:
        figures = _ready(report.figures, *period)
        users.audit(current_user.name, "report", f"{period[0]} to {period[1]}, page")
        pdf = render_report(figures, _lang(), profile=profile(), allow_draft=True)
        images = preview.data_uris(pdf)
    return render_template("report.html", figures=report.as_json(figures) if figures else None, images=images,
                           period=period, default_from=today.replace(month=1, day=1), default_to=today,
                           lang=_lang(), languages=LANGUAGES, documents=all_documents())


@bp.get("/<ui:ui>/register/report.<any(pdf, csv):fmt>")
@needs("records")
def report_file(fmt: str) -> Response:
    personal()
    period = _period()
    if period is None:
        abort(400)
    figures = _ready(report.figures, *period)
    users.audit(current_user.name, "report", f"{period[0]} to {period[1]}, {fmt}")
    name = f"forum-report.{period[0]}.{period[1]}"
    if fmt == "csv":
        return Response(report.as_csv(figures), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    lang = _lang()
    return pdf_response(render_report(figures, lang, profile=profile(), allow_draft=True), f"{name}.{lang}.pdf",
                        attachment=True)


@bp.get("/<ui:ui>/register/export.csv")
@needs("records")
def export() -> Response:
    personal()
    text = _ready(entries.export_csv)
    users.audit(current_user.name, "export", "all entries, csv")
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": 'attachment; filename="register.csv"'})


def init_app(app: Any) -> None:
    """Words the register's pages share: the person's choice, a request and its decision, a role."""
    from kyr import grammar
    from kyr.register.forum import ACTION_LABELS, CHOICE_LABELS, DECISION_LABELS
    from web.i18n import doc_text
    from web.i18n import gettext as _

    def choice_text(choice: str) -> str:
        return doc_text(CHOICE_LABELS[choice]) if choice in CHOICE_LABELS else choice

    def action_text(action: str, decision: str) -> str:
        return grammar.fill(doc_text(DECISION_LABELS[decision]), {"request": doc_text(ACTION_LABELS[action])})

    def role_text(role: str) -> str:
        return {"staff": _("Staff"), "records": _("Records"), "admin": _("Administrator")}.get(role, role)

    app.jinja_env.globals.update(choice_text=choice_text, action_text=action_text, role_text=role_text)
