"""Atomic file writes: a file is replaced only once its new content is completely on disk."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from kyr.errors import KyrError


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(target: str | os.PathLike[str] | BinaryIO, data: bytes) -> None:
    """Write bytes to a file object, or atomically to a path; a KyrError says why a path cannot be written."""
    if hasattr(target, "write"):
        target.write(data)  # type: ignore[union-attr]
        return
    path = Path(target)  # type: ignore[arg-type]
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise KyrError(f"cannot write {path}: {exc.strerror or exc}") from None
