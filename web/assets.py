"""The interface's fonts: a stylesheet of @font-face rules and the font subsets, cached by browsers for a year."""

from __future__ import annotations

import gzip
from functools import cache

from flask import Blueprint, Response, abort, request, url_for

from web import webfonts

bp = Blueprint("assets", __name__)
YEAR = "public, max-age=31536000, immutable"


@cache
def _stylesheet() -> str:
    return webfonts.stylesheet(
        lambda key, weight, version: url_for("assets.font", key=key, weight=weight, version=version),
        lambda key, block, version: url_for("assets.input_font", key=key, block=f"{block:x}", version=version),
    )


@cache
def _stylesheet_gzip() -> bytes:
    return gzip.compress(_stylesheet().encode(), mtime=0)


@bp.get("/fonts.css")
def stylesheet() -> Response:
    # Hundreds of @font-face rules (the input faces' pieces) shrink tenfold compressed.
    headers = {"Cache-Control": "public, max-age=3600", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        return Response(_stylesheet_gzip(), mimetype="text/css", headers={**headers, "Content-Encoding": "gzip"})
    return Response(_stylesheet(), mimetype="text/css", headers=headers)


@bp.get("/fonts/<key>-<weight>.<version>.ttf")
def font(key: str, weight: str, version: str) -> Response:
    if key not in webfonts.FACES or weight not in webfonts.WEIGHTS or version != webfonts.version(key):
        abort(404)
    return Response(webfonts.subset(key, weight), mimetype="font/ttf", headers={"Cache-Control": YEAR})


@bp.get("/fonts/input-<key>-<block>.<version>.ttf")
def input_font(key: str, block: str, version: str) -> Response:
    """One piece of an input face: the characters staff may type, 256 code points at a time."""
    if key not in webfonts.INPUT_FACES or version != webfonts.input_version(key):
        abort(404)
    try:
        number = int(block, 16)
    except ValueError:
        abort(404)
    if number not in webfonts.pieces(key):
        abort(404)
    return Response(webfonts.input_piece(key, number), mimetype="font/ttf", headers={"Cache-Control": YEAR})
