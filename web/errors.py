"""Error pages in the interface language: every bad request is a 4xx page, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError

from web.i18n import gettext as _

log = logging.getLogger(__name__)


def _explain(error: HTTPException) -> tuple[str, str]:
    """(title, what to do) for an error, in the interface language."""
    code = error.code or 500
    if code == 400 and error.description == "csrf":
        return _("This form has expired"), _("Go back, reload the page and send the form again.")
    if code == 409 and error.description == "incomplete":
        return (_("This translation is incomplete"),
                _("The catalog for this language does not translate the whole document yet. "
                  "Choose another language, or ask a translator to finish it."))
    if code == 429 and error.description == "busy":
        return (_("A roster is being printed"),
                _("This server prints one roster at a time. Wait a few seconds and send it again."))
    if code == 503 and error.description == "register":
        return (_("The register is not available"),
                _("The register of served documents cannot be reached or is not set up. Nothing was recorded. "
                  "Ask the administrator (kyr register upgrade)."))
    if code == 422 and error.description == "unprintable":
        return _("This document cannot be printed"), _("A value could not be printed. Check what you typed.")
    texts = {
        400: (_("Bad request"), _("Something in the request was not valid. Go back and check the form.")),
        403: (_("Not for this account"), _("Your account cannot open this page. Ask an administrator if you need it.")),
        404: (_("Page not found"), _("There is no such page, document or language. Start again from the list of "
                                     "documents.")),
        405: (_("Not allowed"), _("This page cannot be used that way. Start again from the list of documents.")),
        413: (_("Upload too large"), _("The file is larger than this server accepts. Split it and try again.")),
    }
    return texts.get(code, (_("Something went wrong"), _("The request could not be completed. Try again.")))


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int, list[tuple[str, str]]]:
        title, advice = _explain(error)
        # The error's own headers stay (a 405's Allow, a 429's Retry-After); the page replaces its body.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return render_template("error.html", title=title, advice=advice, code=error.code), error.code or 500, headers

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str, int]:
        # The type only: the message of an exception could carry a typed value.
        log.error("unexpected %s while handling a request", type(error).__name__)
        title, advice = _explain(InternalServerError())
        return render_template("error.html", title=title, advice=advice, code=500), 500
