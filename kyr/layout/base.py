"""Page geometry and the inks and type sizes every layout module shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm

from kyr.documents import Message
from kyr.errors import KyrError
from kyr.valueline import INK  # noqa: F401 - one ink for the layout and the values

PAPERS = {"letter": LETTER, "a4": A4}
MARGIN = 10 * mm  # inside every office printer's unprintable border (about 5 mm)
FOOTER_HEIGHT = 20 * mm
RUNNING_HEAD = 13 * mm  # on the later pages of a document that flows: issuer, title, page number
SECOND_INK = colors.HexColor("#3a3a3a")  # the English column; 11:1 contrast on white
RULE = colors.HexColor("#7a7a7a")
SCALES = (1.0, 0.95, 0.9, 0.86, 0.82, 0.78, 0.75, 0.72)
# No text above the footer is set smaller than this, in either language column: a page is scaled down
# only until its text reaches it, then flows to another page or is refused, never shrunk further.
MIN_PT = 7.0

Translate = Callable[[Message], str]


def page_size(paper: str) -> tuple[float, float]:
    try:
        return PAPERS[paper]
    except KeyError:
        raise KyrError(f"unknown paper size {paper!r}; use one of: {', '.join(PAPERS)}") from None


@dataclass(frozen=True)
class Frame:
    """The printable area of a page."""

    width: float
    height: float

    @classmethod
    def for_paper(cls, paper: str) -> Frame:
        w, h = page_size(paper)
        return cls(w - 2 * MARGIN, h - 2 * MARGIN - FOOTER_HEIGHT)
