"""A PDF written out as its pages are drawn, so a roster batch's memory stays flat however long it is.

ReportLab keeps every page object until it saves, then builds the whole file in memory. Here each page
goes to the output the moment it ends: its content stream and page dictionary, under object numbers
3, 4, 5, ... (1 is the page tree, 2 the resources every page shares), and only its offset is kept. At
the end ReportLab's own objects (the fonts, the pages drawn once as Form XObjects, catalog, info) are
renumbered after the pages, formatted one at a time straight to the output, and the cross-reference
table is written a line at a time. Nothing goes anywhere but the output (a typed name never reaches a
temporary file of its own).
"""

from __future__ import annotations

import zlib
from array import array
from typing import BinaryIO

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

TREE, RESOURCES, FIRST_PAGE = 1, 2, 3
_TREE_NAME, _RESOURCES_NAME = "kyr-page-tree", "kyr-resources"


class PageWriter:
    """Pages drawn on a canvas, each written to `fh` when it ends; finish() writes the rest."""

    def __init__(self, canvas: Canvas, fh: BinaryIO) -> None:
        self.canvas = canvas
        self.fh = fh
        self.offset = 0
        self.offsets = array("Q")  # per object written so far: content stream, page, content stream, ...
        self.forms: dict[str, None] = {}  # Form XObjects the pages use, in first-use order
        major, minor = canvas._doc._pdfVersion
        self._add(f"%PDF-{major}.{minor}\n".encode() + b"%\x93\x8c\x8b\x9e kyr\n")

    def _add(self, data: bytes) -> int:
        at = self.offset
        self.fh.write(data)
        self.offset += len(data)
        return at

    @property
    def pages(self) -> int:
        return len(self.offsets) // 2

    def end_page(self) -> None:
        """End the canvas's current page and write it out: compressed operators, then its dictionary."""
        c = self.canvas
        code = [*c._psCommandsBeforePage, c._preamble, *c._code, *c._psCommandsAfterPage]
        data = zlib.compress(("\n".join(code) + "\n").encode("utf-8"))
        content = FIRST_PAGE + 2 * self.pages
        width, height = c._pagesize
        self.offsets.append(self._add(f"{content} 0 obj\n<< /Filter [ /FlateDecode ] /Length {len(data)} >>\n"
                                      "stream\n".encode() + data + b"\nendstream\nendobj\n"))
        self.offsets.append(self._add(
            f"{content + 1} 0 obj\n<< /Contents {content} 0 R /MediaBox [ 0 0 {fp_str(width)} {fp_str(height)} ] "
            f"/Parent {TREE} 0 R /Resources {RESOURCES} 0 R /Type /Page >>\nendobj\n".encode()))
        for name in c._formsinuse:
            self.forms.setdefault(name, None)
        c._startPage()

    def finish(self) -> None:
        """Write ReportLab's objects (numbered after the pages), the page tree and the cross-references."""
        c, doc = self.canvas, self.canvas._doc
        # As ReportLab's PDFDocument.GetPDFData, as of the pinned 5.1.
        for font in doc.delayedFonts:
            font.addObjects(doc)
        doc.info.invariant = doc.invariant
        doc.info.digest(doc.signature)
        catalog, info = doc.Reference(doc.Catalog), doc.Reference(doc.info)
        doc.Outlines.prepare(doc, c)
        if doc.Outlines.ready < 0:
            doc.Catalog.Outlines = None
        doc.encrypt.prepare(doc)
        # ReportLab numbered its objects from 1 as they were made: they follow the pages instead.
        shift = FIRST_PAGE - 1 + 2 * self.pages
        doc.idToObjectNumberAndVersion = {k: (n + shift, v) for k, (n, v) in doc.idToObjectNumberAndVersion.items()}
        doc.numberToId = {n + shift: k for n, k in doc.numberToId.items()}
        doc.objectcounter += shift
        doc.idToObjectNumberAndVersion[_TREE_NAME] = (TREE, 0)
        doc.idToObjectNumberAndVersion[_RESOURCES_NAME] = (RESOURCES, 0)
        doc.Catalog.Pages = pdfdoc.PDFObjectReference(_TREE_NAME)

        offsets = {TREE: self._add(self._tree()), RESOURCES: self._add(self._resources(doc))}
        counter = shift
        while True:
            counter += 1
            if counter not in doc.numberToId:
                break
            oid = doc.numberToId[counter]
            offsets[counter] = self._add(pdfdoc.PDFIndirectObject(oid, doc.idToObject[oid]).format(doc))
        xref_at = self.offset
        self._add(f"xref\n0 {counter}\n0000000000 65535 f \n".encode())
        lines = []
        for number in range(1, counter):
            at = self.offsets[number - FIRST_PAGE] if FIRST_PAGE <= number <= shift else offsets[number]
            lines.append(f"{at:010d} 00000 n \n")
            if len(lines) == 1024:
                self._add("".join(lines).encode())
                lines.clear()
        self._add("".join(lines).encode())
        self._add(pdfdoc.PDFTrailer(startxref=xref_at, Size=counter, Root=catalog, Info=info, ID=doc.ID()).format(doc))

    def _tree(self) -> bytes:
        kids = " ".join(f"{FIRST_PAGE + 2 * i + 1} 0 R" for i in range(self.pages))
        return f"{TREE} 0 obj\n<< /Count {self.pages} /Kids [ {kids} ] /Type /Pages >>\nendobj\n".encode()

    def _resources(self, doc: pdfdoc.PDFDocument) -> bytes:
        """One resource dictionary for every page: all fonts, and every form any page uses."""
        resources = pdfdoc.PDFResourceDictionary()
        resources.basicFonts()
        resources.allProcs()
        resources.XObject = doc.xobjDict(list(self.forms))
        return f"{RESOURCES} 0 obj\n".encode() + resources.format(doc) + b"\nendobj\n"
