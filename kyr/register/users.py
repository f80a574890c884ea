"""Staff accounts: roles, memory-hard password hashes, lockout after failed logins, and the audit log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.security import check_password_hash, generate_password_hash

from kyr.errors import KyrError
from kyr.register import store

ROLES = ("staff", "records", "admin")  # each can do what the one before it can, and more
MIN_PASSWORD = 12
MAX_FAILURES = 5  # failed logins for one account within FAILURE_WINDOW lock it for LOCK_TIME
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCK_TIME = dt.timedelta(minutes=15)
# scrypt (memory-hard), as Werkzeug does it: n=2**15, r=8, p=1, 32 MB a guess.
HASH_METHOD = "scrypt:32768:8:1"
# Checked when the account does not exist, so an unknown name takes as long as a wrong password.
_DUMMY = generate_password_hash("not a password of anyone's", method=HASH_METHOD)


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool

    def can(self, role: str) -> bool:
        """Whether this account has `role` or a higher one."""
        return not self.disabled and ROLES.index(self.role) >= ROLES.index(role)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def log(conn: sa.Connection, who: str, event: str, detail: str = "") -> None:
    """One line of the audit log, in the caller's transaction."""
    conn.execute(sa.insert(store.audit).values(at=_now(), who=who[:64], event=event, detail=detail[:200] or None))


def audit(who: str, event: str, detail: str = "", url: str | None = None) -> None:
    with store.ready(url).begin() as conn:
        log(conn, who, event, detail)


def check_name(name: str) -> str:
    name = name.strip()
    if not (1 <= len(name) <= 64) or not all(ch.isalnum() or ch in "._-@" for ch in name):
        raise KyrError("a user name is 1 to 64 letters, digits, dots, hyphens, underscores or @")
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise KyrError(f"a password has at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise KyrError("a password has at most 1,024 characters")


def add(name: str, role: str, password: str, *, by: str = "kyr", url: str | None = None) -> User:
    """A new account; a KyrError if the name is taken, the role unknown or the password too short."""
    name = check_name(name)
    if role not in ROLES:
        raise KyrError(f"--role must be one of {', '.join(ROLES)}, not {role!r}")
    check_password(password)
    with store.ready(url).begin() as conn:
        if conn.execute(sa.select(store.users.c.id).where(store.users.c.name == name)).first():
            raise KyrError(f"there is already a user {name!r}")
        conn.execute(sa.insert(store.users).values(name=name, role=role, created_at=_now(), disabled=False,
                                                   password_hash=generate_password_hash(password, HASH_METHOD)))
        log(conn, by, "user-add", f"{name} as {role}")
    return User(name, role, False)


def listed(url: str | None = None) -> list[dict[str, object]]:
    u = store.users.c
    with store.reading(url) as conn:
        rows = conn.execute(sa.select(u.name, u.role, u.disabled, u.created_at, u.locked_until).order_by(u.name))
        now = _now()
        return [{"name": r.name, "role": r.role, "disabled": r.disabled, "created_at": r.created_at,
                 "locked": bool(r.locked_until and r.locked_until > now)} for r in rows]


def get(name: str, url: str | None = None) -> User | None:
    u = store.users.c
    with store.reading(url) as conn:
        row = conn.execute(sa.select(u.name, u.role, u.disabled).where(u.name == name)).first()
    return User(row.name, row.role, row.disabled) if row else None


def _update(name: str, values: dict[str, object], event: str, by: str, url: str | None) -> None:
    with store.ready(url).begin() as conn:
        done = conn.execute(sa.update(store.users).where(store.users.c.name == name).values(**values)).rowcount
        if not done:
            raise KyrError(f"there is no user {name!r}")
        log(conn, by, event, name)


def disable(name: str, *, by: str = "kyr", url: str | None = None) -> None:
    _update(name, {"disabled": True}, "user-disable", by, url)


def enable(name: str, *, by: str = "kyr", url: str | None = None) -> None:
    _update(name, {"disabled": False, "failed_at": None, "locked_until": None}, "user-enable", by, url)


def set_password(name: str, password: str, *, by: str = "kyr", url: str | None = None) -> None:
    check_password(password)
    _update(name, {"password_hash": generate_password_hash(password, HASH_METHOD), "failed_at": None,
                   "locked_until": None}, "user-password", by, url)


def authenticate(name: str, password: str, url: str | None = None) -> User | None:
    """The user when the name and password match an enabled, unlocked account; None otherwise.

    Every failure is logged (never the password). The fifth failure within 15 minutes locks the
    account for 15 minutes, during which even the right password is refused.
    """
    u = store.users.c
    now = _now()
    with store.ready(url).begin() as conn:
        row = conn.execute(sa.select(u.id, u.name, u.role, u.password_hash, u.disabled, u.failed_at,
                                     u.locked_until).where(u.name == name[:64])).first()
        if row is None:
            check_password_hash(_DUMMY, password)
            # Not the name typed: it may be a password typed into the wrong box.
            log(conn, "-", "login-failed", "unknown user")
            return None
        if row.locked_until and row.locked_until > now:
            check_password_hash(_DUMMY, password)  # as long as any other refusal: a lock is not told apart
            log(conn, row.name, "login-failed", "locked")
            return None
        if row.disabled:
            check_password_hash(row.password_hash, password)
            log(conn, row.name, "login-failed", "disabled")
            return None
        if check_password_hash(row.password_hash, password):
            conn.execute(sa.update(store.users).where(u.id == row.id).values(failed_at=None, locked_until=None))
            log(conn, row.name, "login")
            return User(row.name, row.role, False)
        recent = [t for t in (row.failed_at or "").split() if dt.datetime.fromisoformat(t) > now - FAILURE_WINDOW]
        recent.append(now.isoformat())
        values: dict[str, object] = {"failed_at": " ".join(recent[-MAX_FAILURES:])}
        log(conn, row.name, "login-failed", "wrong password")
        if len(recent) >= MAX_FAILURES:
            values["locked_until"] = now + LOCK_TIME
            log(conn, row.name, "lock", f"{len(recent)} failed logins within 15 minutes")
        conn.execute(sa.update(store.users).where(u.id == row.id).values(**values))
        return None


def audit_log(limit: int = 200, url: str | None = None) -> list[dict[str, object]]:
    a = store.audit.c
    with store.reading(url) as conn:
        rows = conn.execute(sa.select(a.at, a.who, a.event, a.detail).order_by(a.id.desc()).limit(limit))
        return [dict(r._mapping) for r in rows]
