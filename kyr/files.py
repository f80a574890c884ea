"""Atomic file writes: a file is replaced only once its new content is completely on disk."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from kyr.errors import KyrError


def cache_dir() -> Path:
    """Where kyr keeps what it makes once (cut fonts, drawn pages, parsed catalogs): $KYR_CACHE_DIR, else
    $XDG_CACHE_HOME/kyr, else ~/.cache/kyr. Never personal data."""
    base = os.environ.get("KYR_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kyr"


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    _produce_atomic(path, lambda fh: fh.write(data), mode)


def _produce_atomic(path: Path, produce: Callable[[BinaryIO], object], mode: int = 0o644) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            produce(fh)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(target: str | os.PathLike[str] | BinaryIO, data: bytes) -> None:
    """Write bytes to a file object, or atomically to a path; a KyrError says why a path cannot be written."""
    produce_output(target, lambda fh: fh.write(data))


def produce_output(target: str | os.PathLike[str] | BinaryIO | None,
                   produce: Callable[[BinaryIO], object]) -> bytes | None:
    """Let `produce` write to the target: a file object as is, a path atomically, None into bytes returned."""
    if target is None:
        buf = io.BytesIO()
        produce(buf)
        return buf.getvalue()
    if hasattr(target, "write"):
        produce(target)  # type: ignore[arg-type]
        return None
    path = Path(target)  # type: ignore[arg-type]
    try:
        _produce_atomic(path, produce)
    except OSError as exc:
        raise KyrError(f"cannot write {path}: {exc.strerror or exc}") from None
    return None
