"""PDF output: lay the story on pages with the provenance footer and return the bytes."""

from __future__ import annotations

import io
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable

from kyr import fonts
from kyr.layout import doc_template, fresh, page_size

OnPage = Callable[[Canvas, BaseDocTemplate], None]


def write(
    story: list[Flowable], paper: str, on_page: OnPage, *, title: str, subject: str, author: str, lang: str
) -> bytes:
    """Build the PDF in memory; nothing touches the disk."""
    buf = io.BytesIO()
    doc = doc_template(buf, paper, on_page=on_page, title=title, subject=subject, author=author, creator="kyr",
                       lang=lang.replace("_", "-"), invariant=1)
    doc.build(fresh(story))
    return buf.getvalue()


def draw(paper: str, pages: Callable[[Canvas], None], *, title: str, subject: str, author: str, lang: str) -> bytes:
    """A PDF drawn straight on the canvas (wallet cards), with the same settings as write()."""
    width, height = page_size(paper)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(width, height), invariant=1, initialFontName=fonts.font_name("NotoSans"),
                    lang=lang.replace("_", "-"))
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor(author)
    canvas.setCreator("kyr")
    pages(canvas)
    canvas.save()
    return buf.getvalue()
