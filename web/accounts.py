"""Staff accounts in the browser: log in and out, idle timeout, roles; the public pages need no account."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from kyr.errors import KyrError
from kyr.register import store, users
from web.i18n import gettext as _

bp = Blueprint("accounts", __name__)


class Account(UserMixin):
    """The logged-in staff member, as Flask-Login sees them."""

    def __init__(self, user: users.User) -> None:
        self.user = user

    def get_id(self) -> str:
        return self.user.name

    @property
    def name(self) -> str:
        return self.user.name

    @property
    def role(self) -> str:
        return self.user.role

    def can(self, role: str) -> bool:
        return self.user.can(role)


def init_app(app: Flask) -> None:
    manager = LoginManager(app)
    manager.session_protection = "strong"

    @manager.user_loader
    def load(name: str) -> Account | None:
        try:
            user = users.get(name)
        except KyrError:
            return None
        return Account(user) if user and not user.disabled else None  # a disabled account is logged out

    @manager.unauthorized_handler
    def unauthorized() -> Any:
        return redirect(url_for("accounts.login", next=request.path))

    @app.before_request
    def idle_timeout() -> None:
        """Log out after KYR_SESSION_IDLE_MINUTES without a request (the cookie alone is not trusted)."""
        if not session.get("_user_id"):
            return
        now = time.time()
        if now - session.get("seen", now) > current_app.config["SESSION_IDLE_MINUTES"] * 60:
            try:
                users.audit(session["_user_id"], "logout", "idle timeout")
            except store.Unavailable:
                pass  # logged out all the same
            logout_user()
            session.pop("seen", None)
            return
        session["seen"] = now

    @app.context_processor
    def account() -> dict[str, Any]:
        return {"account": current_user if current_user.is_authenticated else None}


def needs(role: str) -> Callable:
    """A view for accounts with `role` or a higher one: others are sent to log in, or refused (403)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if not current_user.can(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site (never another host) after logging in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\\\" not in target:
        return target
    return None


@bp.route("/<ui:ui>/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "GET":
        return render_template("login.html", failed=False, next=_safe_next(request.args.get("next")))
    name = request.form.get("username", "")[:64]
    password = request.form.get("password", "")[:1024]
    try:
        user = users.authenticate(name, password) if name and password else None
    except store.Unavailable:
        abort(503, description="register")
    if user is None:
        # The same words whether the name is unknown, the password wrong or the account locked.
        return render_template("login.html", failed=True, username=name,
                               next=_safe_next(request.form.get("next"))), 401
    session.clear()  # a new session for the new login (no fixation), with a new CSRF token
    login_user(Account(user))
    session["seen"] = time.time()
    return redirect(_safe_next(request.form.get("next")) or url_for("register.recent"))


@bp.post("/<ui:ui>/logout")
def logout() -> Any:
    if current_user.is_authenticated:
        users.audit(current_user.name, "logout")
    logout_user()
    session.clear()
    return redirect(url_for("documents.index"))


def failed_message() -> str:
    return _("The user name or password is not right, or the account is locked for a while. Try again, or ask an "
             "administrator.")
