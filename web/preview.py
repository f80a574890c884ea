"""Preview images: the PDF's pages as PNG, made in memory, never stored."""

from __future__ import annotations

import base64
import io
import threading

import pypdfium2 as pdfium

# PDFium is not thread-safe.
_lock = threading.Lock()
SCALE = 1.25  # 90 dpi: readable on a screen, about 0.1 s a page
MAX_PAGES = 4  # the longest document: a bilingual policy brief


def png_pages(pdf: bytes, max_pages: int = MAX_PAGES) -> list[bytes]:
    """The first pages of a PDF as PNG images."""
    out = []
    with _lock:
        document = pdfium.PdfDocument(pdf)
        try:
            for i in range(min(len(document), max_pages)):
                image = document[i].render(scale=SCALE, grayscale=True).to_pil()
                buf = io.BytesIO()
                image.save(buf, "PNG")
                out.append(buf.getvalue())
        finally:
            document.close()
    return out


def data_uris(pdf: bytes) -> list[str]:
    """The preview images as data: URIs, so nothing is kept on the server to be fetched later."""
    return ["data:image/png;base64," + base64.b64encode(png).decode("ascii") for png in png_pages(pdf)]
