"""Where the register lives: its database (SQLite in KYR_DATA_DIR, or PostgreSQL), schema and migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from kyr.errors import KyrError

HEAD = "0002"  # the newest migration (kyr/register/migrations/versions)

metadata = sa.MetaData()


class Unavailable(KyrError):
    """The register cannot be opened, or its schema is not the newest (`kyr register upgrade`)."""

# One served document. Never a name, a signature or a typed name line: the booking number only as a
# keyed hash (kyr.register.keys), so people can be counted and a decision linked to its form.
entries = sa.Table(
    "entries", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document", sa.String(40), nullable=False),
    sa.Column("language", sa.String(16), nullable=False),
    sa.Column("paper", sa.String(8), nullable=False),
    sa.Column("provenance", sa.String(80), nullable=False),
    sa.Column("facility", sa.String(200)),
    sa.Column("served_at", sa.DateTime, nullable=False, index=True),  # the form's date and time (local)
    sa.Column("recorded_at", sa.DateTime, nullable=False),  # UTC, when kyr recorded it
    sa.Column("served_by", sa.String(120), nullable=False),
    sa.Column("interpreter", sa.Boolean),
    sa.Column("booking_hash", sa.String(64), index=True),
    sa.Column("choice", sa.String(16)),  # consent form: agree, decline, attorney, refused, none
    sa.Column("interviewed", sa.Boolean),
    sa.Column("attorney_present", sa.Boolean),
    sa.Column("recipient", sa.String(16)),  # release-date notice: attorney, designee, none
    sa.Column("ice_told_at", sa.DateTime),  # release-date notice: when ICE was told
)

# Each action ICE asked for on a request notice, with this agency's decision and its reason.
actions = sa.Table(
    "entry_actions", metadata,
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("action", sa.String(16), primary_key=True),
    sa.Column("decision", sa.String(8), nullable=False),
    sa.Column("reason", sa.String(24)),
)

# Earlier values of what staff record after service (the person's choice, the interview).
history = sa.Table(
    "entry_history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entry_id", sa.Integer, sa.ForeignKey("entries.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("changed_at", sa.DateTime, nullable=False),
    sa.Column("changed_by", sa.String(120), nullable=False),
    sa.Column("field", sa.String(32), nullable=False),
    sa.Column("old_value", sa.String(16)),
    sa.Column("new_value", sa.String(16)),
)


# Staff who use the register in the browser. Passwords only as memory-hard hashes (scrypt).
users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(64), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),  # staff, records, admin
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("failed_at", sa.Text),  # recent failed logins (ISO times, space-separated)
    sa.Column("locked_until", sa.DateTime),
)

# Who did what and when: logins, failures, locks, recordings, decisions, reports, exports. Never a
# person's name or booking number; the detail is an entry id, a period, an account.
audit = sa.Table(
    "audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime, nullable=False, index=True),
    sa.Column("who", sa.String(64), nullable=False),
    sa.Column("event", sa.String(32), nullable=False),
    sa.Column("detail", sa.String(200)),
)


def data_dir() -> Path:
    """$KYR_DATA_DIR, else $XDG_DATA_HOME/kyr, else ~/.local/share/kyr."""
    base = os.environ.get("KYR_DATA_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "kyr"


def database_url() -> str:
    """$KYR_DATABASE_URL, else the SQLite file register.sqlite3 in the data folder."""
    return os.environ.get("KYR_DATABASE_URL") or f"sqlite:///{data_dir() / 'register.sqlite3'}"


def engine(url: str | None = None) -> sa.Engine:
    """The engine for the register's database (one per URL and process)."""
    return _engine(url or database_url())


@cache
def _engine(url: str) -> sa.Engine:
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise KyrError(f"KYR_DATABASE_URL is not a database URL: {url!r}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        eng = sa.create_engine(url, connect_args={"timeout": 30})
        _sqlite_for_several_writers(eng)
        return eng
    if parsed.get_backend_name() != "postgresql":
        raise KyrError(f"the register runs on SQLite or PostgreSQL, not {parsed.get_backend_name()}")
    return sa.create_engine(url, pool_pre_ping=True)


def _sqlite_for_several_writers(eng: sa.Engine) -> None:
    """WAL, a busy timeout, and every transaction begun IMMEDIATE: several processes can write.

    A deferred transaction that reads and then writes can fail at once when another process has
    written meanwhile; taking the write lock at BEGIN makes it wait its turn instead.
    """

    @event.listens_for(eng, "connect")
    def _connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # kyr issues BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(eng, "begin")
    def _begin(conn) -> None:  # type: ignore[no-untyped-def]
        # Reads (store.reading) take no write lock, so they never wait behind a recording.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("kyr_read") else "BEGIN IMMEDIATE")


def upgrade(url: str | None = None) -> str:
    """Create or migrate the schema to the newest revision; returns it."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    with engine(url).begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return revision(url)


def revision(url: str | None = None) -> str | None:
    """The schema's revision, or None when the register has not been set up."""
    with engine(url).connect().execution_options(kyr_read=True) as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


@contextmanager
def reading(url: str | None = None) -> Iterator[sa.Connection]:
    """A connection for reading only (on SQLite: a deferred transaction, no write lock)."""
    with ready(url).connect() as conn:
        yield conn.execution_options(kyr_read=True)


_checked: set[str] = set()  # URLs whose schema this process found up to date


def ready(url: str | None = None) -> sa.Engine:
    """The engine, once the schema is the newest (checked once per process); a clear KyrError otherwise."""
    eng = engine(url)
    key = str(eng.url)
    if key in _checked:
        return eng
    try:
        current = revision(url)
    except sa.exc.OperationalError as exc:
        raise Unavailable(f"cannot open the register ({_where(eng)}): {exc.orig}") from None
    if current != HEAD:
        raise Unavailable(f"the register ({_where(eng)}) is not set up (schema {current or 'none'}, need {HEAD}): "
                          "run `kyr register upgrade`")
    _checked.add(key)
    return eng


def _where(eng: sa.Engine) -> str:
    return eng.url.render_as_string(hide_password=True)
