"""PDF output: lay the story on pages with the provenance footer and return the bytes."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable

from kyr import fonts
from kyr.layout import doc_template, fresh
from kyr.stamp import new_canvas

OnPage = Callable[[Canvas, BaseDocTemplate], None]


def write(
    story: list[Flowable], paper: str, on_page: OnPage, *, title: str, subject: str, author: str, lang: str,
    running: bool = False,
) -> bytes:
    """Build the PDF in memory; nothing touches the disk. `running`: see layout.doc_template."""
    buf = io.BytesIO()
    doc = doc_template(buf, paper, on_page=on_page, running=running, title=title, subject=subject, author=author,
                       creator="kyr", lang=lang.replace("_", "-"), invariant=1)
    with fonts.pdf_lock:
        doc.build(fresh(story))
    return buf.getvalue()


def draw(paper: str, pages: Callable[[Canvas], None], *, title: str, subject: str, author: str, lang: str) -> bytes:
    """A PDF drawn straight on the canvas (wallet cards), with the same settings as write()."""
    buf = io.BytesIO()
    with fonts.pdf_lock:
        canvas = new_canvas(buf, paper, lang, title=title, subject=subject, author=author)
        pages(canvas)
        canvas.save()
    return buf.getvalue()
