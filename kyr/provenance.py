"""Provenance: the code on every page naming the document, language, catalog revision and review status."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfgen.canvas import Canvas

from kyr import __version__


@dataclass(frozen=True)
class Provenance:
    document: str
    lang: str
    revision: str  # hash of the catalog messages the document used
    status: str  # source, draft, reviewed, certified; "incomplete" when printed with --allow-draft
    version: str = __version__

    @property
    def code(self) -> str:
        """One line a person can read aloud and a QR code can carry; no personal data."""
        return f"KYR {self.document} {self.lang} r{self.revision} {self.status} v{self.version}"


@lru_cache(maxsize=256)
def qr_modules(data: str) -> tuple[tuple[bool, ...], ...]:
    """The dark/light module matrix of a QR code (error correction M) for `data`."""
    from reportlab.graphics.barcode import qrencoder  # 90 ms to import: only when a page is drawn

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(data)
    qr.make()
    return tuple(tuple(bool(m) for m in row) for row in qr.modules)


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw a QR code as one filled path (runs of dark modules merged), quiet zone included."""
    modules = qr_modules(data)
    n = len(modules)
    quiet = 2  # printed on white paper with a margin around it already
    cell = size / (n + 2 * quiet)
    path = canvas.beginPath()
    for r, row in enumerate(modules):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                path.rect(x + (start + quiet) * cell, y + size - (r + quiet + 1) * cell, (c - start) * cell, cell)
            else:
                c += 1
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
