"""What gunicorn itself writes: the access log (control characters escaped, so a request cannot write a
fake log line) and the error responses it sends before the app sees a request (a 414 for a request
line too long, a 400 for a malformed one), which carry the app's security headers too."""

from __future__ import annotations

import html
import re
from typing import Any

from gunicorn import util
from gunicorn.glogging import Logger

from web.security import HEADERS

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escape_controls(text: str) -> str:
    """'a\\r\\nb' -> 'a\\\\x0d\\\\x0ab': what was sent, visibly, on one line."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class SafeLogger(Logger):
    """A decoded path such as /%0d%0a... reaches the log as \\x0d\\x0a, never as a line break."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        return {k: escape_controls(v) if isinstance(v, str) else v
                for k, v in super().atoms(resp, req, environ, request_time).items()}


def write_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's error response, with the security headers and no-store (it echoes nothing of the request)."""
    body = (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(reason)}</title>"
            f"</head><body><h1>{status_int} {html.escape(reason)}</h1></body></html>").encode()
    head = [f"HTTP/1.1 {status_int} {reason}", "Connection: close", "Content-Type: text/html; charset=utf-8",
            f"Content-Length: {len(body)}", "Cache-Control: no-store", *(f"{k}: {v}" for k, v in HEADERS.items())]
    util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


def install() -> None:
    """Make gunicorn's workers send write_error (gunicorn looks the function up in its util module)."""
    util.write_error = write_error
