"""Load run of the web front end (a report, not a test): `make bench` runs it after the render figures.

Starts the production server (gunicorn, as `make run` does) on a loopback port and has 50 concurrent
clients, each on its own keep-alive connection, request filled bilingual consent forms (a POST with
the CSRF token, as a browser sends it) for 60 seconds. Two runs:

  paced       the 50 clients together send RATE requests a second, evenly spaced; latency is counted
              from when a request was due, so a slow server cannot hide its queue (no coordinated
              omission). Targets: zero errors, p95 under 150 ms, at least 100 PDFs a second.
  saturation  the same clients send their next request as soon as the last answer arrives: the
              most PDFs a second this machine serves. With 50 requests always in flight, latency
              is 50 divided by throughput (Little's law), so it is reported but not held to the target.

  recording   50 logged-in staff clients press "Download and record" (paced, RECORD_RATE a second) for
              60 seconds on the SQLite register: zero errors, and every answered request's entry is in the
              register exactly once (counted by its booking number's keyed hash).

The client is a few hundred lines of asyncio, not a thread per client, so it takes little of the
two cores the server needs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 50
FORM = "/en/documents/ice-interview-consent"
NAMES = ["Alex Example", "María José Peña", "张伟华", "陳美麗", "Juan dela Cruz", "Nguyễn Thị Hương", "김민준"]
LANGS = ["en", "es", "zh_Hans", "zh_Hant", "tl", "vi", "ko"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log: Path) -> subprocess.Popen:
    """gunicorn as `make run` starts it; its error log (never personal data) goes to `log`."""
    env = {**os.environ, "KYR_PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:web.gunicorn_conf", "--access-logfile", "/dev/null",
         "web:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


async def exchange(reader, writer, raw: bytes) -> tuple[bytes, bytes]:
    """Send one request on a connection; the response's head and body."""
    writer.write(raw)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
    return head, await reader.readexactly(length)


def cookie_in(head: bytes) -> str | None:
    found = re.search(rb"(?i)set-cookie:\s*([^;\r\n]+)", head)
    return found.group(1).decode() if found else None


async def request(reader, writer, raw: bytes) -> tuple[int, int, bool]:
    """Send one request on a connection; (status, body bytes, whether the server keeps it open)."""
    head, body = await exchange(reader, writer, raw)
    return int(head.split(b" ", 2)[1]), len(body), not re.search(rb"(?i)connection:\s*close", head)


async def form_page(port: int, cookie: str | None = None) -> tuple[bytes, str]:
    """The form page on a new connection: its head (a session cookie) and its CSRF token."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    sent = f"Cookie: {cookie}\r\n" if cookie else ""
    head, body = await exchange(reader, writer, f"GET {FORM} HTTP/1.1\r\nHost: localhost\r\n{sent}\r\n".encode())
    writer.close()
    return head, re.search(r'name="csrf_token" value="([^"]+)"', body.decode()).group(1)


async def session(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, str, str]:
    """A browser's first visit: the form page gives the session cookie and the CSRF token."""
    head, token = await form_page(port)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    return reader, writer, cookie_in(head), token  # type: ignore[return-value]


async def login_session(port: int, user: str, password: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter,
                                                                      str, str]:
    """A staff member's browser: log in, then the form page gives the new session's CSRF token."""
    reader, writer, cookie, token = await session(port)
    body = urllib.parse.urlencode({"csrf_token": token, "username": user, "password": password}).encode()
    head, _ = await exchange(reader, writer, (f"POST /en/login HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\n"
                                              "Content-Type: application/x-www-form-urlencoded\r\n"
                                              f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
    writer.close()
    if b" 302 " not in head.split(b"\r\n", 1)[0]:
        raise SystemExit(f"login failed: {head[:80]!r}")
    cookie = cookie_in(head) or cookie
    head, token = await form_page(port, cookie)
    cookie = cookie_in(head) or cookie  # the session now holds the token
    # No connection yet: logging 50 clients in takes seconds, and the server closes idle connections.
    return None, None, cookie, token  # type: ignore[return-value]


def post(cookie: str, token: str, i: int, action: str = "pdf") -> bytes:
    fields = {"csrf_token": token, "lang": LANGS[i % 7], "paper": "letter", "action": action,
              "name": NAMES[i % 7], "booking_number": f"EX-{i:06d}", "date": "2026-11-24",
              "officer": "Deputy Sample #0042"}
    body = urllib.parse.urlencode(fields).encode()
    head = (f"POST {FORM} HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def run(port: int, seconds: float, rate: float | None, record: bool = False) -> dict[str, float]:
    """50 clients for `seconds`; evenly paced at `rate` requests a second in all, or as fast as answered.

    With `record`, each client is a logged-in staff member pressing "Download and record".
    """
    if record:
        sessions = await asyncio.gather(*(login_session(port, LOAD_USER, LOAD_PASSWORD) for _ in range(CLIENTS)))
    else:
        sessions = await asyncio.gather(*(session(port) for _ in range(CLIENTS)))
    answered: list[int] = []
    latencies: list[float] = []
    errors = 0
    kinds: dict[str, int] = {}
    start = time.perf_counter() + 0.5
    end = start + seconds

    async def client(c: int) -> None:
        nonlocal errors
        reader, writer, cookie, token = sessions[c]
        k = 0
        while True:
            due = start + (k * CLIENTS + c) / rate if rate else time.perf_counter()
            if due >= end:
                break
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            number = k * CLIENTS + c + (RECORD_OFFSET if record else 0)
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                status, size, kept = await request(reader, writer,
                                                   post(cookie, token, number, "record" if record else "pdf"))
                ok = status == 200 and size > 10_000
                if ok and record:
                    answered.append(number)
                kind = f"HTTP {status}"
                if not kept:  # the server closes after each response: connect again, as a browser does
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
            except (OSError, asyncio.IncompleteReadError, AttributeError) as exc:
                ok = False
                kind = type(exc).__name__
                writer.close()
                reader, writer, cookie, token = await (login_session(port, LOAD_USER, LOAD_PASSWORD) if record
                                                       else session(port))
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
            if not ok:
                kinds[kind] = kinds.get(kind, 0) + 1
            latencies.append(time.perf_counter() - due)
            errors += not ok
            k += 1
        if writer is not None:
            writer.close()

    await asyncio.gather(*(client(c) for c in range(CLIENTS)))
    elapsed = min(time.perf_counter(), end + 10) - start
    q = statistics.quantiles(latencies, n=100)
    if record:
        RECORDED.extend(answered)
    return {"requests": len(latencies), "errors": errors, "error_kinds": kinds,
            "pdfs_per_s": round((len(latencies) - errors) / elapsed, 1),
            "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1)}


LOAD_USER, LOAD_PASSWORD = "loadtest", "load test password 0123"
RECORD_OFFSET = 10_000_000  # recorded booking numbers are apart from the plain runs' numbers
RECORDED: list[int] = []  # the booking numbers whose "download and record" was answered with a PDF


def check_register(data_dir: str) -> dict[str, int]:
    """Every answered recording is in the register exactly once (by its booking number's keyed hash)."""
    import sqlalchemy as sa

    from kyr.register import keys, store

    with store.engine().connect() as conn:
        hashes = list(conn.execute(sa.select(store.entries.c.booking_hash)).scalars())
    expected = {keys.booking_hash(f"EX-{n:06d}") for n in RECORDED}
    counts: dict[str, int] = {}
    for h in hashes:
        counts[h] = counts.get(h, 0) + 1
    return {"answered": len(RECORDED), "entries": len(hashes),
            "missing": len(expected - set(counts)), "twice": sum(1 for n in counts.values() if n > 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=120.0, help="requests a second in the paced run")
    parser.add_argument("--record-rate", type=float, default=60.0, help="recordings a second in the recording run")
    args = parser.parse_args()
    port = free_port()
    log = Path(tempfile.gettempdir()) / f"kyr-loadtest-{port}.log"
    data = tempfile.mkdtemp(prefix="kyr-loadtest-data-")
    os.environ.update(KYR_DATA_DIR=data, KYR_REGISTER_KEY="loadtest-key-0123456789")
    os.environ.pop("KYR_DATABASE_URL", None)
    from kyr.register import store, users

    store.upgrade()
    users.add(LOAD_USER, "staff", LOAD_PASSWORD)
    proc = start_server(port, log)
    try:
        asyncio.run(run(port, 3, args.rate))  # warm every worker: fonts, layouts
        paced = asyncio.run(run(port, args.seconds, args.rate))
        saturation = asyncio.run(run(port, min(args.seconds, 20), None))
        recording = asyncio.run(run(port, args.seconds, args.record_rate, record=True))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    register = check_register(data)
    recorded_ok = recording["errors"] == 0 and register["missing"] == 0 and register["twice"] == 0 \
        and register["entries"] == register["answered"]
    ok = paced["errors"] == 0 and paced["p95_ms"] < 150 and paced["pdfs_per_s"] >= 100
    print(f"paced at {args.rate:g}/s, {CLIENTS} clients, {args.seconds:g} s: {paced}  "
          f"(targets: 0 errors, p95 < 150 ms, >= 100 PDFs/s: {'ok' if ok else 'MISSED'})")
    print(f"saturation, {CLIENTS} clients: {saturation}")
    print(f"recording at {args.record_rate:g}/s, {CLIENTS} logged-in clients, {args.seconds:g} s: {recording}; "
          f"register {register}  (targets: 0 errors, every recording present once: "
          f"{'ok' if recorded_ok else 'MISSED'})")
    problems = [line for line in log.read_text(errors="replace").splitlines() if "ERROR" in line]
    if problems:
        print(f"server errors ({log}):", *problems[:10], sep="\n  ")
    print(json.dumps({"paced": paced, "saturation": saturation, "recording": recording, "register": register}))


if __name__ == "__main__":
    main()
