"""Speed and size figures for kyr (a report, not a test): run with `make bench`.

Consent form, filled, bilingual English + Simplified Chinese, Letter:
  warm   median time of render() in a process that has rendered it before   target <= 15 ms
  cold   wall time of `kyr render ... -o FILE` as a new process, fonts cached  target <= 0.6 s
  size   bytes of the PDF                                                      target <= 60 KB
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
TARGETS = {"warm_ms": 15.0, "cold_s": 0.6, "size_kb": 60.0}


def warm(n: int = 60) -> tuple[float, int]:
    data = render(DOC, "zh_Hans", values=VALUES)
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        data = render(DOC, "zh_Hans", values=VALUES)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, len(data)


def cold(n: int = 7) -> float:
    kyr = Path(sys.executable).with_name("kyr")
    args = [f"--field={k}={v}" for k, v in VALUES.items()]
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(n):
            t0 = time.perf_counter()
            subprocess.run(
                [str(kyr), "render", DOC, "--lang", "zh_Hans", *args, "-o", os.path.join(tmp, "f.pdf")], check=True
            )
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    fonts.prepare()
    warm_ms, size = warm()
    cold_s = cold()
    result = {"warm_ms": round(warm_ms, 2), "cold_s": round(cold_s, 3), "size_kb": round(size / 1024, 1)}
    for key, value in result.items():
        verdict = "ok" if value <= TARGETS[key] else "OVER TARGET"
        print(f"{key:8} {value:>8}   target <= {TARGETS[key]:<6} {verdict}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
