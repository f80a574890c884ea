"""Layout: turn a document definition and its translated messages into Platypus flowables, with slots for field values.

No I/O happens here. Every element is printed in the person's language with the English beside it
(or alone, for an English document); the whole page is scaled to the largest type that fits. The
modules read in order: base (geometry, inks), flowables, blocks, builder, pages.
"""

import importlib

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

# The rest loads on first use (PEP 562): ReportLab's Platypus takes a fifth of a new process's start, and a
# page already drawn (kyr.stamp, from its disk cache) needs only the geometry above.
_LAZY = {
    **dict.fromkeys(("MAX_LINES", "Builder", "Placed"), "kyr.layout.builder"),
    **dict.fromkeys(("CheckBox", "CheckLabel", "OneLine", "QRCode", "StatusMark", "Styles", "banner",
                     "provision_status"), "kyr.layout.flowables"),
    **dict.fromkeys(("PUBLIC_SCALES", "Page", "body_frame", "build", "count_pages", "doc_template", "fresh",
                     "split_pages", "story_height"), "kyr.layout.pages"),
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kyr.layout' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "FOOTER_HEIGHT", "INK", "MARGIN", "MIN_PT", "PAPERS", "PUBLIC_SCALES", "RULE", "RUNNING_HEAD", "SCALES",
    "SECOND_INK", "MAX_LINES", "Builder", "CheckBox", "CheckLabel", "Frame", "OneLine", "Page", "Placed", "QRCode",
    "StatusMark", "Styles", "Translate", "banner", "body_frame", "build", "count_pages", "doc_template", "fresh",
    "page_size", "provision_status", "split_pages", "story_height",
]
