"""Paragraphs: ReportLab's for text it sets right, kyr's own for right-to-left and shaped scripts."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from kyr import linebreak, textline
from kyr.textruns import markup


class Para(Paragraph):
    """A paragraph that remembers its last wrap (tables wrap each cell twice: measure, then draw) and
    breaks Chinese and Japanese lines only where their rules allow (kyr.linebreak)."""

    _last: tuple[float, tuple[float, float]] | None = None

    def breakLinesCJK(self, maxWidths: float | list[float]) -> Any:  # noqa: N802, N803 (ReportLab's names)
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        self.height = 0
        if not self.frags:
            return super().breakLinesCJK(widths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        auto = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        return linebreak.cjk_split(self.frags, widths, auto not in ("", "off"))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._last is not None and self._last[0] == avail_width:
            return self._last[1]
        size = super().wrap(avail_width, avail_height)
        self._last = (avail_width, size)
        return size


class ShapedPara(Flowable):
    """A paragraph of plain text laid out by kyr.textline: shaped, in bidi order, aligned by direction.

    It answers what kyr asks of a ReportLab paragraph: its style, its lines (blPara.lines), wrap,
    split and draw.
    """

    def __init__(self, text: str, chain: tuple[str, ...], style: ParagraphStyle, bold: bool = False,
                 rtl: bool = False, lines: list[str] | None = None) -> None:
        super().__init__()
        self.text = text
        self.chain = chain
        self.style = style
        self.bold = bold
        self.rtl = rtl
        self._lines = lines
        self._wrapped_at: float | None = None
        self.width = self.height = 0.0

    def _measure(self, line: str) -> float:
        return textline.measure(line, self.chain, self.style.fontSize, self.bold)

    @property
    def blPara(self) -> SimpleNamespace:  # noqa: N802 - ReportLab's name, read by kyr.layout
        return SimpleNamespace(lines=self._lines or [])

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._wrapped_at != avail_width:
            self._lines = textline.wrap(self.text, avail_width, self._measure)
            self._wrapped_at = avail_width
        self.width = avail_width
        self.height = len(self._lines or []) * self.style.leading
        return avail_width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fit = int(avail_height // self.style.leading)
        lines = self._lines or []
        if fit < 1 or fit >= len(lines):
            return [] if fit < 1 else [self]
        return [ShapedPara(self.text, self.chain, self.style, self.bold, self.rtl, lines[:fit]),
                ShapedPara(self.text, self.chain, self.style, self.bold, self.rtl, lines[fit:])]

    def draw(self) -> None:
        size = self.style.fontSize
        y = self.height - size
        for line in self._lines or []:
            used = self._measure(line)
            if self.style.alignment == TA_RIGHT:
                x = self.width - used
            elif self.style.alignment == TA_CENTER:
                x = (self.width - used) / 2
            else:
                x = 0.0
            textline.draw(self.canv, x, y, line, self.chain, size, bold=self.bold, rtl=self.rtl,
                          color=self.style.textColor)
            y -= self.style.leading


def paragraph(text: str, chain: tuple[str, ...], style: ParagraphStyle, bold: bool = False,
              rtl: bool = False) -> Flowable:
    """The paragraph for plain `text` (no markup): ReportLab's where it sets it right, kyr's otherwise."""
    text = linebreak.keep_together(text)
    if textline.needs_own_layout(text, rtl):
        return ShapedPara(text, chain, style, bold, rtl)
    return Para(markup(text, chain, bold), style)
