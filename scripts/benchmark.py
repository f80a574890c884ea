"""Speed and size figures for kyr (a report, not a test): run with `make bench`.

Consent form, filled, bilingual English + Simplified Chinese, Letter:
  warm             median time of render() in a process that has rendered it before    target <= 15 ms
  cold             wall time of `kyr render ... -o FILE` as a new process, fonts cut and the drawn
                   page in the disk cache (kyr.pagecache)                                target <= 0.6 s
  cold_uncached    the same with the page's cache entry removed first                    target <= 0.6 s
  size             bytes of the PDF                                                      target <= 66 KB

Roster batch, 1,000 rows in the seven languages, into one PDF (`kyr batch` as a new process), and
3,000 rows to see what more pages cost:
  batch_s          wall time (1,000 rows)                                                target <= 3 s
  batch_rss_mb     peak memory of that process                                           target < 300 MB
  batch_growth_mb  how much the peak grows per 1,000 more pages                          target <= 2 MB
  page_kb          bytes each extra page adds once its language is in the file          target <= 0.7 KB

The same over all fifteen languages, each row's name in its own script (Arabic, Farsi, Punjabi and
Khmer shaped, Arabic and Farsi right to left): mixed_s, mixed_rss_mb, mixed_growth_mb, mixed_page_kb,
same targets.

Recording (the register on SQLite, in a temporary data folder): record_per_s, filled consent forms
rendered and recorded one transaction each, per second, in one process             target >= 50

Against plain ReportLab setting the same page's text in the same fonts (scripts/baseline.py, in the
same run, since this machine is shared and noisy): warm_ratio and cold_ratio (issue 14's targets:
0.15x warm, 1.0x cold).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kyr import fonts
from kyr.render import render

DOC = "ice-interview-consent"
VALUES = {
    "name": "张伟华",
    "booking_number": "EX-2026-000123",
    "date": "2026-11-24",
    "officer": "Deputy Sample #0042",
    "interpreter": "Language line 7781",
}
# size: 66 KB since typed values' glyphs get font subsets of their own (issue 14), so that the fixed text's
# subsets are made once and reused (about 3 KB more per PDF, 40% less time), and since the fixed operators
# are compressed once in pieces rather than with the values in one stream (about 1.4 KB more, 15% less time).
TARGETS = {"warm_ms": 15.0, "cold_s": 0.6, "cold_uncached_s": 0.6, "size_kb": 66.0, "batch_s": 3.0,
           "batch_rss_mb": 300.0, "batch_growth_mb": 2.0, "page_kb": 0.7, "mixed_s": 3.0, "mixed_rss_mb": 300.0,
           "mixed_growth_mb": 2.0, "mixed_page_kb": 0.7}
SEVEN = {"en": "Alex Example", "es": "María José Peña", "zh_Hans": "张伟华", "zh_Hant": "陳美麗",
         "tl": "Juan dela Cruz", "vi": "Nguyễn Thị Hương", "ko": "김민준"}
FIFTEEN = {**SEVEN, "ru": "Анна Петрова", "ja": "山田 太郎", "hmn": "Paj Yaj", "hy": "Հովհաննես Պետրոսյան",
           "fa": "پریسا می\u200cخواهد", "ar": "محمد رضا شجریان", "pa": "ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "km": "សុខ ចាន់ស្រីពៅ"}


def warm(n: int = 60) -> tuple[float, int]:
    data = render(DOC, "zh_Hans", values=VALUES)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        data = render(DOC, "zh_Hans", values=VALUES)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, len(data)


def cold(n: int = 7) -> tuple[float, float]:
    """Wall time of `kyr render` as a new process: the median once the drawn page is in the disk cache
    (kyr.pagecache: the usual case), and the median with its entry removed first (the first print after
    an install, a catalog or profile change)."""
    from kyr import pagecache
    from kyr.render import prepare

    kyr = Path(sys.executable).with_name("kyr")
    args = [f"--field={k}={v}" for k, v in VALUES.items()]
    prepared = prepare(DOC, "zh_Hans")
    entry = pagecache.folder() / f"{pagecache.key(prepared.key, prepared.doc)}.pickle"
    cached, uncached = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(2 * n):
            if i % 2:
                entry.unlink(missing_ok=True)
            t0 = time.perf_counter()
            subprocess.run(
                [str(kyr), "render", DOC, "--lang", "zh_Hans", *args, "-o", os.path.join(tmp, "f.pdf")], check=True
            )
            (uncached if i % 2 else cached).append(time.perf_counter() - t0)
    return statistics.median(cached[1:]), statistics.median(uncached)


def write_roster(path: Path, rows: int, names: dict[str, str]) -> None:
    langs = list(names)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("name,booking_number,language,date,officer\n")
        for i in range(rows):
            lang = langs[i % len(langs)]
            fh.write(f"{names[lang]},EX-{i:06d},{lang},2026-11-24,Deputy {i % 50}\n")


# Runs one command and prints its own peak RSS (so each batch is measured apart from the others).
_MEASURED = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def batch(names: dict[str, str], rows: int = 1000) -> tuple[float, float, float, float]:
    """`kyr batch` as a process, for `rows` rows and three times as many: the wall time and peak RSS of the
    first, the bytes an extra page adds and how much the peak grows per 1,000 pages."""
    kyr = Path(sys.executable).with_name("kyr")
    sizes, rss_kb, elapsed = {}, {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (rows, 3 * rows):
            roster, out = Path(tmp) / f"r{n}.csv", Path(tmp) / f"o{n}.pdf"
            write_roster(roster, n, names)
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", _MEASURED, str(kyr), "batch", DOC, "--roster", str(roster),
                                   "--lang-column", "language", "-o", str(out)], check=True, capture_output=True,
                                  text=True)
            elapsed[n] = time.perf_counter() - t0
            rss_kb[n] = int(done.stdout.split()[-1])
            sizes[n] = out.stat().st_size
    extra = 2 * rows  # pages: the consent form is one page a row
    per_page = (sizes[3 * rows] - sizes[rows]) / extra
    growth_mb = (rss_kb[3 * rows] - rss_kb[rows]) / 1024 / extra * 1000
    return elapsed[rows], rss_kb[rows] / 1024, per_page, growth_mb


def record(n: int = 300) -> float:
    """Consent forms rendered and recorded (each its own transaction, as `kyr render --record`) per second."""
    from kyr.register import store
    from kyr.register.service import render_recorded

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/register.sqlite3"
        os.environ["KYR_REGISTER_KEY"] = "benchmark-key-0123456789"
        store.upgrade(url)
        render_recorded(DOC, "zh_Hans", values=VALUES, served_by="bench", url=url)
        t0 = time.perf_counter()
        for i in range(n):
            render_recorded(DOC, "zh_Hans", values={**VALUES, "booking_number": f"EX-{i}"}, served_by="bench", url=url)
        elapsed = time.perf_counter() - t0
        store.engine(url).dispose()
    return n / elapsed


def baseline_texts(path: Path) -> None:
    """The benchmark form's texts (Simplified Chinese beside English) and font files, for scripts/baseline.py."""
    from kyr.catalogs import Translator, load_catalog
    from kyr.documents import get_document

    doc = get_document(DOC)
    t = Translator(load_catalog("zh_Hans"))
    pairs = [(t(m), m.msgid) for m in doc.messages if m is not doc.title and m is not doc.summary]
    files = {name: str(fonts.cached_path(family, weight)) for name, family, weight in
             (("Own", "NotoSansSC", "regular"), ("Own-Bold", "NotoSansSC", "bold"), ("Latin", "NotoSans", "regular"))}
    path.write_text(json.dumps({"title": [t(doc.title), doc.title.msgid], "pairs": pairs, "fonts": files}),
                    encoding="utf-8")


def baseline() -> tuple[float, float]:
    """Plain ReportLab drawing the same page's text: warm median ms in one process, and a cold process's seconds."""
    script = Path(__file__).with_name("baseline.py")
    with tempfile.TemporaryDirectory() as tmp:
        texts, out = Path(tmp) / "texts.json", Path(tmp) / "base.pdf"
        baseline_texts(texts)
        warm_run = subprocess.run([sys.executable, str(script), str(texts), str(out), "60"], check=True,
                                  capture_output=True, text=True)
        times = []
        for _ in range(7):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, str(script), str(texts), str(out)], check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
    return float(warm_run.stdout.strip()), statistics.median(times)


def main() -> None:
    fonts.prepare()
    # Bytecode for kyr's modules, as an installed kyr has (pip compiles on install); without it (when
    # PYTHONDONTWRITEBYTECODE is set, as on the development machine) each new process compiles them again.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).parents[1] / "kyr")], check=True)
    warm_ms, size = warm()
    cold_s, cold_uncached_s = cold()
    batch_s, rss_mb, per_page, growth = batch(SEVEN)
    mixed_s, mixed_rss, mixed_page, mixed_growth = batch(FIFTEEN)
    result = {"warm_ms": round(warm_ms, 2), "cold_s": round(cold_s, 3), "cold_uncached_s": round(cold_uncached_s, 3),
              "size_kb": round(size / 1024, 1), "batch_s": round(batch_s, 2), "batch_rss_mb": round(rss_mb, 1),
              "batch_growth_mb": round(growth, 2), "page_kb": round(per_page / 1024, 2), "mixed_s": round(mixed_s, 2),
              "mixed_rss_mb": round(mixed_rss, 1), "mixed_growth_mb": round(mixed_growth, 2),
              "mixed_page_kb": round(mixed_page / 1024, 2)}
    for key, value in result.items():
        verdict = "ok" if value <= TARGETS[key] else "OVER TARGET"
        print(f"{key:15} {value:>8}   target <= {TARGETS[key]:<6} {verdict}")
    base_warm, base_cold = baseline()
    warm_ratio, cold_ratio = warm_ms / base_warm, cold_s / base_cold
    print(f"plain ReportLab, same page: warm {base_warm:.2f} ms, cold {base_cold:.3f} s; kyr/ReportLab: "
          f"warm {warm_ratio:.2f}x (target 0.15x: {'ok' if warm_ratio <= 0.15 else 'OVER TARGET'}), "
          f"cold {cold_ratio:.2f}x (target 1.0x: {'ok' if cold_ratio <= 1.0 else 'OVER TARGET'}; "
          f"{cold_uncached_s / base_cold:.2f}x before the page is in the disk cache)")
    result.update(rl_warm_ms=round(base_warm, 2), rl_cold_s=round(base_cold, 3),
                  warm_ratio=round(warm_ratio, 3), cold_ratio=round(cold_ratio, 3))
    per_s = round(record(), 1)
    print(f"record_per_s {per_s:>8}   target >= 50     {'ok' if per_s >= 50 else 'UNDER TARGET'}")
    result["record_per_s"] = per_s
    print(json.dumps(result))


if __name__ == "__main__":
    main()
