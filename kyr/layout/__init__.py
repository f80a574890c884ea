"""Layout: turn a document definition and its translated messages into Platypus flowables, with slots for field values.

No I/O happens here. Every element is printed in the person's language with the English beside it
(or alone, for an English document); the whole page is scaled to the largest type that fits. The
modules read in order: base (geometry, inks), flowables, blocks, builder, pages.
"""

from kyr.layout.base import (
    FOOTER_HEIGHT,
    INK,
    MARGIN,
    MIN_PT,
    PAPERS,
    RULE,
    RUNNING_HEAD,
    SCALES,
    SECOND_INK,
    Frame,
    Translate,
    page_size,
)
from kyr.layout.builder import MAX_LINES, Builder, Placed
from kyr.layout.flowables import CheckBox, CheckLabel, OneLine, QRCode, StatusMark, Styles, provision_status
from kyr.layout.pages import (
    PUBLIC_SCALES,
    Page,
    body_frame,
    build,
    count_pages,
    doc_template,
    fresh,
    split_pages,
    story_height,
)

__all__ = [
    "FOOTER_HEIGHT", "INK", "MARGIN", "MIN_PT", "PAPERS", "PUBLIC_SCALES", "RULE", "RUNNING_HEAD", "SCALES",
    "SECOND_INK", "MAX_LINES", "Builder", "CheckBox", "CheckLabel", "Frame", "OneLine", "Page", "Placed", "QRCode",
    "StatusMark", "Styles", "Translate", "body_frame", "build", "count_pages", "doc_template", "fresh", "page_size",
    "provision_status", "split_pages", "story_height",
]
