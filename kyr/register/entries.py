"""Register entries: made from a served document's values (no name), recorded with the PDF, decided later."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from kyr.documents import Document
from kyr.errors import KyrError
from kyr.register import store
from kyr.register.keys import booking_hash
from kyr.register.users import log

# The documents served to a person in custody: each one is a record of ICE access (Gov. Code 7283.1(c)).
STAFF_DOCUMENTS = ("ice-interview-consent", "ice-request-notice", "release-date-notice")
CHOICES = ("agree", "decline", "attorney", "refused", "none")
ACTIONS = ("detainer", "notification", "transfer", "other")
DECISIONS = ("comply", "decline")


@dataclass(frozen=True)
class Entry:
    """What the register keeps of one served document: no name, no free text, the booking number hashed."""

    document: str
    language: str
    paper: str
    provenance: str
    facility: str | None
    served_at: dt.datetime
    served_by: str
    interpreter: bool | None = None
    booking_hash: str | None = None
    recipient: str | None = None
    ice_told_at: dt.datetime | None = None
    actions: tuple[tuple[str, str, str | None], ...] = field(default=())  # (action, decision, reason)


def check_recordable(doc: Document, served_by: str) -> str:
    """The staff member's name as it will be kept; a KyrError for a document that is not served."""
    if doc.id not in STAFF_DOCUMENTS:
        raise KyrError(f"{doc.id} is not served to a person in custody, so it is not recorded; "
                       f"recorded documents: {', '.join(STAFF_DOCUMENTS)}")
    name = " ".join(served_by.split())
    if not name:
        raise KyrError("recording needs the staff member who served the document: --served-by NAME")
    if len(name) > 120:
        raise KyrError("--served-by is longer than 120 characters")
    return name


def _moment(date: str, time: str = "") -> dt.datetime | None:
    if not date:
        return None
    day = dt.date.fromisoformat(date)
    at = dt.time.fromisoformat(time) if time else dt.time(0, 0)
    return dt.datetime.combine(day, at)


def entry_for(doc: Document, language: str, paper: str, provenance: str, given: dict[str, str],
              printed: dict[str, str], served_by: str) -> Entry:
    """The entry for one served document, from the values as given (ISO dates) and as printed.

    Kept: which document, language, paper, provenance, facility, when and by whom it was served,
    whether an interpreter was used, the booking number's keyed hash, the decisions and reasons on
    a request notice, and when ICE was told a release date. Never the name, the officer's or
    interpreter's name line, the grounds typed on a notice, nor the person to notify.
    """
    served = _moment(given.get("date", ""), given.get("time", "")) or dt.datetime.now().replace(microsecond=0)
    decided = tuple((a, printed[a], printed.get(f"{a}_reason") or None) for a in ACTIONS if printed.get(a))
    return Entry(
        document=doc.id,
        language=language,
        paper=paper,
        provenance=provenance,
        facility=printed.get("facility") or None,
        served_at=served,
        served_by=served_by,
        interpreter=bool(printed.get("interpreter", "").strip()) if doc.id == "ice-interview-consent" else None,
        booking_hash=booking_hash(given.get("booking_number", "")),
        recipient=printed.get("recipient") or None,
        ice_told_at=_moment(given.get("told_date", ""), given.get("told_time", "")),
        actions=decided,
    )


@contextmanager
def recording(entries: list[Entry], url: str | None = None) -> Iterator[list[int]]:
    """Write the entries in one transaction, yield their ids, and commit only if the block succeeds.

    The block hands out the PDF (writes it): if that fails, nothing is recorded; if the commit
    fails, the caller has not yet told anyone the PDF was recorded.
    """
    eng = store.ready(url)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    with eng.begin() as conn:
        ids = []
        for entry in entries:
            row = {k: v for k, v in entry.__dict__.items() if k != "actions"}
            new_id = conn.execute(sa.insert(store.entries).values(**row, recorded_at=now)
                                  .returning(store.entries.c.id)).scalar_one()
            for action, decision, reason in entry.actions:
                conn.execute(sa.insert(store.actions).values(entry_id=new_id, action=action, decision=decision,
                                                             reason=reason))
            ids.append(new_id)
        if ids:
            span = f"entry {ids[0]}" if len(ids) == 1 else f"entries {ids[0]} to {ids[-1]}"
            log(conn, entries[0].served_by, "record", f"{span} ({entries[0].document})")
        yield ids


def decide(entry_id: int, *, choice: str, interviewed: bool | None = None, attorney_present: bool | None = None,
           by: str, url: str | None = None) -> dict[str, str | None]:
    """Record the person's choice (and whether an interview took place, with an attorney) on a consent
    form's entry; earlier values go to the entry's history. Returns what changed, field by field."""
    if choice not in CHOICES:
        raise KyrError(f"--choice must be one of {', '.join(CHOICES)}, not {choice!r}")
    eng = store.ready(url)
    e = store.entries.c
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    with eng.begin() as conn:
        row = conn.execute(sa.select(e.document, e.choice, e.interviewed, e.attorney_present)
                           .where(e.id == entry_id)).first()
        if row is None:
            raise KyrError(f"no register entry {entry_id}")
        if row.document != "ice-interview-consent":
            raise KyrError(f"entry {entry_id} is a {row.document}: a choice is recorded on a consent form's entry")
        wanted = {"choice": choice, "interviewed": interviewed, "attorney_present": attorney_present}
        changes: dict[str, str | None] = {}
        for key, value in wanted.items():
            old = getattr(row, key)
            if value is None or value == old:
                continue
            conn.execute(sa.insert(store.history).values(entry_id=entry_id, changed_at=now, changed_by=by,
                                                         field=key, old_value=_text(old), new_value=_text(value)))
            changes[key] = _text(value)
        if changes:
            conn.execute(sa.update(store.entries).where(e.id == entry_id)
                         .values(**{k: wanted[k] for k in changes}))
            shown = ", ".join(f"{k}={v}" for k, v in changes.items())
            log(conn, by, "decide", f"entry {entry_id}: {shown}")
        return changes


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def in_period(query: sa.Select, date_from: dt.date | None, date_to: dt.date | None) -> sa.Select:
    e = store.entries.c
    if date_from:
        query = query.where(e.served_at >= dt.datetime.combine(date_from, dt.time()))
    if date_to:
        query = query.where(e.served_at < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time()))
    return query


def listed(date_from: dt.date | None = None, date_to: dt.date | None = None,
           url: str | None = None) -> list[dict[str, object]]:
    """Entries served in the period, oldest first: what staff and records see (no hash, no name)."""
    e, a = store.entries.c, store.actions.c
    query = in_period(sa.select(e.id, e.document, e.language, e.paper, e.provenance, e.facility, e.served_at,
                              e.served_by, e.interpreter, e.choice, e.interviewed, e.attorney_present,
                              e.recipient, e.ice_told_at), date_from, date_to).order_by(e.served_at, e.id)
    with store.reading(url) as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
        requested: dict[int, dict[str, str]] = {}
        for r in conn.execute(sa.select(a.entry_id, a.action, a.decision, a.reason)):
            requested.setdefault(r.entry_id, {})[r.action] = r.decision + (f" ({r.reason})" if r.reason else "")
    for row in rows:
        row["actions"] = requested.get(row["id"], {})
        for key in ("served_at", "ice_told_at"):
            if row[key] is not None:
                row[key] = row[key].isoformat(timespec="minutes")
    return rows


EXPORT_COLUMNS = ("id", "document", "language", "paper", "provenance", "facility", "served_at", "served_by",
                  "interpreter", "choice", "interviewed", "attorney_present", "recipient", "ice_told_at",
                  *ACTIONS)


def export_csv(date_from: dt.date | None = None, date_to: dt.date | None = None, url: str | None = None) -> str:
    """Every entry as a CSV row (one column per requested action): for a public-records request."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in listed(date_from, date_to, url):
        values = {**row, **row.pop("actions")}  # type: ignore[dict-item]
        writer.writerow(["" if values.get(c) is None else _text(values.get(c)) for c in EXPORT_COLUMNS])
    return out.getvalue()


def purge(before: dt.date, url: str | None = None) -> int:
    """Delete the entries served before a date (the retention period), with their actions and history."""
    eng = store.ready(url)
    e = store.entries.c
    cutoff = dt.datetime.combine(before, dt.time())
    with eng.begin() as conn:
        old = sa.select(e.id).where(e.served_at < cutoff)
        conn.execute(sa.delete(store.actions).where(store.actions.c.entry_id.in_(old)))
        conn.execute(sa.delete(store.history).where(store.history.c.entry_id.in_(old)))
        return conn.execute(sa.delete(store.entries).where(e.served_at < cutoff)).rowcount


def backup(target: Path, url: str | None = None) -> None:
    """A consistent copy of a SQLite register (SQLite's online backup), written atomically."""
    eng = store.ready(url)
    if eng.url.get_backend_name() != "sqlite":
        raise KyrError("the register is in PostgreSQL: back it up with pg_dump (for example "
                       "`pg_dump --format=custom -f register.dump DBNAME`)")
    target = Path(target)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    source = eng.raw_connection()
    try:
        copy = sqlite3.connect(partial)
        try:
            source.driver_connection.backup(copy)
        finally:
            copy.close()
        partial.replace(target)
    finally:
        source.close()
        partial.unlink(missing_ok=True)
