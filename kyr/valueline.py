"""A typed value's line(s) and a check box's mark: where and how a person's value is drawn on a page.

These hold no value and draw straight on a canvas, so a page drawn once (kyr.stamp) can keep them,
on disk too, without the layout that placed them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from kyr import fonts, linebreak, textline
from kyr.textruns import runs

INK = colors.HexColor("#111111")
LEADING = 1.25  # a value's line height, as a multiple of its size


@dataclass(frozen=True)
class ValueLine:
    """A value on `lines` lines at one size and width: it wraps, never shrinks (but for `shrink_to`)."""

    chain: tuple[str, ...]
    size: float
    width: float
    rtl: bool = False
    lines: int = 1
    align_right: bool = False
    shrink_to: float | None = None

    @property
    def leading(self) -> float:
        return self.size * LEADING

    def measure(self, text: str, size: float | None = None) -> float:
        return textline.measure(text, self.chain, size or self.size)

    def split_lines(self, text: str) -> list[str]:
        if textline.needs_own_layout(text, self.rtl):
            return textline.wrap(text, self.width, self.measure)
        return linebreak.wrap(text, self.width, self.measure)

    def fits(self, text: str) -> bool:
        """Whether the value fits its lines at its size."""
        return len(self.split_lines(text)) <= self.lines

    def draw(self, canvas: Canvas, text: str, lines: list[str] | None = None) -> None:
        """Draw the value with the line's bottom-left corner at the origin (`lines`: split_lines(text), if made)."""
        size = self.size
        if self.shrink_to is not None:
            natural = self.measure(text)
            size = max(self.shrink_to, min(size, size * self.width / natural)) if natural else size
            lines = [text]
        else:
            lines = (self.split_lines(text) if lines is None else lines)[: self.lines]
        # The value sits on the rule: its last line at the bottom, earlier lines above it.
        y = self.leading * 0.22 + self.leading * (len(lines) - 1)
        for line in lines:
            x = self.width - self.measure(line, size) if (self.rtl or self.align_right) else 0
            if textline.needs_own_layout(line, self.rtl):
                textline.draw(canvas, x, y, line, self.chain, size, rtl=self.rtl, color=INK)
            else:
                obj = canvas.beginText(x, y)
                obj.setFillColor(INK)
                for family, chunk in runs(line, self.chain):
                    obj.setFont(fonts.font_name(family), size)
                    obj.textOut(chunk)
                canvas.drawText(obj)
            y -= self.leading


@dataclass(frozen=True)
class BoxMark:
    """The X in a check box of side `size` that a choice field selects."""

    size: float

    def draw(self, canvas: Canvas) -> None:
        n = self.size
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.4)
        canvas.line(n * 0.2, n * 0.2, n * 0.8, n * 0.8)
        canvas.line(n * 0.2, n * 0.8, n * 0.8, n * 0.2)
