"""CSRF tokens, security headers, no caching of personal data, and uploads that never touch the disk."""

from __future__ import annotations

import hmac
import io
import secrets
from typing import IO

from flask import Flask, Request, Response, abort, g, request, session

CSP = (
    "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


class InMemoryRequest(Request):
    """Werkzeug spools large uploads to a temporary file; a roster holds names, so keep it in memory.

    MAX_CONTENT_LENGTH bounds how much memory that can take.
    """

    def _get_file_stream(
        self, total_content_length: int | None, content_type: str | None, filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        return io.BytesIO()


def csrf_token() -> str:
    """This browser session's token, put in every form."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def personal() -> None:
    """Mark the response as carrying personal data: never stored by a browser or proxy."""
    g.personal = True


# On every response, gunicorn's own error responses included (web/server.py).
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    app.request_class = InMemoryRequest
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.before_request
    def check_csrf() -> None:
        if request.method in ("GET", "HEAD", "OPTIONS") or request.routing_exception is not None:
            return  # a 404 or 405 says so itself
        if request.content_length and not request.form and not request.files:
            abort(400)  # Werkzeug drops a form body it cannot decode (not UTF-8)
        expected = session.get("csrf")
        sent = request.form.get("csrf_token", "")
        if not expected or not hmac.compare_digest(expected.encode(), sent.encode()):
            abort(400, description="csrf")

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.update(HEADERS)
        if request.method == "POST" or g.get("personal"):
            response.headers["Cache-Control"] = "no-store"
        elif "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache"
        return response
