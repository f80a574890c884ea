"""Fixed pages drawn once, then stamped: each new PDF replays the drawing and adds only the values.

Laying out and drawing a page's fixed text is most of the work of a render, and it is the same for
every person. So, per prepared page, it is drawn once with empty fields on a scratch canvas; what is
kept is the page's drawing operators, where each field landed, and the fonts' subset state at that
point (which character has which code in which subset). A new canvas that starts from a copy of that
font state can take the operators as they are; the person's values are then drawn at the anchors,
their new characters added to the subsets after the fixed ones. A snapshot is kept in memory and on
disk (kyr.pagecache), so a new process need not lay the page out. Roster batches use the same drawing
(draw_pages) into PDF Form XObjects, and the same value drawing (draw_values).
"""

from __future__ import annotations

import copy
import io
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from kyr import fonts, layout, pagecache, subsets
from kyr.documents import Condition, holds
from kyr.errors import KyrError
from kyr.pdfobjects import Indirect, stream_bytes
from kyr.prepared import Prepared
from kyr.valueline import BoxMark, ValueLine

# Streams are compressed binary: ASCII85 on top adds a quarter to their size and protects nothing a
# PDF reader of today needs. (A process-wide ReportLab setting; every kyr PDF is written after this.)
rl_config.useA85 = 0

PIECES_MAX = 64  # kept compressed pieces per snapshot (one per run of fixed operators between drawn values)
PIECE_MIN = 4096  # characters: a shorter run of fixed operators is compressed with the values around it


@dataclass(frozen=True)
class Slot:
    """Where a value goes on a drawn page: a field line, or a check box marked when its condition holds."""

    key: str | None  # the field a line prints; None for a check box
    when: Condition  # a check box's condition; empty for a line
    line: ValueLine | BoxMark
    anchor: tuple  # the transformation matrix it was drawn with
    code_at: int  # how many of the page's operators came before it

    def draw(self, canvas: Canvas, values: dict[str, str], laid: Laid | None = None) -> None:
        """Draw the value in the current coordinate system (the anchor's), in its lines if `laid` has them."""
        if isinstance(self.line, BoxMark):
            if holds(self.when, values):
                self.line.draw(canvas)
        elif values.get(self.key or ""):
            self.line.draw(canvas, values[self.key or ""], laid.get(id(self)) if laid else None)


Slots = list[Slot]
Laid = dict[int, list[str]]  # a typed value's lines, per slot (by id), made once for one PDF


@dataclass(frozen=True)
class PageSize:
    """What the footer callback reads of a document template: the page size."""

    width: float
    height: float

    @property
    def pagesize(self) -> tuple[float, float]:
        return self.width, self.height


def new_canvas(buf: io.BytesIO, paper: str, lang: str | None, *, title: str = "", subject: str = "",
               author: str = "") -> Canvas:
    """A canvas with the settings of every kyr PDF (no Helvetica: the initial font is Noto Sans).

    `lang` is the document's language (None for a roster batch, whose pages have many).
    """
    width, height = layout.page_size(paper)
    canvas = Canvas(buf, pagesize=(width, height), invariant=1, initialFontName=fonts.font_name("NotoSans"),
                    **({"lang": lang.replace("_", "-")} if lang else {}))
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor(author)
    canvas.setCreator("kyr")
    return canvas


def draw_pages(
    canvas: Canvas, prepared: Prepared, begin: Callable[[int], None], end: Callable[[int], None]
) -> list[Slots]:
    """Draw each page of a prepared document with empty fields (pages split at its page breaks).

    `begin(i)` and `end(i)` bracket page i (a Form XObject, or a page to record). The page's lock
    is held meanwhile (by Page.filled): its field lines are shared.
    """
    page = prepared.page
    width, height = layout.page_size(prepared.paper)
    on_page = prepared.footer()
    slots = []
    with page.filled({}) as story:
        pages = layout.split_pages(story)
        pages[0][:0] = prepared.head
        for i, flowables in enumerate(pages):
            for _key, line in page.field_lines:
                line.anchor = None
            for _condition, box in page.field_marks:
                box.anchor = None
            begin(i)
            on_page(canvas, PageSize(width, height))
            flowables = layout.fresh(flowables)
            layout.body_frame(prepared.paper).addFromList(flowables, canvas)
            if flowables:
                raise KyrError(f"{prepared.doc.id} does not fit its page in {prepared.language.code}")
            end(i)
            # The slots this page drew (each copy has its own) and where they landed.
            drawn = [Slot(k, (), line.value_line(), line.anchor, line.code_at) for k, line in page.field_lines
                     if line.anchor is not None]
            drawn += [Slot(None, when, BoxMark(box.size), box.anchor, box.code_at) for when, box in page.field_marks
                      if box.anchor is not None]
            slots.append(sorted(drawn, key=lambda slot: slot.code_at))
    return slots


def draw_values(canvas: Canvas, slots: Slots, values: dict[str, str]) -> None:
    """A person's values over a page drawn earlier (a Form XObject), each at its anchor."""
    for slot in slots:
        canvas.saveState()
        canvas.transform(*slot.anchor)
        slot.draw(canvas, values)
        canvas.restoreState()


@dataclass(frozen=True)
class Snapshot:
    """A prepared document's pages, drawn once: operators per page, anchors, and the fonts' state."""

    pages: list[tuple[list[str], Slots]]
    font_mapping: list[tuple[str, str]]  # font name -> internal PDF name, in the order they were added
    font_states: dict[str, object]  # dynamic (TrueType) font name -> its subset state after the fixed text
    pieces: dict[tuple, bytes] = field(default_factory=dict)  # runs of a page's operators, as stream objects

    def lay_values(self, values: dict[str, str]) -> tuple[list[tuple[str, ValueLine]], Laid]:
        """Each typed value's lines at each of its slots; and the values that do not fit, with the line each
        overflows (to refuse before drawing anything)."""
        unfit, laid = [], {}
        for _ops, slots in self.pages:
            for slot in slots:
                if slot.key and values.get(slot.key) and isinstance(slot.line, ValueLine):
                    lines = laid[id(slot)] = slot.line.split_lines(values[slot.key])
                    if len(lines) > slot.line.lines:
                        unfit.append((slot.key, slot.line))
        return unfit, laid

    @cached_property
    def sizes(self) -> list[list[int]]:
        """Per page, the characters of operators before each one (and in all): where a run is worth a piece."""
        return [list(accumulate((len(op) + 1 for op in operators), initial=0)) for operators, _slots in self.pages]

    def piece(self, index: int, start: int, end: int, head: str, tail: str, document: object) -> bytes:
        """Page `index`'s operators from `start` to `end` (with an opening and a closing): a stream object's
        bytes, compressed and formatted once."""
        key = (index, start, end, head, tail)
        made = self.pieces.get(key)
        if made is None:
            if len(self.pieces) >= PIECES_MAX:
                self.pieces.clear()
            text = "\n".join([*([head] if head else []), *self.pages[index][0][start:end], *([tail] if tail else [])])
            made = self.pieces[key] = stream_bytes(zlib.compress((text + "\n").encode("utf-8"), 9), document)
        return made


def take(prepared: Prepared) -> Snapshot:
    """Draw the prepared document's pages on a scratch canvas and keep what a new PDF needs of them."""
    canvas = new_canvas(io.BytesIO(), prepared.paper, prepared.language.code)
    recorded: list[list[str]] = []
    # A new page's operators start empty (showPage clears them), so slots' code_at index this page.
    with fonts.pdf_lock:
        slots = draw_pages(canvas, prepared, lambda i: None,
                           lambda i: (recorded.append(list(canvas._code)), canvas.showPage()))
        doc = canvas._doc
        mapping = list(doc.fontMapping.items())
        states = {}
        for name, _internal in mapping:
            font = pdfmetrics.getFont(name)
            if getattr(font, "_dynamicFont", 0):
                states[name] = _copy_state(font.state[doc])
                subsets.register(font, states[name].subsets)  # type: ignore[attr-defined]
    return Snapshot(list(zip(recorded, slots, strict=True)), mapping, states)


def _copy_state(state: object) -> object:
    new = copy.copy(state)
    new.assignments = dict(state.assignments)  # type: ignore[attr-defined]
    new.subsets = [list(s) for s in state.subsets]  # type: ignore[attr-defined]
    return new


def stamp(
    snapshot: Snapshot, prepared: Prepared, values: dict[str, str], *, title: str, subject: str, author: str,
    laid: Laid | None = None,
) -> bytes:
    """A new PDF of the snapshot's pages with these values (the font lock is taken here)."""
    buf = io.BytesIO()
    with fonts.pdf_lock:
        canvas = new_canvas(buf, prepared.paper, prepared.language.code, title=title, subject=subject, author=author)
        doc = canvas._doc
        for name, internal in snapshot.font_mapping:
            if name in doc.fontMapping:
                if doc.fontMapping[name] != internal:
                    raise KyrError(f"font {name} is {doc.fontMapping[name]} here, {internal} in the snapshot")
                continue
            font = pdfmetrics.getFont(name)
            if name in snapshot.font_states:
                state = font.state[doc] = _copy_state(snapshot.font_states[name])
                # A typed value's new characters start a subset of their own: the fixed text's subsets
                # then stay as they are, made once (kyr.subsets), and never hold a typed character.
                state.nextCode = -(-state.nextCode // 256) * 256  # type: ignore[attr-defined]
                doc.fontMapping[name] = internal
                doc.delayedFonts.append(font)
            elif doc.getInternalFontName(name) != internal:
                raise KyrError(f"font {name} would not keep its name {internal}")
        for index, (operators, slots) in enumerate(snapshot.pages):
            contents = _contents(canvas, snapshot, index, operators, slots, values, laid)
            canvas.showPage()
            canvas._doc.Pages.pages[-1].Contents = pdfdoc.PDFArray(contents)
        canvas.save()
    return buf.getvalue()


def _contents(canvas: Canvas, snapshot: Snapshot, index: int, operators: list[str], slots: Slots,
              values: dict[str, str], laid: Laid | None) -> list[pdfdoc.PDFObject]:
    """A page's content streams: its fixed operators in compressed pieces made once, a person's values between.

    Each value goes where the page drew its empty slot, so the text reads in the same order as a page
    laid out with the values; there, the coordinate system is already the slot's. A page's content may
    be an array of streams, read as one (PDF 32000-1, 7.8.2), so only the values are compressed anew.
    """
    code = canvas._code
    code.append(canvas._preamble)
    canvas.saveState()
    opening = "\n".join(code)  # rides with the first stream: a piece, or the values drawn first
    code.clear()
    streams: list[pdfdoc.PDFObject] = []

    def fixed(start: int, end: int, tail: str = "") -> None:
        nonlocal opening
        if code:  # values (and short runs of fixed operators) drawn since the last piece
            text = "\n".join([opening, *code] if opening else code)
            streams.append(pdfdoc.PDFStream(content=text + "\n", filters=[pdfdoc.PDFZCompress]))
            code.clear()
            opening = ""
        streams.append(Indirect(snapshot.piece(index, start, end, opening, tail, canvas._doc)))
        opening = ""

    done = 0
    for slot in slots:
        mark = len(code)
        slot.draw(canvas, values, laid)
        if len(code) > mark:
            drawn = code[mark:]
            del code[mark:]
            if snapshot.sizes[index][slot.code_at] - snapshot.sizes[index][done] < PIECE_MIN:
                code.extend(operators[done:slot.code_at])  # a short run goes with the values
            else:
                fixed(done, slot.code_at)
            code.extend(drawn)
            done = slot.code_at
    canvas.restoreState()
    code.pop()  # its "Q" closes the last fixed piece
    fixed(done, len(operators), "Q")
    return streams


# Snapshots per prepared page (Prepared.key), most recently used last.
_SNAPSHOTS_MAX = 64
_snapshots: OrderedDict[tuple, Snapshot] = OrderedDict()


def snapshot_for(prepared: Prepared) -> Snapshot:
    """The snapshot of a prepared page: kept in memory, else read from the disk cache, else taken (and kept)."""
    with fonts.pdf_lock:
        snap = _snapshots.get(prepared.key)
        if snap is None:
            disk_key = pagecache.key(prepared.key, prepared.doc) if prepared.keep_on_disk else None
            snap = pagecache.load(disk_key) if disk_key else None
            if snap is None:
                snap = take(prepared)
                if disk_key:
                    pagecache.store(disk_key, snap)
            _snapshots[prepared.key] = snap
            while len(_snapshots) > _SNAPSHOTS_MAX:
                _snapshots.popitem(last=False)
        _snapshots.move_to_end(prepared.key)
        return snap
