"""Pages: a story split at its page breaks and measured, the page template, and the largest type that fits."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    KeepTogether,
    PageBreak,
    PageTemplate,
)
from reportlab.platypus import Frame as RLFrame

from kyr import fonts
from kyr.documents import Condition, Document, holds
from kyr.errors import KyrError
from kyr.languages import SOURCE_LANGUAGE, Language
from kyr.layout.base import FOOTER_HEIGHT, MARGIN, RUNNING_HEAD, SCALES, Frame, Translate, page_size
from kyr.layout.builder import Builder, Placed
from kyr.layout.flowables import CheckBox, OneLine


def split_pages(story: list[Flowable]) -> list[list[Flowable]]:
    """A story cut at its page breaks."""
    pages: list[list[Flowable]] = [[]]
    for flowable in story:
        if isinstance(flowable, PageBreak):
            pages.append([])
        else:
            pages[-1].append(flowable)
    return pages


def story_height(story: list[Flowable], frame: Frame) -> float:
    total = 0.0
    for f in story:
        if isinstance(f, KeepTogether):  # a group measures as its parts (it wraps them on a canvas)
            total += story_height(f._content, frame)
            continue
        _, h = f.wrap(frame.width, frame.height)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


@dataclass
class Page:
    """A laid-out document without its field values: built once, filled for each person, then emptied.

    Filling and drawing happen under the lock, so two threads never mix two people's values; the
    values are removed again before the lock is released, so no personal data stays in the cache.
    """

    story: list[Flowable]
    scale: float
    field_lines: list[tuple[str, OneLine]]
    field_marks: list[tuple[Condition, CheckBox]] = field(default_factory=list, repr=False)
    placed: list[Placed] = field(default_factory=list, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    flows: bool = False  # its text flows over pages (laid out per PDF), rather than breaking where the document says

    def unfit(self, values: dict[str, str]) -> list[tuple[str, OneLine]]:
        """The typed values that do not fit their lines at their size, with the line each overflows."""
        return [(key, line) for key, line in self.field_lines if values.get(key) and not line.fits(values[key])]

    @contextmanager
    def filled(self, values: dict[str, str]) -> Iterator[list[Flowable]]:
        with self.lock:
            try:
                for key, line in self.field_lines:
                    line.set_text(values.get(key, ""))
                for condition, box in self.field_marks:
                    box.checked = holds(condition, values)
                yield self.story
            finally:
                for _key, line in self.field_lines:
                    line.set_text("")
                for _condition, box in self.field_marks:
                    box.checked = False


def doc_template(
    buf: io.BytesIO, paper: str, *, reserved: float = 0.0, on_page: Callable | None = None, running: bool = False,
    **info: object,
) -> BaseDocTemplate:
    """The page template every kyr document is laid out on: one body frame above the footer.

    With `running`, pages after the first keep RUNNING_HEAD at their top for the issuer, title and page
    number that the page callback draws there.
    """
    width, height = page_size(paper)
    doc = BaseDocTemplate(
        buf,
        pagesize=(width, height),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        # The default initial font is Helvetica, which would be referenced but not embedded.
        initialFontName=fonts.font_name("NotoSans"),
        **info,
    )
    callback = {"onPage": on_page} if on_page else {}
    first = PageTemplate(id="page", frames=[body_frame(paper, reserved)], **callback,
                         **({"autoNextPageTemplate": "later"} if running else {}))
    later = [PageTemplate(id="later", frames=[body_frame(paper, RUNNING_HEAD)], **callback)] if running else []
    doc.addPageTemplates([first, *later])
    return doc


def body_frame(paper: str, reserved: float = 0.0) -> RLFrame:
    """The frame the document's text flows in: inside the margins, above the footer."""
    width, height = page_size(paper)
    return RLFrame(MARGIN, MARGIN + FOOTER_HEIGHT, width - 2 * MARGIN, height - 2 * MARGIN - FOOTER_HEIGHT,
                   leftPadding=0, rightPadding=0, topPadding=reserved, bottomPadding=0, id="body")


def fresh(story: list[Flowable]) -> list[Flowable]:
    """The story ready for another build.

    Platypus marks a flowable that did not fit at the bottom of a page as postponed and never clears
    the mark; our stories are cached and built many times, and a stale mark makes the next build fail.
    """
    pending = list(story)
    while pending:
        f = pending.pop()
        if hasattr(f, "_postponed"):
            del f._postponed
        pending.extend(getattr(f, "_content", ()))
    return list(story)


def count_pages(story: list[Flowable], paper: str, reserved: float = 0.0, running: bool = False) -> int:
    """How many pages the story takes, laid out in memory exactly as kyr.pdf lays it out."""
    doc = doc_template(io.BytesIO(), paper, reserved=reserved, running=running)
    with fonts.pdf_lock:
        doc.build(fresh(story))
    return doc.page


# Public documents (flyers) start from larger type: they are read at arm's length.
PUBLIC_SCALES = (1.4, 1.3, 1.2, 1.1)


def build(
    doc: Document,
    lang: Language,
    t: Translate,
    placeholders: dict[str, str],
    paper: str,
    reserved: float = 0.0,
    bilingual: bool = True,
    settings: dict[str, str] | None = None,
) -> Page:
    """Lay out the document at the largest type scale whose every copy fits its pages.

    `reserved` is height already taken on the first page by flowables placed before the story.
    """
    full = Frame.for_paper(paper)
    frame = Frame(full.width, full.height - reserved)
    # A story that flows onto more pages loses some room where tables split.
    # A document printed monolingual by default takes twice its pages when printed with English beside it.
    max_pages = doc.pages_allowed(lang.code != SOURCE_LANGUAGE, bilingual)
    room = frame.height if max_pages == 1 else frame.height * max_pages * 0.92
    scales = (PUBLIC_SCALES + SCALES) if doc.audience == "public" else SCALES
    share = None  # the columns' shares are the same at every scale: measured once
    for scale in scales:
        builders = [
            Builder(doc, lang, t, placeholders, frame, scale, bilingual, settings, copy, share)
            for copy in (doc.copies or (None,))
        ]
        share = builders[0].own_w / (builders[0].own_w + builders[0].en_w)
        stories = [b.story() for b in builders]
        fits = all(story_height(part, frame) <= room for story in stories for part in split_pages(story))
        if fits and max_pages > 1:
            # Tables split across pages unpredictably: lay the pages out for real and count them.
            fits = all(count_pages(story, paper, reserved, running=True) <= max_pages for story in stories)
        if fits:
            story: list[Flowable] = []
            for i, part in enumerate(stories):
                story += ([PageBreak()] if i else []) + part
            return Page(
                story,
                scale,
                [line for b in builders for line in b.field_lines],
                [mark for b in builders for mark in b.field_marks],
                builders[0].placed,
                flows=max_pages > 1,
            )
    raise KyrError(f"{doc.id} does not fit {max_pages} {paper} page(s) in {lang.code}, even at the smallest type")
