"""gunicorn's access log with every control character escaped, so a request cannot write a fake log line."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text: str) -> str:
    """'a\\r\\nb' -> 'a\\\\x0d\\\\x0ab': what was sent, visibly, on one line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class SafeLogger(Logger):
    """A decoded path such as /%0d%0a... reaches the log as \\x0d\\x0a, never as a line break."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        return {k: escape_controls(v) if isinstance(v, str) else v
                for k, v in super().atoms(resp, req, environ, request_time).items()}
