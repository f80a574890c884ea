"""The interface's fonts: a stylesheet of @font-face rules and the font subsets, cached by browsers for a year."""

from __future__ import annotations

from functools import cache

from flask import Blueprint, Response, abort, url_for

from web import webfonts

bp = Blueprint("assets", __name__)
YEAR = "public, max-age=31536000, immutable"


@cache
def _stylesheet() -> str:
    return webfonts.stylesheet(lambda key, weight, version: url_for("assets.font", key=key, weight=weight,
                                                                     version=version))


@bp.get("/fonts.css")
def stylesheet() -> Response:
    return Response(_stylesheet(), mimetype="text/css", headers={"Cache-Control": "public, max-age=3600"})


@bp.get("/fonts/<key>-<weight>.<version>.ttf")
def font(key: str, weight: str, version: str) -> Response:
    if key not in webfonts.FACES or weight not in webfonts.WEIGHTS or version != webfonts.version(key):
        abort(404)
    return Response(webfonts.subset(key, weight), mimetype="font/ttf", headers={"Cache-Control": YEAR})
