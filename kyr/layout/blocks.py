"""Blocks with a layout of their own: choices and actions with check boxes, bullets, a QR code, the brief's tables."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from kyr.documents import Block, Document, Message, Option, Row
from kyr.layout.base import INK, MIN_PT, RULE
from kyr.layout.flowables import CheckBox, QRCode, StatusMark, provision_status


class Blocks:
    """The block kinds with their own layout (mixed into Builder): choices, actions, bullets, QR code,
    provisions and authorities."""

    s: Any
    gap: float
    own_w: float
    en_w: float
    frame: Any
    doc: Document
    field_marks: list

    def choices(self, block: Block) -> list[Flowable]:
        """Check boxes, one per option, with the option in both languages and any lines under it.

        Columns: box | person's language | gap | English. Lines under an option (the attorney's
        name and phone) take the two text columns.
        """
        out: list[Flowable] = [Spacer(1, self.gap)]
        if block.heading:
            out.append(self.section_heading(block.heading))
        box = self.s.size("body") * 1.25
        indent = box * 1.7
        if self.s.bilingual:
            widths = [indent, self.own_w - indent, 2 * self.gap, self.en_w]
        else:
            each = (self.frame.width - indent - 3 * self.gap) / 2
            widths = [indent, each, 3 * self.gap, each]
        cells: list[list[Any]] = []
        style: list[tuple] = []
        for option in block.options:
            r = len(cells)
            parts = self.pair(option.message, "body")
            check = self.check(option, box)
            if self.s.bilingual:
                cells.append([check, parts[0], "", parts[1]])
                style += [("LINEBEFORE", (3, r), (3, r), 0.4, RULE), ("LEFTPADDING", (3, r), (3, r), self.gap)]
            else:
                cells.append([check, parts[0], "", ""])
                style.append(("SPAN", (1, r), (3, r)))
            style.append(("BOTTOMPADDING", (0, r), (-1, r), self.gap * 1.1))
            if option.lines:
                rows = list(option.lines[:2])
                cells.append(["", *[c for row in rows for c in (self.pair(row.label, "label"), "")][:-1]])
                cells.append(["", *[c for row in rows for c in (self.line(row), "")][:-1]])
                for i in range(len(rows)):
                    col = 1 + 2 * i
                    style += [
                        ("LINEBELOW", (col, r + 2), (col, r + 2), 0.6, INK),
                        ("TOPPADDING", (col, r + 2), (col, r + 2), self.gap * 3.2),
                    ]
                    if col == 3:  # the second line starts where the English column's text does
                        style.append(("LEFTPADDING", (col, r + 1), (col, r + 2), self.gap))
        out.extend([self.table(cells, widths, style), Spacer(1, self.gap)])
        return out

    def check(self, option: Option, size: float) -> CheckBox:
        """The check box of an option, marked on a filled form when the option's condition holds."""
        box = CheckBox(size)
        if option.when:
            self.field_marks.append((option.when, box))
        return box

    def actions(self, block: Block) -> list[Flowable]:
        """Each action ICE may ask for, with a box marked when it asked; under it, each decision and reason.

        Columns: action's box | option's box | person's language | gap | English. An action's own
        text spans the two middle columns; a line under it (a field) takes the person's-language side.
        """
        out: list[Flowable] = [Spacer(1, self.gap)]
        if block.heading:
            out.append(self.section_heading(block.heading))
        box = self.s.size("body") * 1.25
        indent = box * 1.7
        own = self.own_w - 2 * indent if self.s.bilingual else self.frame.width - 2 * indent - 3 * self.gap
        widths = [indent, indent, own, 2 * self.gap if self.s.bilingual else 3 * self.gap,
                  self.en_w if self.s.bilingual else 0]
        cells: list[list[Any]] = []
        style: list[tuple] = []

        def text_row(box: CheckBox, parts: list[Paragraph], column: int) -> None:
            """A box in `column` (0 or 1) and the text after it, in both languages."""
            r = len(cells)
            row: list[Any] = ["", "", "", "", parts[1] if self.s.bilingual else ""]
            row[column], row[column + 1] = box, parts[0]
            cells.append(row)
            last = 2 if self.s.bilingual else 4
            if column + 1 < last:
                style.append(("SPAN", (column + 1, r), (last, r)))
            if self.s.bilingual:
                style.extend([("LINEBEFORE", (4, r), (4, r), 0.4, RULE), ("LEFTPADDING", (4, r), (4, r), self.gap)])

        room_under: list[int] = []

        def field_lines(rows: tuple[Row, ...], column: int) -> None:
            """A labelled line for each field under an action (from `column`) or an option, own-language side."""
            for row in rows:
                r = len(cells)
                cells.extend([["", "", "", "", ""] for _ in range(2)])
                cells[r][column], cells[r + 1][column] = self.pair(row.label, "label"), self.line(row)
                style.extend([("SPAN", (column, r), (2, r)), ("SPAN", (column, r + 1), (2, r + 1)),
                              ("LINEBELOW", (column, r + 1), (2, r + 1), 0.6, INK),
                              ("TOPPADDING", (column, r + 1), (2, r + 1), self.gap * 1.2)])
                room_under.append(r + 2)  # the row after the rule keeps its distance from it

        for i, action in enumerate(block.actions):
            r = len(cells)
            if i:
                style.append(("LINEABOVE", (0, r), (-1, r), 0.4, RULE))
                style.append(("TOPPADDING", (0, r), (-1, r), self.gap * 0.8))
            text_row(self.check(action.asked, box), self.pair(action.asked.message, "body", bold=True), 0)
            style.append(("BOTTOMPADDING", (0, r), (-1, r), self.gap * 0.7))
            field_lines(action.asked.lines, 1)
            for option in action.options:
                r = len(cells)
                text_row(self.check(option, box), self.pair(option.message, "body"), 1)
                style.append(("BOTTOMPADDING", (0, r), (-1, r), self.gap * 0.7))
                field_lines(option.lines, 2)
        style += [("TOPPADDING", (0, r), (-1, r), self.gap * 0.9) for r in room_under if r < len(cells)]
        out.extend([self.table(cells, widths, style), Spacer(1, self.gap)])
        return out

    def bullets(self, block: Block) -> list[Flowable]:
        """A heading and a list of short statements, each with a bullet."""
        out: list[Flowable] = [Spacer(1, self.gap)]
        if block.heading:
            out.append(self.section_heading(block.heading))
        indent = self.s.size("body") * 1.4
        cells, style = [], []
        for i, item in enumerate(block.items):
            parts = self.pair(item.message, "body")
            bullet = self.s.para("•", "body")
            if self.s.bilingual:
                cells.append([bullet, parts[0], "", parts[1]])
                style += [("LINEBEFORE", (3, i), (3, i), 0.4, RULE), ("LEFTPADDING", (3, i), (3, i), self.gap)]
            else:
                cells.append([bullet, parts[0], "", ""])
                style.append(("SPAN", (1, i), (3, i)))
            style.append(("BOTTOMPADDING", (0, i), (-1, i), self.gap * 0.9))
        widths = [indent, self.own_w - indent, 2 * self.gap, self.en_w]
        out.extend([self.table(cells, widths, style), Spacer(1, self.gap)])
        return out

    def qr(self, block: Block) -> list[Flowable]:
        """A QR code of a web address from the profile, with its caption; nothing without an address."""
        address = self.settings.get(block.setting or "", "")
        if not address:
            return []
        size = 24 * mm
        caption = self.pair(block.message, "body")
        w = self.frame.width
        return [
            Spacer(1, self.gap),
            self.table(
                [[QRCode(address, size), caption]],
                [size + 3 * self.gap, w - size - 3 * self.gap],
                [("VALIGN", (0, 0), (-1, -1), "MIDDLE")],
            ),
        ]

    def rows_table(self, rows: list[tuple[list[Any], list[tuple]]], widths: list[float]) -> Table:
        """One table of rows, each given with its own style commands (row index 0 meaning that row)."""
        cells: list[list[Any]] = []
        style: list[tuple] = []
        for r, (row, commands) in enumerate(rows):
            cells.append(row)
            style += [(name, (c0, r0 + r), (c1, r1 + r), *rest) for name, (c0, r0), (c1, r1), *rest in commands]
        return self.table(cells, widths, style)

    def headed(self, heading: Message | None, groups: list[Table]) -> list[Flowable]:
        """A section heading kept on the page of the first group under it; each group kept whole."""
        out: list[Flowable] = [Spacer(1, self.gap)]
        first: list[Flowable] = [self.section_heading(heading)] if heading else []
        for i, group in enumerate(groups):
            out.append(KeepTogether([*first, group] if i == 0 else [group]))
        return out

    def provisions(self, block: Block) -> list[Flowable]:
        """Provisions with their status here: a shape and a word, never colour alone."""
        mark = max(self.s.size("body") * 1.2, MIN_PT / 0.7)  # its "?" is set at 0.7 of the mark
        word_width = 70 * self.s.scale
        rest = self.frame.width - mark * 1.9 - word_width
        own = (rest - 2 * self.gap) / 2
        widths = [mark * 1.9, word_width, own, 2 * self.gap, rest - own - 2 * self.gap]
        rows = []
        for item in block.items:
            status = provision_status(item, self.settings.get(item.setting or "", ""))
            word = self.pair(self.doc.statuses[status], "label", bold=True)
            # Each language's cell: the provision, the state law that requires it, then who can adopt it.
            text: list[list[Flowable]] = [[para] for para in self.pair(item.message, "body")]
            if item.law:
                text[0].append(self.s.para(item.law, "label", english=True, bold=True))
            if item.who:
                for cell, para in zip(text, self.pair(item.who, "label"), strict=True):
                    cell.append(para)
            style: list[tuple] = [
                ("BOTTOMPADDING", (0, 0), (-1, 0), self.gap * 0.8),
                ("LINEBELOW", (0, 0), (-1, 0), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, 0), self.gap * 0.5),
                ("RIGHTPADDING", (1, 0), (1, 0), self.gap),  # the status word never touches the provision
            ]
            if self.s.bilingual:
                row = [StatusMark(status, mark), word, text[0], "", text[1]]
                style += [("LINEBEFORE", (4, 0), (4, 0), 0.4, RULE), ("LEFTPADDING", (4, 0), (4, 0), self.gap)]
            else:
                row = [StatusMark(status, mark), word, text[0], "", ""]
                style.append(("SPAN", (2, 0), (4, 0)))
            rows.append((row, style))
        # The heading stays with the first provision; the others may break between any two rows.
        out = self.headed(block.heading, [self.rows_table(rows[:1], widths)])
        if rows[1:]:
            out.append(self.rows_table(rows[1:], widths))
        out.append(Spacer(1, self.gap))
        return out

    def authorities(self, block: Block) -> list[Flowable]:
        """Who holds the power to adopt the provisions, level by level (a level's rows kept together)."""
        w = self.frame.width
        groups: list[list[tuple[list[Any], list[tuple]]]] = []
        for a in block.authorities:
            level = self.pair(a.level, "label", bold=True) if a.level else ""
            style: list[tuple] = [
                ("BOTTOMPADDING", (0, 0), (-1, 0), self.gap * 0.8),
                ("TOPPADDING", (0, 0), (-1, 0), self.gap * 0.5),
                ("RIGHTPADDING", (0, 0), (1, 0), self.gap),
            ]
            if a.level and groups:
                style.append(("LINEABOVE", (0, 0), (-1, 0), 0.6, INK))
            if a.level or not groups:
                groups.append([])
            groups[-1].append(([level, self.pair(a.who, "body", bold=True), self.pair(a.power, "body")], style))
        widths = [w * 0.14, w * 0.24, w * 0.62]
        return self.headed(block.heading, [self.rows_table(g, widths) for g in groups])
