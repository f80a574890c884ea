"""The forum's figures: counts of served documents and people for a period, small counts suppressed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

import sqlalchemy as sa

from kyr.errors import KyrError
from kyr.register import store
from kyr.register.entries import ACTIONS, CHOICES, DECISIONS, STAFF_DOCUMENTS, in_period

MIN_CELL = 5  # counts from 1 to MIN_CELL - 1 are shown as "fewer than MIN_CELL": nobody can be singled out


@dataclass
class Figures:
    """Raw counts for a period (before suppression)."""

    date_from: dt.date
    date_to: dt.date
    forms: int = 0
    people: int = 0
    by_month: dict[str, int] = field(default_factory=dict)
    by_document: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    by_choice: dict[str, int] = field(default_factory=dict)
    by_action: dict[str, dict[str, int]] = field(default_factory=dict)


def _months(date_from: dt.date, date_to: dt.date) -> list[str]:
    months, year, month = [], date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def figures(date_from: dt.date, date_to: dt.date, url: str | None = None) -> Figures:
    """Count the entries served from `date_from` to `date_to` (both included)."""
    if date_to < date_from:
        raise KyrError(f"--to ({date_to}) is before --from ({date_from})")
    e, a = store.entries.c, store.actions.c
    fig = Figures(date_from, date_to)
    fig.by_month = dict.fromkeys(_months(date_from, date_to), 0)
    fig.by_document = dict.fromkeys(STAFF_DOCUMENTS, 0)
    fig.by_choice = dict.fromkeys(CHOICES, 0)
    fig.by_action = {action: dict.fromkeys(DECISIONS, 0) for action in ACTIONS}
    with store.reading(url) as conn:
        served = in_period(sa.select(e.id, e.document, e.language, e.served_at, e.choice, e.booking_hash),
                         date_from, date_to).subquery()
        people = set()
        for row in conn.execute(sa.select(served)):
            fig.forms += 1
            fig.by_month[row.served_at.strftime("%Y-%m")] += 1
            fig.by_document[row.document] = fig.by_document.get(row.document, 0) + 1
            fig.by_language[row.language] = fig.by_language.get(row.language, 0) + 1
            if row.choice in fig.by_choice:
                fig.by_choice[row.choice] += 1
            if row.booking_hash:
                people.add(row.booking_hash)
        fig.people = len(people)
        decided = sa.select(a.action, a.decision, sa.func.count()).join(served, served.c.id == a.entry_id)
        for action, decision, count in conn.execute(decided.group_by(a.action, a.decision)):
            fig.by_action.setdefault(action, dict.fromkeys(DECISIONS, 0))[decision] = count
    fig.by_language = dict(sorted(fig.by_language.items()))
    return fig


def hidden(count: int, min_cell: int) -> bool:
    return 0 < count < min_cell


def as_json(fig: Figures, min_cell: int = MIN_CELL) -> dict[str, object]:
    """The figures as JSON: a count under `min_cell` is null, and its path is listed in `suppressed`."""
    suppressed: list[str] = []

    def cell(path: str, count: int) -> int | None:
        if hidden(count, min_cell):
            suppressed.append(path)
            return None
        return count

    out: dict[str, object] = {
        "from": fig.date_from.isoformat(),
        "to": fig.date_to.isoformat(),
        "min_cell": min_cell,
        "forms": cell("forms", fig.forms),
        "people": cell("people", fig.people),
    }
    for name in ("by_month", "by_document", "by_language", "by_choice"):
        out[name] = {k: cell(f"{name}.{k}", v) for k, v in getattr(fig, name).items()}
    out["by_action"] = {action: {d: cell(f"by_action.{action}.{d}", n) for d, n in decisions.items()}
                        for action, decisions in fig.by_action.items()}
    out["suppressed"] = suppressed
    return out


def as_csv(fig: Figures, min_cell: int = MIN_CELL) -> str:
    """The same numbers as tables (table, key, count), "fewer than N" where suppressed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "key", "count"])

    def row(table: str, key: str, count: int) -> None:
        writer.writerow([table, key, f"fewer than {min_cell}" if hidden(count, min_cell) else count])

    writer.writerow(["period", "from", fig.date_from.isoformat()])
    writer.writerow(["period", "to", fig.date_to.isoformat()])
    row("total", "forms", fig.forms)
    row("total", "people", fig.people)
    for name in ("by_month", "by_document", "by_language", "by_choice"):
        for key, count in getattr(fig, name).items():
            row(name, key, count)
    for action, decisions in fig.by_action.items():
        for decision, count in decisions.items():
            row("by_action", f"{action}.{decision}", count)
    return out.getvalue()
