"""kyr's web front end: a Flask app factory over the kyr library (web imports kyr, never the reverse)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from typing import Any

from flask import Flask

from kyr.profile import load as load_profile


@dataclass(frozen=True)
class Setting:
    name: str  # an environment variable
    default: str
    help: str


# Every setting of the web front end, documented in the README (a test checks).
SETTINGS: tuple[Setting, ...] = (
    Setting("KYR_PROFILE", "the example profile",
            "Jurisdiction profile (TOML) the documents are filled from; checked when the server starts."),
    Setting("KYR_SECRET_KEY", "random at start",
            "Signs the session cookie that holds the CSRF token; set it when several servers share the load."),
    Setting("KYR_MAX_UPLOAD_MB", "4", "Largest request (a roster or a catalog upload), in megabytes."),
    Setting("KYR_ROSTER_MAX_ROWS", "2000",
            "Most rows one roster upload may have (about 3 s of work); a longer one is refused at once with a 413 "
            "that says to split it. Each server process prints one roster at a time; another is answered 429."),
    Setting("KYR_MAX_TRANSLATION_CHARS", "2000",
            "Longest translation an uploaded catalog may hold for the translator preview; a longer one is a 422 "
            "naming the message."),
    Setting("KYR_SESSION_IDLE_MINUTES", "30",
            "A logged-in staff member is logged out after this many minutes without a request."),
    Setting("KYR_COOKIE_SECURE", "0",
            "1 when the site is served over HTTPS (behind a proxy that terminates TLS): the session cookie is then "
            "sent only over HTTPS."),
    Setting("KYR_HOST", "127.0.0.1", "Address the server listens on."),
    Setting("KYR_PORT", "8000", "Port the server listens on."),
    Setting("KYR_WORKERS", "one per core", "Server processes."),
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `test_config` overrides settings in tests."""
    app = Flask(__name__)
    megabytes = os.environ.get("KYR_MAX_UPLOAD_MB", "4")
    if not megabytes.isdigit() or int(megabytes) < 1:
        raise ValueError(f"KYR_MAX_UPLOAD_MB must be a whole number of megabytes, not {megabytes!r}")
    max_upload = int(megabytes) * 1024 * 1024
    limits = {}
    for name, default in (("KYR_ROSTER_MAX_ROWS", "2000"), ("KYR_MAX_TRANSLATION_CHARS", "2000"),
                          ("KYR_SESSION_IDLE_MINUTES", "30")):
        value = os.environ.get(name, default)
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"{name} must be a whole number, not {value!r}")
        limits[name.removeprefix("KYR_")] = int(value)
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("KYR_SECRET_KEY") or secrets.token_hex(32),
        PROFILE=os.environ.get("KYR_PROFILE") or None,
        MAX_CONTENT_LENGTH=max_upload,
        MAX_FORM_MEMORY_SIZE=1024 * 1024,  # one form field, and the parser's buffer (uploads: MAX_CONTENT_LENGTH)
        MAX_FORM_PARTS=200,
        SESSION_COOKIE_NAME="kyr_session",
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=os.environ.get("KYR_COOKIE_SECURE", "0") == "1",
        REMEMBER_COOKIE_DURATION=0,  # no "remember me": a login lasts for the browser session
        **limits,
    )
    if test_config:
        app.config.update(test_config)
    # Load (and check) the profile once: a bad profile stops the server at start, not a user later.
    app.extensions["kyr_profile"] = load_profile(app.config["PROFILE"])

    from web import accounts, admin, assets, documents, errors, i18n, register, roster, security, translators

    i18n.init_app(app)
    security.init_app(app)
    accounts.init_app(app)
    register.init_app(app)
    errors.init_app(app)
    app.url_map.converters["doc"] = documents.DocumentConverter
    for blueprint in (assets.bp, documents.bp, roster.bp, translators.bp, accounts.bp, register.bp, admin.bp):
        app.register_blueprint(blueprint)
    return app
