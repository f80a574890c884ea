"""Booking numbers as keyed hashes: HMAC-SHA256 with the deployment's secret, never the number itself."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat

from kyr.errors import KyrError
from kyr.register.store import data_dir

KEY_FILE = "register.key"


def secret() -> bytes:
    """$KYR_REGISTER_KEY, else a random key made once in the data folder, readable by its owner only."""
    given = os.environ.get("KYR_REGISTER_KEY")
    if given:
        if len(given) < 16:
            raise KyrError("KYR_REGISTER_KEY is too short: give at least 16 characters (32 random bytes is best)")
        return given.encode()
    path = data_dir() / KEY_FILE
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return _read(path)
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32) + "\n")
    return _read(path)


def _read(path) -> bytes:  # type: ignore[no-untyped-def]
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KyrError(f"{path} can be read by other users: `chmod 600 {path}` (it protects the booking numbers)")
    text = path.read_text(encoding="ascii").strip()
    if len(text) < 32:
        raise KyrError(f"{path} does not hold a key (delete it to make a new one; old entries then no longer link)")
    return text.encode()


def booking_hash(number: str) -> str | None:
    """The keyed hash of a booking number, the same however it was spaced or cased; None when empty."""
    canonical = " ".join(number.split()).casefold()
    if not canonical:
        return None
    return hmac.new(secret(), canonical.encode(), hashlib.sha256).hexdigest()
