"""Rewrite tests/golden/*.txt from what pdftotext reads back; review `git diff tests/golden` before committing."""

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from conftest import golden_values, pdftotext  # noqa: E402
from kyr.documents import all_documents  # noqa: E402
from kyr.languages import LANGUAGES  # noqa: E402
from kyr.render import render  # noqa: E402

GOLDEN = Path(__file__).parent / "golden"


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for doc in all_documents().values():
            for lang in LANGUAGES:
                for paper in ("letter", "a4"):
                    pdf = Path(tmp) / "doc.pdf"
                    render(doc, lang, values=golden_values(doc, lang), paper=paper, target=pdf)
                    out = GOLDEN / f"{doc.id}.{lang}.{paper}.txt"
                    out.write_text(pdftotext(pdf), encoding="utf-8")
                    print(out)
    subprocess.run(["git", "--no-pager", "diff", "--stat", "--", str(GOLDEN)], check=False)


if __name__ == "__main__":
    main()
