"""Benchmark of `fudao ingest`: the corpus into a fresh SQLite store, and a generated ~50-page PDF.

Run: .venv/bin/python bench/ingest.py [--corpus ../shared/corpus] [--pages 50]
Prints text MB/s and seconds for the corpus (with and without the receivers of other steps,
e.g. the search index build) and pages/s for reading and ingesting the PDF.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FONTS = ["/usr/share/fonts/truetype/arphic/uming.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"]
PARAGRAPH = (
    "為協助中小企業導入數位工具，本署辦理示範輔導計畫，補助顧問診斷與設備導入，"
    "每家最高補助新臺幣 30 萬元，申請期間自民國 115 年 3 月 1 日起至 6 月 30 日止，"
    "洽詢專線 (02)2345-6789 分機 101。"
)


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="fudao-bench-"))
    os.environ["FUDAO_DB"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["FUDAO_DATA_DIR"] = str(workdir / "data")
    from fudao import bootstrap

    bootstrap.setup()
    if args.corpus.is_dir():
        bench_corpus(args.corpus)
    else:
        print(f"corpus not found at {args.corpus}; skipped")
    bench_pdf(workdir, args.pages)


@contextmanager
def receivers_off() -> Any:
    """Disconnect the other steps' receivers of the ingest signals (measures the ingest alone)."""
    from fudao.documents.signals import ingest_finished, version_stored

    saved = {signal: signal.receivers for signal in (version_stored, ingest_finished)}
    for signal in saved:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved.items():
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()


def _clear_store() -> None:
    from fudao.documents.models import Document

    Document.objects.all().delete()


def bench_corpus(corpus: Path) -> None:
    """Time the corpus ingest into the empty store, without and with receivers."""
    from fudao.documents.pipeline import parse_document
    from fudao.documents.services import collect_paths, ingest_paths

    files = collect_paths([corpus])
    size_mb = sum(len(f.read_text(encoding="utf-8").encode("utf-8")) for f in files) / 1e6
    start = time.perf_counter()
    for path in files:
        parse_document(path, path.read_bytes())
    parse_s = time.perf_counter() - start
    print(f"corpus: {len(files)} files, {size_mb:.2f} MB of text")
    print(f"  parse only (read+repair+sections+passages+values): {parse_s:.2f} s, {size_mb / parse_s:.2f} MB/s")
    with receivers_off():
        start = time.perf_counter()
        ingest_paths([corpus])
        alone = time.perf_counter() - start
    print(f"  ingest into store, no receivers: {alone:.2f} s, {size_mb / alone:.2f} MB/s")
    _clear_store()
    start = time.perf_counter()
    report = ingest_paths([corpus])
    full = time.perf_counter() - start
    print(f"  ingest with all receivers (search, catalogue, …): {full:.2f} s, {size_mb / full:.2f} MB/s")
    start = time.perf_counter()
    ingest_paths([corpus])
    again = time.perf_counter() - start
    totals = report.totals()
    print(f"  re-ingest (unchanged): {again:.2f} s; {totals['sections']} sections, {totals['passages']} passages")


def bench_pdf(workdir: Path, pages: int) -> None:
    """Generate a CJK PDF of `pages` pages and time reading and ingesting it."""
    font = next((f for f in FONTS if Path(f).exists()), None)
    if font is None:
        print("no CJK font (Debian fonts-arphic-uming); PDF benchmark skipped")
        return
    from fpdf import FPDF

    from fudao.documents.pipeline import parse_document
    from fudao.documents.services import ingest_paths

    pdf = FPDF()
    pdf.add_font("cjk", fname=font)
    pdf.set_font("cjk", size=11)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 8, "示範計畫作業須知", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 8, f"{_han(page)}、第 {page} 章", new_x="LMARGIN", new_y="NEXT")
        for _ in range(6):
            pdf.multi_cell(0, 7, PARAGRAPH, new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 8, f"- {page} -", new_x="LMARGIN", new_y="NEXT")
    path = workdir / "bench.pdf"
    pdf.output(str(path))
    data = path.read_bytes()
    start = time.perf_counter()
    parse_document(path, data)
    parse_s = time.perf_counter() - start
    with receivers_off():
        start = time.perf_counter()
        ingest_paths([path])
        ingest_s = time.perf_counter() - start
    print(f"pdf: {pages} pages, {len(data) / 1e6:.2f} MB")
    print(f"  parse: {parse_s:.2f} s, {pages / parse_s:.1f} pages/s; ingest (no receivers): {ingest_s:.2f} s, "
          f"{pages / ingest_s:.1f} pages/s")


def _han(number: int) -> str:
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones else "")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
