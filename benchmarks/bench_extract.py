"""Benchmark document text extraction and OCR (a script, not a test).

    . .venv/bin/activate
    python benchmarks/bench_extract.py                 # speed: text layers, then OCR
    python benchmarks/bench_extract.py --quality       # also: OCR accuracy of the options

1. Text-layer PDFs (the committed fixtures in tests/fixtures/docs, each read ``--repeat`` times):
   documents/second of ``crawler.doctext.extract_text`` (metadata, cleaning, OCR decision) against
   a baseline of raw pypdfium2 text extraction without cleaning.  Fixtures whose text layer has
   fewer than ``OCR_MIN_THAI_LETTERS`` Thai letters are OCR-checked by ``extract_text``: their rows
   say so, and the totals are given with and without them.
2. OCR: pages/second of Tesseract on the scanned fixture rendered at 300 dpi, with
   ``OMP_THREAD_LIMIT=1`` and with the variable unset, one page at a time, side by side; and with
   ``OMP_THREAD_LIMIT=1`` and one page per CPU at a time (how the extractor pool runs it).
3. ``--quality``: character error rate (``match_key`` form, see tests/test_ocr.py) of the scanned
   fixture and the poster for Tesseract page segmentation modes 3/4/6, preprocessing (none, Otsu
   binarisation, deskew), the word-confidence cut-off and the noise-line filter.

Needs the project's dependencies only (and Tesseract with the Thai model for parts 2-3).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "tests" / "fixtures" / "docs"
TEXT_LAYER_FIXTURES = ["thai_report.pdf", "pua_text.pdf", "encrypted_owner.pdf", "many_pages.pdf"]
SCAN = "scanned_nogift.pdf"
POSTER = "nogift_poster.jpg"


def _fixture_text():
    spec = importlib.util.spec_from_file_location("fixture_text", DOCS / "fixture_text.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def raw_pypdfium2(body: bytes, max_pages: int = 20) -> str:
    """Baseline: open, read each page's text, no metadata, no cleaning, no OCR decision."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(body)
    try:
        n = len(pdf)
        indices = list(range(n)) if n <= max_pages else list(range(max_pages - 1)) + [n - 1]
        parts = []
        for i in indices:
            page = pdf[i]
            tp = page.get_textpage()
            parts.append(tp.get_text_bounded())
            tp.close()
            page.close()
        return "\n".join(parts)
    finally:
        pdf.close()


def _rate(fn, body: bytes, repeat: int) -> float:
    fn(body)  # warm-up: imports, pythainlp tables
    t0 = time.perf_counter()
    for _ in range(repeat):
        fn(body)
    return repeat / (time.perf_counter() - t0)


def bench_text_layers(repeat: int) -> None:
    from crawler.doctext import extract_text

    print(f"\n## Text-layer PDFs: documents/second, {repeat} reads each (one process)\n")
    print("| fixture | pages | raw pypdfium2 | extract_text | extract_text source |")
    print("|---|---|---|---|---|")
    tot = {"raw": [0.0, 0], "ext": [0.0, 0], "raw_thai": [0.0, 0], "ext_thai": [0.0, 0]}
    for name in TEXT_LAYER_FIXTURES:
        body = (DOCS / name).read_bytes()
        r = extract_text(body, "pdf")
        ocr_checked = r.source == "ocr" or (r.source == "layer" and _needs_ocr_check(r))
        reps = max(3, repeat // 20) if ocr_checked else repeat
        raw = _rate(raw_pypdfium2, body, repeat)
        ext = _rate(lambda b: extract_text(b, "pdf"), body, reps)
        note = r.source or r.error
        if r.source == "layer" and ocr_checked:
            note += " (OCR-checked: < 20 Thai letters in the layer)"
        print(f"| {name} | {r.pages} | {raw:,.0f} | {ext:,.1f} | {note} |")
        for key, rate in (("raw", raw), ("ext", ext)):
            tot[key][0] += 1 / rate
            tot[key][1] += 1
            if not ocr_checked:
                tot[key + "_thai"][0] += 1 / rate
                tot[key + "_thai"][1] += 1
    for label, a, b in (("all fixtures", "raw", "ext"), ("Thai text layers only", "raw_thai", "ext_thai")):
        if tot[a][1]:
            print(f"| **{label}** (mean) | | {tot[a][1] / tot[a][0]:,.0f} | {tot[b][1] / tot[b][0]:,.1f} | |")


def _needs_ocr_check(r) -> bool:
    from crawler import doctext

    return doctext._needs_ocr(r)


def bench_ocr(repeat: int) -> None:
    from crawler import ocr

    ok, why = ocr.tesseract_status()
    if not ok:
        print(f"\n## OCR: skipped ({why})")
        return
    body = (DOCS / SCAN).read_bytes()
    t0 = time.perf_counter()
    pages = [ocr.render_pdf_page(body, i, 300) for i in range(2)]
    render = (time.perf_counter() - t0) / len(pages)
    work = pages * repeat
    cpus = os.cpu_count() or 1

    def run(limit, parallel=1) -> tuple[float, list[float]]:
        times: list[float] = []

        def one(img):
            t = time.perf_counter()
            ocr.ocr_image(img, dpi=300, omp_thread_limit=limit, timeout=300)
            times.append(time.perf_counter() - t)

        ocr.ocr_image(pages[1], dpi=300, omp_thread_limit=limit, timeout=300)  # warm-up
        t = time.perf_counter()
        if parallel == 1:
            for img in work:
                one(img)
        else:
            with ThreadPoolExecutor(parallel) as ex:
                list(ex.map(one, work))
        return len(work) / (time.perf_counter() - t), times

    print(f"\n## OCR: {SCAN} rendered at 300 dpi ({pages[0].size[0]}x{pages[0].size[1]} px), "
          f"{len(work)} pages per run, langs tha+eng, psm 3\n")
    print(f"render (pypdfium2, grayscale): {render * 1000:.0f} ms/page\n")
    print("| OMP_THREAD_LIMIT | pages at a time | pages/second | s/page (median, min-max) |")
    print("|---|---|---|---|")
    for limit, parallel in ((1, 1), (None, 1), (1, cpus)):
        rate, times = run(limit, parallel)
        label = "1" if limit else "unset"
        print(f"| {label} | {parallel} | {rate:.2f} | {statistics.median(times):.2f} "
              f"({min(times):.2f}-{max(times):.2f}) |", flush=True)


def bench_quality() -> None:
    from rapidfuzz.distance import Levenshtein

    from checklist.thaitext import match_key
    from crawler import ocr

    ok, why = ocr.tesseract_status()
    if not ok:
        print(f"\n## OCR quality: skipped ({why})")
        return
    ft = _fixture_text()
    scan_ref = match_key("\n".join("\n".join(p) for p in ft.NOGIFT_PAGES))
    poster_ref = match_key("\n".join(ft.POSTER_LINES))
    body = (DOCS / SCAN).read_bytes()
    samples = {
        SCAN: ([ocr.render_pdf_page(body, i, 300) for i in range(2)], 300, scan_ref),
        POSTER: ([ocr.to_gray(ocr.open_image((DOCS / POSTER).read_bytes()))], None, poster_ref),
    }
    preps = {"none": lambda im: im, "binarize": ocr.binarize, "deskew": ocr.deskew}
    filters = [(0, False), (30, False), (30, True), (50, True)]
    print("\n## OCR quality: CER (match_key form) by option; default = psm 3, none, min_conf 30 + noise filter\n")
    print("| sample | psm | preprocessing | " + " | ".join(
        f"min_conf {mc}{' + noise filter' if nf else ''}" for mc, nf in filters) + " | confidence |")
    print("|---|---|---|" + "---|" * (len(filters) + 1))
    for name, (images, dpi, ref) in samples.items():
        for psm in (3, 4, 6):
            for prep, fn in preps.items():
                runs = [ocr.recognise(fn(im), dpi=dpi, psm=psm) for im in images]
                cells = []
                for mc, nf in filters:
                    text = "\n".join(ocr.build_result(w, p, min_conf=mc, drop_noise=nf).text for w, p in runs)
                    cells.append(f"{100 * Levenshtein.distance(ref, match_key(text)) / len(ref):.2f} %")
                conf = statistics.mean(ocr.build_result(w, p).confidence for w, p in runs)
                print(f"| {name} | {psm} | {prep} | " + " | ".join(cells) + f" | {conf:.3f} |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=200, help="reads of each text-layer PDF (default 200)")
    ap.add_argument("--ocr-repeat", type=int, default=2, help="passes over the 2 scanned pages (default 2)")
    ap.add_argument("--quality", action="store_true", help="also measure OCR accuracy per option")
    ap.add_argument("--no-ocr", action="store_true", help="text layers only")
    args = ap.parse_args()

    from crawler import ocr

    _ok, why = ocr.tesseract_status()
    print(f"# bench_extract: {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs (os.cpu_count), "
          f"{len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'} usable; "
          f"{why}")
    bench_text_layers(args.repeat)
    if not args.no_ocr:
        bench_ocr(args.ocr_repeat)
    if args.quality:
        bench_quality()


if __name__ == "__main__":
    main()
