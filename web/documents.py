"""Blank documents for pre-printing: list them, and serve any document x language x paper as a PDF."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template_string, request

from kyr.documents import all_documents
from kyr.errors import KyrError
from kyr.languages import LANGUAGES
from kyr.layout import PAPERS
from kyr.render import render

bp = Blueprint("documents", __name__)

INDEX = """<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>kyr: blank documents</title></head>
<body><main><h1>Blank documents for pre-printing</h1>
{% for doc in docs %}<h2>{{ doc.summary.msgid }}</h2><ul>
{% for lang in langs %}<li>{{ lang.label }}:
{% for paper in papers %}<a href="{{ url_for('documents.blank', doc_id=doc.id, lang=lang.code, paper=paper) }}"
 hreflang="{{ lang.code | replace('_', '-') }}">{{ paper }}</a> {% endfor %}</li>
{% endfor %}</ul>{% endfor %}</main></body></html>"""


@bp.after_app_request
def security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


@bp.get("/")
def index() -> str:
    return render_template_string(INDEX, docs=all_documents().values(), langs=LANGUAGES.values(), papers=list(PAPERS))


@bp.get("/blank/<doc_id>/<lang>.pdf")
def blank(doc_id: str, lang: str) -> Response:
    paper = request.args.get("paper", "letter")
    if doc_id not in all_documents() or lang not in LANGUAGES:
        abort(404)
    if paper not in PAPERS:
        abort(400)
    try:
        data = render(doc_id, lang, paper=paper, blank=True, profile=current_app.config["PROFILE"])
    except KyrError:
        abort(409)
    return Response(
        data,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{doc_id}.{lang}.{paper}.pdf"',
        },
    )
