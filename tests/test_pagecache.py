"""The disk cache of drawn pages: a new process prints the same bytes from it, and it keeps no typed value."""

import subprocess
import sys
from pathlib import Path

import pytest

from kyr import pagecache, stamp
from kyr.catalogs import load_catalog
from kyr.render import prepare, render

KYR = Path(sys.executable).with_name("kyr")
SECRET = {"name": "Zyxwvut Qopnml", "booking_number": "ZQ-998877"}
VALUES = ["--field=date=2026-11-24", "--field=officer=Deputy 7", "--field=interpreter=Line 1"]


def entry(doc: str, lang: str, **kw) -> Path:
    prepared = prepare(doc, lang, **kw)
    return pagecache.folder() / f"{pagecache.key(prepared.key, prepared.doc)}.pickle"


def kyr_render(out: Path, lang: str, name: str) -> bytes:
    args = [str(KYR), "render", "ice-interview-consent", "--lang", lang, f"--field=name={name}",
            f"--field=booking_number={SECRET['booking_number']}", *VALUES, "-o", str(out)]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "page cache" not in done.stderr  # no entry was ignored
    return out.read_bytes()


# Chinese (a large subset), and scripts kyr shapes itself: Farsi (right to left), Khmer and Punjabi, whose
# fixed text has glyphs without a character of their own (kept under private code points).
@pytest.mark.parametrize("lang", ["zh_Hans", "fa", "km", "pa"])
def test_a_new_process_prints_the_same_bytes_from_the_cache(lang, tmp_path):
    kept = entry("ice-interview-consent", lang)
    kept.unlink(missing_ok=True)
    name = {"zh_Hans": "张伟华", "fa": "پریسا می\u200cخواهد", "km": "សុខ ចាន់ស្រីពៅ", "pa": "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ"}[lang]
    first = kyr_render(tmp_path / "first.pdf", lang, name)  # lays the page out, draws it and keeps it
    assert kept.exists()
    written = kept.stat().st_mtime_ns
    second = kyr_render(tmp_path / "second.pdf", lang, name)  # reads it back
    assert kept.stat().st_mtime_ns == written
    assert first == second


def test_shaped_pages_keep_private_codes_that_a_new_process_restores():
    snap = stamp.take(prepare("ice-interview-consent", "km"))
    private = [c for state in snap.font_states.values() for c in state.assignments if 0xE000 <= c <= 0xF8FF]
    assert private, "the Khmer page should use glyphs without characters (or this test exercises nothing)"


def test_the_cache_keeps_no_typed_value(tmp_path):
    kept = entry("ice-interview-consent", "es")
    kept.unlink(missing_ok=True)
    kyr_render(tmp_path / "a.pdf", "es", SECRET["name"])
    data = kept.read_bytes()
    for value in SECRET.values():
        for encoding in ("utf-8", "utf-16-be", "utf-16-le"):
            assert value.encode(encoding) not in data
        assert value.split()[0].encode() not in data


def test_a_damaged_entry_is_ignored_and_replaced(tmp_path, caplog):
    kept = entry("ice-interview-consent", "vi")
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_bytes(b"not a pickle")
    assert pagecache.load(kept.stem) is None
    assert not kept.exists()
    assert "unreadable" in caplog.text
    done = subprocess.run([str(KYR), "render", "ice-interview-consent", "--lang", "vi", "--blank", "-o",
                           str(tmp_path / "b.pdf")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert kept.exists()


def test_the_key_covers_what_the_page_depends_on(tmp_path):
    base = entry("ice-interview-consent", "es")
    assert entry("ice-interview-consent", "es", paper="a4") != base
    assert entry("ice-interview-consent", "ko") != base
    assert entry("ice-interview-consent", "es", bilingual=False) != base
    profile = tmp_path / "profile.toml"
    example = (Path(pagecache.__file__).parent / "profiles" / "example.toml").read_text(encoding="utf-8")
    profile.write_text(example.replace("Example County Sheriff's Office", "Other County Sheriff"), encoding="utf-8")
    assert entry("ice-interview-consent", "es", profile=profile) != base
    assert entry("ice-interview-consent", "es") == base


def test_a_translators_upload_is_never_kept_on_disk():
    prepared = prepare("ice-interview-consent", "es", catalog=load_catalog("es"))
    assert not prepared.keep_on_disk
    assert prepare("ice-interview-consent", "es").keep_on_disk


def test_the_cache_stays_bounded(tmp_path, monkeypatch):
    monkeypatch.setenv("KYR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(pagecache, "MAX_FILES", 3)
    folder = pagecache.folder()
    folder.mkdir(parents=True)
    for i in range(5):
        (folder / f"old{i}.pickle").write_bytes(b"x")
    snap = stamp.take(prepare("ice-interview-consent", "en"))
    pagecache.store("new", snap)
    assert len(list(folder.glob("*.pickle"))) == 3 and (folder / "new.pickle").exists()
    assert render("ice-interview-consent", "en", blank=True)
