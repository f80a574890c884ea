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

from kyr.pdfobjects import Gap, Indirect, Raw, Template, stream_bytes, template

PER_FONT = 256  # kept subsets per font file, the oldest dropped first (translators' previews register pages too)


@dataclass
class Made:
    """One subset's finished objects, as bytes: the compressed font file, its widths array, its CMaps."""

    font_file: bytes
    length1: int
    widths: bytes
    cmaps: dict[str, bytes] = field(default_factory=dict)  # subset font name (with its AAAAAA+ tag) -> compressed
    # Formatted once per subset font name (and internal name): the font file and ToUnicode streams, the
    # font descriptor and font dictionary (templates: their references differ from PDF to PDF).
    formatted: dict[tuple[str, ...], Any] = field(default_factory=dict)


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
    """ReportLab's TTFont.addObjects (as of the pinned 5.1), taking registered subsets' objects as made."""
    try:
        state = font.state[doc]
    except KeyError:
        state = font.state[doc] = TTFont.State(font._asciiReadable)
    state.frozen = 1
    face = font.face
    for n, subset in enumerate(state.subsets):
        internal = font.getSubsetInternalName(n, doc)[1:]
        base = _base_name(font, n)
        made = None
        if doc.compression:
            with _lock:
                made = _made(font, subset)
                if made is not None:
                    _cmap(made, base, subset)
        if made is not None:
            pdf_font = _made_font(font, doc, made, base, _font_dict(internal, base, subset, font.fontName, n))
        else:
            pdf_font = _font_dict(internal, base, subset, font.fontName, n)
            pdf_font.Widths = pdfdoc.PDFArray([face.getCharWidth(code) for code in subset])
            stream = pdfdoc.PDFStream()
            stream.content = makeToUnicodeCMap(base, subset)
            if doc.compression:
                stream.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(stream, "toUnicodeCMap:" + base)
            pdf_font.FontDescriptor = face.addSubsetObjects(doc, base, subset)
        doc.Reference(pdf_font, internal)
        doc.idToObject["BasicFonts"].dict[internal] = pdf_font
    del font.state[doc]


def _font_dict(internal: str, base: str, subset: list[int], font_name: str, n: int) -> pdfdoc.PDFTrueTypeFont:
    pdf_font = pdfdoc.PDFTrueTypeFont()
    pdf_font.__Comment__ = f"Font {font_name} subset {n}"
    pdf_font.Name = internal
    pdf_font.BaseFont = base
    pdf_font.FirstChar = 0
    pdf_font.LastChar = len(subset) - 1
    return pdf_font


def _made_font(font: TTFont, doc: Any, made: Made, base: str, pdf_font: pdfdoc.PDFTrueTypeFont) -> Template:
    """A registered subset's objects, formatted the first time and reused after."""
    face = font.face
    internal = pdf_font.Name
    with _lock:
        parts = made.formatted
        if ("font", base, internal) not in parts:
            parts["file"] = stream_bytes(made.font_file, doc, Length1=made.length1)
            parts["cmap", base] = stream_bytes(made.cmaps[base], doc)
            parts["descriptor", base] = template(pdfdoc.PDFDictionary({
                "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight,
                "Descent": face.descent, "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                "FontBBox": pdfdoc.PDFArray(face.bbox), "FontName": pdfdoc.PDFName(base),
                "ItalicAngle": face.italicAngle, "StemV": face.stemV, "FontFile2": Gap(0),
                "MissingWidth": face.defaultWidth,
            }), doc)
            pdf_font.Widths, pdf_font.FontDescriptor, pdf_font.ToUnicode = Raw(made.widths), Gap(0), Gap(1)
            parts["font", base, internal] = template(pdf_font, doc)
    # Registered in ReportLab's order, so the objects are numbered (and the file laid out) as it would.
    cmap = doc.Reference(Indirect(parts["cmap", base]), "toUnicodeCMap:" + base)
    font_file = doc.Reference(Indirect(parts["file"]), f"fontFile:{face.filename}({base})")
    descriptor = doc.Reference(Template(*parts["descriptor", base], [font_file]), "fontDescriptor:" + base)
    return Template(*parts["font", base, internal], [descriptor, cmap])
