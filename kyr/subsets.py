"""Font subsets of a prepared page's fixed text, made once: the embedded font, widths and ToUnicode map.

Every PDF of a prepared page embeds the same subsets for its fixed text (kyr.stamp gives typed values
subsets of their own). ReportLab would cut, compress and format them again for every PDF; here the
finished bytes of each registered subset are kept and handed to every later PDF as they are.
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, makeToUnicodeCMap

PER_FONT = 256  # kept subsets per font file, the oldest dropped first (translators' previews register pages too)


@dataclass
class Made:
    """One subset's finished objects, as bytes: the compressed font file, its widths array, its CMaps."""

    font_file: bytes
    length1: int
    widths: bytes
    cmaps: dict[str, bytes] = field(default_factory=dict)  # subset font name (with its AAAAAA+ tag) -> compressed


# Per font file: the registered subsets (document text only, never a typed value) -> their bytes once made.
_fixed: dict[str, dict[tuple[int, ...], Made | None]] = {}
_lock = threading.Lock()


def register(font: Any, subsets: list[list[int]]) -> None:
    """Mark these subsets of a font (a page's fixed text, drawn with empty fields) as worth keeping made."""
    with _lock:
        known = _fixed.setdefault(font.face.filename, {})
        for subset in subsets:
            known.setdefault(tuple(subset), None)
        while len(known) > PER_FONT:
            del known[next(iter(known))]


def kept() -> dict[str, dict[tuple[int, ...], Made | None]]:
    """The registered subsets per font file (for tests and diagnostics)."""
    return _fixed


class Raw(pdfdoc.PDFObject):
    """Bytes already formatted as a PDF object (an array of widths)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


def compressed_stream(compressed: bytes, **entries: Any) -> pdfdoc.PDFStream:
    """A stream object of content already compressed with zlib."""
    stream = pdfdoc.PDFStream(content=compressed)
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    for key, value in entries.items():
        stream.dictionary[key] = value
    return stream


def _made(font: TTFont, subset: list[int]) -> Made | None:
    """A registered subset's bytes, made now if not yet (the lock is held); None if not registered."""
    known = _fixed.get(font.face.filename)
    key = tuple(subset)
    if known is None or key not in known:
        return None
    made = known[key]
    if made is None:
        face = font.face
        raw = face.makeSubset(subset)
        widths = pdfdoc.PDFArray([face.getCharWidth(code) for code in subset]).format(None)
        made = known[key] = Made(zlib.compress(raw, 9), len(raw), widths)
    return made


def _cmap(made: Made, base: str, subset: list[int]) -> bytes:
    if base not in made.cmaps:
        made.cmaps[base] = zlib.compress(makeToUnicodeCMap(base, subset).encode("latin-1"), 9)
    return made.cmaps[base]


def _base_name(font: TTFont, n: int) -> str:
    face = font.face
    return b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")


def finished(font: TTFont, subsets: list[list[int]]) -> dict[tuple[int, ...], Made]:
    """The registered ones of a font's subsets (numbered in this order), all made: to keep on disk."""
    out = {}
    with _lock:
        for n, subset in enumerate(subsets):
            made = _made(font, subset)
            if made is not None:
                _cmap(made, _base_name(font, n), subset)
                out[tuple(subset)] = made
    return out


def restore(font: TTFont, made: dict[tuple[int, ...], Made]) -> None:
    """Take subsets made in another process (read back from disk) as registered and made."""
    with _lock:
        known = _fixed.setdefault(font.face.filename, {})
        known.update(made)
        while len(known) > PER_FONT:
            del known[next(iter(known))]


def add_objects(font: TTFont, doc: Any) -> None:
    """ReportLab's TTFont.addObjects (as of the pinned 5.1), taking registered subsets' bytes as made."""
    try:
        state = font.state[doc]
    except KeyError:
        state = font.state[doc] = TTFont.State(font._asciiReadable)
    state.frozen = 1
    face = font.face
    for n, subset in enumerate(state.subsets):
        internal = font.getSubsetInternalName(n, doc)[1:]
        base = _base_name(font, n)
        pdf_font = pdfdoc.PDFTrueTypeFont()
        pdf_font.__Comment__ = f"Font {font.fontName} subset {n}"
        pdf_font.Name = internal
        pdf_font.BaseFont = base
        pdf_font.FirstChar = 0
        pdf_font.LastChar = len(subset) - 1
        made = None
        if doc.compression:
            with _lock:
                made = _made(font, subset)
                cmap = _cmap(made, base, subset) if made is not None else b""
        if made is None:
            pdf_font.Widths = pdfdoc.PDFArray([face.getCharWidth(code) for code in subset])
            stream = pdfdoc.PDFStream()
            stream.content = makeToUnicodeCMap(base, subset)
            if doc.compression:
                stream.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(stream, "toUnicodeCMap:" + base)
            pdf_font.FontDescriptor = face.addSubsetObjects(doc, base, subset)
        else:
            pdf_font.Widths = Raw(made.widths)
            pdf_font.ToUnicode = doc.Reference(compressed_stream(cmap), "toUnicodeCMap:" + base)
            font_file = compressed_stream(made.font_file, Length1=made.length1)
            font_file = doc.Reference(font_file, f"fontFile:{face.filename}({base})")
            pdf_font.FontDescriptor = doc.Reference(pdfdoc.PDFDictionary({
                "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
                "Descent": face.descent, "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(face.bbox), "FontName": pdfdoc.PDFName(base),
                "ItalicAngle": face.italicAngle, "StemV": face.stemV, "FontFile2": font_file,
                "MissingWidth": face.defaultWidth,
            }), "fontDescriptor:" + base)
        doc.Reference(pdf_font, internal)
        doc.idToObject["BasicFonts"].dict[internal] = pdf_font
    del font.state[doc]
