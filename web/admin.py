"""Administrators in the browser: the staff accounts (add, disable, enable, new password) and the audit log."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from kyr.errors import KyrError
from kyr.register import users
from web.accounts import needs
from web.i18n import gettext as _
from web.security import personal

bp = Blueprint("admin", __name__)


def _page(problem: str = "", status: int = 200, done: str = "") -> tuple[str, int]:
    personal()
    return render_template("admin_users.html", accounts=users.listed(), log=users.audit_log(),
                           roles=users.ROLES, problem=problem, done=done), status


@bp.get("/<ui:ui>/admin/users")
@needs("admin")
def page() -> tuple[str, int]:
    return _page(done=request.args.get("done", ""))


def _problem(exc: KyrError) -> str:
    text = str(exc)
    if "password" in text:
        return _("A password has at least %(n)d characters.", n=users.MIN_PASSWORD)
    if "already" in text:
        return _("There is already an account with that name.")
    return _("Use a name of letters, digits, dots, hyphens or underscores, and choose a role.")


@bp.post("/<ui:ui>/admin/users")
@needs("admin")
def add() -> Any:
    try:
        users.add(request.form.get("username", ""), request.form.get("role", ""), request.form.get("password", ""),
                  by=current_user.name)
    except KyrError as exc:
        return _page(_problem(exc), 422)
    return redirect(url_for("admin.page", done="added"), code=303)


@bp.post("/<ui:ui>/admin/users/<name>/<any(disable, enable, password):what>")
@needs("admin")
def change(name: str, what: str) -> Any:
    if users.get(name) is None:
        abort(404)
    if what == "disable" and name == current_user.name:
        return _page(_("You cannot disable your own account."), 422)
    try:
        if what == "disable":
            users.disable(name, by=current_user.name)
        elif what == "enable":
            users.enable(name, by=current_user.name)
        else:
            users.set_password(name, request.form.get("password", ""), by=current_user.name)
    except KyrError as exc:
        return _page(_problem(exc), 422)
    return redirect(url_for("admin.page", done=what), code=303)
