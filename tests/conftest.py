"""Shared fixtures: the PDF tools from poppler-utils and qpdf, and sample values in every script."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

# Names typed by staff, one per script the registry covers (all invented).
SAMPLE_NAMES = {
    "en": "Alex Example",
    "es": "María José Peña Núñez",
    "zh_Hans": "张伟华",
    "zh_Hant": "陳美麗",
    "tl": "Juan dela Cruz",
    "vi": "Nguyễn Thị Hương",
    "ko": "김민준",
    "ru": "Иван Петров",
    "ja": "山田花子",
    "hmn": "Nplooj Xyooj",
    "hy": "Անի Պետրոսյան",
    "fa": "پریسا می\u200cخواهد",
    "ar": "محمد رضا شجریان",
    "pa": "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ",
    "km": "សុខ ចាន់ស្រីពៅ",
}
SAMPLE_VALUES = {
    "booking_number": "EX-2026-000123",
    "date": "2026-11-24",
    "time": "14:30",
    "officer": "Deputy Sample #0042",
    "interpreter": "Language line 7781",
}

# The case each notice is printed for in the golden texts: the usual California answer to DHS form I-247A
# (no hold, but the release date goes to ICE), and a release date told to ICE, copied to an attorney.
SAMPLE_CASE = {
    "detainer": "decline",
    "notification": "comply",
    "notification_basis": "PC 245(a)(1), 2019",
    "date_received": "2026-11-20",
    "release_date": "2026-12-01",
    "release_time": "09:00",
    "told_date": "2026-11-23",
    "told_time": "16:15",
    "recipient": "attorney",
    "designee_name": "Sam Counsel",
    "designee_contact": "(555) 010-0444",
}



def golden_values(doc, lang: str) -> dict[str, str]:
    """The values a document is filled with for its golden text (tests/golden, `make golden`)."""
    sample = {"name": SAMPLE_NAMES[lang], **SAMPLE_VALUES, **SAMPLE_CASE}
    return {k: v for k, v in sample.items() if k in doc.fields}


TOOLS = ("pdftotext", "pdffonts", "qpdf", "pdfinfo", "pdftoppm", "zbarimg")


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed: run `make system-deps` (poppler-utils, qpdf)")
    return path


def pdftotext(pdf: Path) -> str:
    out = subprocess.run(
        [_require("pdftotext"), "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    )
    # Poppler wraps right-to-left words in embedding controls of its own; kyr never prints those.
    text = "".join(ch for ch in out.stdout.decode("utf-8") if not 0x202A <= ord(ch) <= 0x202E)
    return unicodedata.normalize("NFC", text)


def pdffonts(pdf: Path) -> list[dict[str, str]]:
    out = subprocess.run([_require("pdffonts"), str(pdf)], capture_output=True, check=True, text=True)
    rows = []
    for line in out.stdout.splitlines()[2:]:
        parts = line.split()
        # name type... encoding emb sub uni object ID: read the yes/no columns from the right.
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def qpdf_check(pdf: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_require("qpdf"), "--check", str(pdf)], capture_output=True, text=True)


def page_count(pdf: Path) -> int:
    out = subprocess.run([_require("pdfinfo"), str(pdf)], capture_output=True, check=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))


# Chinese and Japanese, and Khmer (which breaks lines at zero-width spaces between words).
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u1780-\u17ff"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}]) | (?=[{_CJK}])")
# Poppler spaces punctuation apart from a right-to-left (or shaped) word drawn as a span of its own.
_SPACE_BY_PUNCT = re.compile(r" (?=[.,:;!?\u060c\u061b\u061f\u0964)\]»])|(?<=[(\[«]) ")


# Zero-width spaces and direction marks; and Arabic vowel marks, which pdftotext may move to the start
# of the word they end (a known limit of its reordering, README "Shaping and right to left").
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u064b-\u065f\u0670]")


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces; none beside Chinese characters, where a line break
    inside a sentence is not a space, nor before a full stop or comma or inside brackets. Korean
    keeps its spaces: it breaks lines between words."""
    collapsed = " ".join(_INVISIBLE.sub("", unicodedata.normalize("NFC", text)).split())
    return _SPACE_BY_PUNCT.sub("", _SPACE_BY_CJK.sub("", collapsed))


def squash(text: str) -> str:
    """Text without any whitespace: line breaks fall between CJK characters with no space."""
    return re.sub(r"[\s\u200b]+", "", unicodedata.normalize("NFC", text))


@pytest.fixture(scope="session", autouse=True)
def _fonts_ready() -> None:
    """Cut the fonts once for the session (a no-op when the cache is warm)."""
    from kyr import fonts

    fonts.prepare()


def qr_codes(pdf: Path, dpi: int = 150) -> list[str]:
    """The QR codes a phone would read off the printed page."""
    png = pdf.with_suffix(".qr.png")
    try:
        subprocess.run(
            [_require("pdftoppm"), "-r", str(dpi), "-png", "-singlefile", str(pdf), str(png.with_suffix(""))],
            capture_output=True,
            check=True,
        )
        out = subprocess.run([_require("zbarimg"), "-q", "--raw", str(png)], capture_output=True)
    finally:
        png.unlink(missing_ok=True)
    return [line for line in out.stdout.decode().splitlines() if line]


# -- the register's databases --------------------------------------------------------------------


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL for the session: initdb in a temporary folder, listening on a Unix socket only.

    Skipped where PostgreSQL is not installed, except when KYR_REQUIRE_POSTGRES is set (CI), where
    that is a failure. As root, the server runs as the `postgres` user (it refuses to run as root).
    """
    import os
    import shutil

    bin_dir = _pg_bin()
    if bin_dir is None:
        message = "PostgreSQL is not installed (Debian package postgresql)"
        if os.environ.get("KYR_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL tests required but cannot run: {message}", pytrace=False)
        pytest.skip(message)
    import tempfile

    # Not under pytest's temporary folder: that is private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="kyr-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        base.chmod(0o700)
    run = lambda *args: subprocess.run([*as_user, *args], check=True, capture_output=True)  # noqa: E731
    run(str(bin_dir / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres", "--encoding=UTF8")
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "server.log"), "-o",
        f"-k {sock} -c listen_addresses='' -c fsync=off", "start")
    try:
        run(str(bin_dir / "createdb"), "-h", str(sock), "-U", "postgres", "kyr")
        yield f"postgresql+psycopg://postgres@/kyr?host={sock}", data, base / "server.log"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def register_db(request, tmp_path, monkeypatch):
    """An empty, upgraded register on SQLite (in KYR_DATA_DIR) or on the session's PostgreSQL.

    Yields (url, files): the files that hold its data (searched for personal data by the tests).
    """
    import sqlalchemy as sa

    from kyr.register import store

    monkeypatch.setenv("KYR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("KYR_REGISTER_KEY", "test-key-0123456789abcdef")
    if request.param == "sqlite":
        monkeypatch.delenv("KYR_DATABASE_URL", raising=False)
        url = store.database_url()
        store.upgrade(url)
        yield url, lambda: list((tmp_path / "data").glob("register.sqlite3*"))
        store.engine(url).dispose()
        return
    pg_url, pg_data, pg_log = request.getfixturevalue("postgres_url")
    monkeypatch.setenv("KYR_DATABASE_URL", pg_url)
    store.upgrade(pg_url)
    with store.engine(pg_url).begin() as conn:
        conn.execute(sa.text("TRUNCATE entries, entry_actions, entry_history RESTART IDENTITY CASCADE"))

    def files() -> list[Path]:
        with store.engine(pg_url).connect() as conn:  # flush the WAL and pages to the files searched
            conn.execute(sa.text("CHECKPOINT"))
        return [p for p in pg_data.rglob("*") if p.is_file()] + [pg_log]

    yield pg_url, files
