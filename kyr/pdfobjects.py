"""PDF objects formatted once and reused: ReportLab formats every object anew for every PDF.

Only the references inside an object differ from one PDF to the next (object numbers), so a
Template keeps the object's bytes with gaps where they go.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfdoc


class Raw(pdfdoc.PDFObject):
    """Bytes already formatted as a direct PDF object (an array of widths)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


class Indirect(Raw):
    """Bytes already formatted as an object that is always indirect (a stream): used by reference."""

    __RefOnly__ = 1


class Gap(pdfdoc.PDFObject):
    """Stands for the reference numbered `index` while a template is formatted."""

    def __init__(self, index: int) -> None:
        self.index = index

    def format(self, document: Any) -> bytes:
        return b"\0%d\0" % self.index


class Template(pdfdoc.PDFObject):
    """An indirect object's bytes with its references filled in for each document."""

    __RefOnly__ = 1

    def __init__(self, parts: tuple[bytes, ...], order: tuple[int, ...], refs: list[Any]) -> None:
        self.parts, self.order, self.refs = parts, order, refs

    def format(self, document: Any) -> bytes:
        out = [self.parts[0]]
        for index, part in zip(self.order, self.parts[1:], strict=True):
            out += [self.refs[index].format(document), part]
        return b"".join(out)


def template(obj: pdfdoc.PDFObject, document: Any) -> tuple[tuple[bytes, ...], tuple[int, ...]]:
    """Format an object whose references are Gaps (no stream: its bytes could hold a NUL): parts and gap order."""
    pieces = obj.format(document).split(b"\0")
    return tuple(pieces[0::2]), tuple(int(i) for i in pieces[1::2])


def compressed_stream(compressed: bytes, **entries: Any) -> pdfdoc.PDFStream:
    """A stream object of content already compressed with zlib."""
    stream = pdfdoc.PDFStream(content=compressed)
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    for key, value in entries.items():
        stream.dictionary[key] = value
    return stream


def stream_bytes(compressed: bytes, document: Any, **entries: Any) -> bytes:
    """The formatted bytes of a compressed stream (kyr never encrypts, so they are the same in every PDF)."""
    return compressed_stream(compressed, **entries).format(document)
