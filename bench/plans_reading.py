"""Time reading each sample plan: its text as it is, and the same plan as a .docx and as a PDF.

Usage: .venv/bin/python bench/plans_reading.py [--repeat 20]
Needs no database. Prints the median of the repeats per sample and input; asserts nothing.
"""

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the PDF writer lives with the tests, which are not installed

from portal.plans.documents import document_text  # noqa: E402
from portal.plans.reading import read_plan  # noqa: E402
from tests.plans.pdf import make_pdf  # noqa: E402

SAMPLES = ROOT / "portal" / "demo" / "samples"


def as_docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        if line.strip():
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def median_ms(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(f"{'sample':<28} {'chars':>6} {'tasks':>5} {'duties':>6} {'text ms':>8} {'docx ms':>8} {'pdf ms':>8}")
    for path in sorted(SAMPLES.glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        docx_bytes, pdf_bytes = as_docx(text), make_pdf(text.split("\n"))
        plan = read_plan(text)
        text_ms = median_ms(lambda text=text: read_plan(text), args.repeat)
        docx_ms = median_ms(lambda data=docx_bytes: read_plan(document_text(data)), args.repeat)
        pdf_ms = median_ms(lambda data=pdf_bytes: read_plan(document_text(data)), args.repeat)
        tasks = sum(1 for _ in plan.all_tasks())
        print(
            f"{path.name:<28} {len(text):>6} {tasks:>5} {len(plan.report_duties):>6} "
            f"{text_ms:>8.1f} {docx_ms:>8.1f} {pdf_ms:>8.1f}"
        )


if __name__ == "__main__":
    main()
