"""OCR of scanned PDF pages and images with the Tesseract command line.

Pure functions, no Scrapy imports.  Pillow and pypdfium2 are imported lazily.  Tesseract runs as a
subprocess (``tesseract``, Debian packages ``tesseract-ocr`` and ``tesseract-ocr-tha``), so a hang
or a crash in it cannot take the caller down: every run has a timeout, after which its whole process
group is killed.

Public API
----------
``tesseract_available()`` -> bool: the binary is on PATH and has the Thai model (cached per binary).
``tesseract_status()``    -> (bool, reason): the same, with what is missing, for messages.
``ocr_image(image, *, langs="tha+eng", timeout=60, dpi=None)`` -> ``OcrResult``; raises ``OcrError``.
``render_pdf_page(pdf, index, dpi=300)`` -> grayscale PIL image of one page (pixel count capped).
``open_image(data)`` -> PIL image, refusing decompression bombs before decoding (``ImageTooLarge``).
``image_frames(image, limit)`` -> the first ``limit`` frames (pages of a multi-page TIFF), grayscale.
``prepare_for_ocr(image)`` -> the grayscale, size-capped image that ``ocr_image`` sends to Tesseract.
``recognise(image, ...)`` -> (words, plain text) of one Tesseract run; ``build_result(words, plain)``
    -> ``OcrResult`` (``ocr_image`` is the two together; the benchmark re-filters one run).
``usable_langs("tha+eng")`` -> the installed subset; ``binarize``/``deskew``: measured, not used.

Measured on the committed fixtures (tests/fixtures/docs, 2 vCPU, benchmarks/bench_extract.py):
a 300 dpi A4 page takes about 1.2 s with ``OMP_THREAD_LIMIT=1`` and 4-5 times longer without it
(OpenMP threads thrash on small machines), so the variable is always set to 1 unless the caller
asks otherwise; run pages in parallel processes instead.

Tesseract writes SARA AM decomposed (NIKHAHIT + SARA AA): ``clean_text`` recomposes it.  Thai
digits cannot be trusted: the Thai model Debian ships (tesseract-ocr-tha 4.1.0, "synth20170629")
has only ๐ ๑ ๒ ๓ ๕ in its character set (tesseract-ocr/langdata_lstm#42), so ๔ ๖ ๗ ๘ ๙ come out
as other digits and ``๒๕๖๘`` as ``๒๕๒๕`` or ``๒๕๒๐๕`` -- sometimes a plausible wrong year.  Arabic
digits are read correctly.  Years from link texts and URLs must win over years from OCR'd text.

Text: Tesseract's Thai model reports each character cluster as a "word" in its TSV output and keeps
the real word spacing only in its plain-text output (the model's config sets
``preserve_interword_spaces``), so one run writes both (``tesseract <png> <outbase> ... txt tsv``,
files in a temporary directory rather than stdout): the text is rebuilt from the TSV words (lines
and paragraphs kept, words below ``min_conf`` and noise lines dropped) with the spacing read off
the plain text, then cleaned with ``clean_text``.
"""

from __future__ import annotations

import io
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from checklist.thaitext import clean_text

__all__ = [
    "DEFAULT_LANGS",
    "ImageTooLarge",
    "OcrError",
    "OcrResult",
    "OcrWord",
    "build_result",
    "image_frames",
    "installed_languages",
    "ocr_image",
    "open_image",
    "parse_tsv",
    "prepare_for_ocr",
    "recognise",
    "render_pdf_page",
    "tesseract_available",
    "tesseract_status",
    "to_gray",
    "usable_langs",
]

#: The Tesseract executable: a name looked up on PATH, or a path.  ``OIT_TESSERACT`` overrides it.
TESSERACT_CMD = os.environ.get("OIT_TESSERACT", "tesseract")
DEFAULT_LANGS = "tha+eng"
DEFAULT_DPI = 300
#: Largest page render: an A4 page at 300 dpi is 8.7 Mpx, A3 17.4 Mpx; bigger pages get a lower dpi.
MAX_RENDER_PIXELS = 36_000_000
#: Largest image that is decoded at all (a 48 Mpx phone photo passes); bigger ones are refused
#: from their header, before any pixel is decoded.
MAX_IMAGE_PIXELS = 50_000_000
#: Largest image handed to Tesseract; bigger ones are scaled down first.
MAX_OCR_PIXELS = 36_000_000
#: Words below this confidence (0-100, Tesseract's scale) are dropped (``bench_extract.py --quality``:
#: 0 -> 30 lowers the CER a little, 50 changes nothing more).  The confidence reported is the mean
#: of the kept words.
MIN_WORD_CONF = 30.0
_MAX_OUTPUT_BYTES = 32 << 20

_RE_LANG = re.compile(r"^[A-Za-z0-9_]+(?:\+[A-Za-z0-9_]+)*$")


class OcrError(Exception):
    """OCR could not run or did not finish.  ``code`` is ``ocr_unavailable``, ``ocr_timeout`` or
    ``ocr_failed``; ``str(exc)`` is the message without the code."""

    code = "ocr_failed"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code


class ImageTooLarge(ValueError):
    """The image declares more pixels than allowed (a decompression bomb or an absurd scan)."""


@dataclass(frozen=True)
class OcrWord:
    """One word as Tesseract reports it (for Thai usually one character cluster)."""

    text: str
    confidence: float  # 0..1
    left: int
    top: int
    width: int
    height: int
    block: int
    paragraph: int
    line: int


@dataclass(frozen=True)
class OcrResult:
    """``text``: cleaned text (``clean_text``), lines and paragraphs kept.  ``confidence``: mean
    confidence (0..1) of the kept words, 0.0 when nothing was read.  ``words``: the kept words."""

    text: str
    confidence: float
    words: tuple[OcrWord, ...] = ()


# ---------------------------------------------------------------------------
# Availability
# ---------------------------------------------------------------------------

def _resolve(cmd: str | None = None) -> str | None:
    return shutil.which(cmd or TESSERACT_CMD)


_LANGS_CACHE: dict[tuple[str, float], frozenset[str]] = {}
_PROBE_FAILED: dict[tuple[str, float], tuple[float, str]] = {}
_PROBE_RETRY_AFTER = 300.0  # seconds before a failed probe is tried again


def _probe(path: str, mtime: float) -> tuple[frozenset[str], str | None]:
    """Installed languages of the binary at ``path``, cached per binary and modification time.  A
    failed probe (e.g. a timeout on a loaded machine) is remembered for a few minutes only."""
    import time

    key = (path, mtime)
    if key in _LANGS_CACHE:
        return _LANGS_CACHE[key], None
    failed = _PROBE_FAILED.get(key)
    if failed and time.monotonic() - failed[0] < _PROBE_RETRY_AFTER:
        return frozenset(), failed[1]
    langs, problem = _list_langs(path)
    if problem is None:
        _LANGS_CACHE[key] = langs
        _PROBE_FAILED.pop(key, None)
    else:
        _PROBE_FAILED[key] = (time.monotonic(), problem)
    return langs, problem


def _list_langs(path: str) -> tuple[frozenset[str], str | None]:
    try:
        proc = subprocess.run([path, "--list-langs"], capture_output=True, timeout=10,
                              stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return frozenset(), f"{path} --list-langs failed: {type(exc).__name__}: {exc}"
    out = (proc.stdout or b"").decode("utf-8", "replace") + (proc.stderr or b"").decode("utf-8", "replace")
    langs = frozenset(
        line.strip() for line in out.splitlines()
        if line.strip() and not line.lower().startswith(("list of available", "error", "warning"))
        and _RE_LANG.match(line.strip())
    )
    if proc.returncode != 0 and not langs:
        return frozenset(), f"{path} --list-langs exited with {proc.returncode}"
    return langs, None


def installed_languages() -> frozenset[str]:
    """Tesseract's installed languages (empty when Tesseract is not there)."""
    path = _resolve()
    if path is None:
        return frozenset()
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        return frozenset()
    return _probe(path, mtime)[0]


def tesseract_status() -> tuple[bool, str]:
    """(usable, reason): Tesseract is on PATH and has the Thai model ``tha``."""
    path = _resolve()
    if path is None:
        return False, (f"{TESSERACT_CMD!r} not found on PATH "
                       "(install the Debian packages tesseract-ocr and tesseract-ocr-tha)")
    try:
        mtime = os.stat(path).st_mtime
    except OSError as exc:
        return False, f"{path}: {exc}"
    langs, problem = _probe(path, mtime)
    if problem and not langs:
        return False, problem
    if "tha" not in langs:
        return False, f"Tesseract at {path} has no Thai model (install tesseract-ocr-tha)"
    return True, f"Tesseract at {path} ({', '.join(sorted(langs))})"


def tesseract_available() -> bool:
    """True when OCR can run: the binary is on PATH and the Thai language is installed."""
    return tesseract_status()[0]


def usable_langs(langs: str) -> str:
    """``langs`` without the languages that are not installed ("tha+eng" -> "tha" without eng);
    unchanged when none of them is installed (Tesseract then reports the error)."""
    have = installed_languages()
    parts = [p for p in langs.split("+") if p]
    kept = [p for p in parts if p in have]
    return "+".join(kept) if kept else langs


# ---------------------------------------------------------------------------
# Images
# ---------------------------------------------------------------------------

def open_image(data: bytes, *, max_pixels: int = MAX_IMAGE_PIXELS):
    """Open an image from bytes without decoding its pixels; refuse one that declares more than
    ``max_pixels`` pixels (``ImageTooLarge``).  Other problems raise what Pillow raises
    (``PIL.UnidentifiedImageError``, ``OSError``, ...)."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as exc:  # Pillow's own limit (2 x 89 Mpx) hit first
            raise ImageTooLarge(f"image over the {max_pixels:,} px limit: {exc}") from exc
    w, h = img.size
    if w <= 0 or h <= 0:
        raise ValueError(f"image has no pixels ({w}x{h})")
    if w * h > max_pixels:
        raise ImageTooLarge(f"image is {w}x{h} px, over the {max_pixels:,} px limit")
    return img


def frame_count(img) -> int:
    try:
        return max(1, int(getattr(img, "n_frames", 1) or 1))
    except Exception:  # a broken multi-frame file
        return 1


def image_frames(img, limit: int) -> Iterable[Any]:
    """Up to ``limit`` frames of ``img`` (pages of a multi-page TIFF; animated GIF/WebP give their
    first frame only), each as a grayscale image on white."""
    n = frame_count(img) if (img.format or "").upper() == "TIFF" else 1
    if (img.format or "").upper() == "JPEG" and img.mode in ("RGB", "L"):
        # Let libjpeg decode straight to grayscale, and at 1/2, 1/4 or 1/8 scale when the
        # picture is bigger than Tesseract needs: a fraction of the memory of a full decode.
        w, h = img.size
        f = min(1.0, math.sqrt(MAX_OCR_PIXELS / (w * h)))
        img.draft("L", (max(1, int(w * f)), max(1, int(h * f))))
    for i in range(min(n, max(0, limit))):
        if i:
            img.seek(i)
            w, h = img.size  # each TIFF page declares its own size
            if w * h > MAX_IMAGE_PIXELS:
                raise ImageTooLarge(f"page {i + 1} is {w}x{h} px, over the {MAX_IMAGE_PIXELS:,} px limit")
        yield to_gray(img)


def to_gray(img):
    """Grayscale ("L") copy; transparency is flattened onto white (text on a transparent PNG would
    otherwise turn black on black)."""
    from PIL import Image

    if img.mode == "L":
        return img.copy()
    if img.mode in ("1",):
        return img.convert("L")
    if img.mode.startswith("I;16") or img.mode in ("I", "F"):
        import numpy as np

        a = np.asarray(img, dtype=np.float32)
        lo, hi = float(a.min()), float(a.max())
        a = (a - lo) * (255.0 / (hi - lo)) if hi > lo else np.full_like(a, 255.0)
        return Image.fromarray(a.astype(np.uint8), "L")
    has_alpha = img.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        img.mode == "P" and "transparency" in img.info)
    if has_alpha:
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("L")
    return img.convert("L")


def _scaled_size(w: int, h: int, factor: float) -> tuple[int, int]:
    return max(1, round(w * factor)), max(1, round(h * factor))


def prepare_for_ocr(img, *, max_pixels: int = MAX_OCR_PIXELS):
    """The grayscale image Tesseract gets, scaled down to at most ``max_pixels``.

    Nothing else, on purpose.  Measured with ``benchmarks/bench_extract.py --quality`` (the scanned
    fixture and the poster) and, during development, on three more "scans" of the same page at
    150-300 dpi and on the page posted as an 800-1240 px wide JPEG: Otsu binarisation and
    projection-profile deskew (``binarize``, ``deskew`` below) did not lower the character error
    rate overall (deskew raised it on 3 of 4 scans: Tesseract copes with skews under a degree and
    binarises adaptively itself), and scaling small pictures up 2-3x raised it.  What did help is
    dropping noise lines after recognition (``_noise_lines``).
    """
    from PIL import Image

    g = to_gray(img)
    w, h = g.size
    if w * h > max_pixels:
        f = math.sqrt(max_pixels / (w * h))
        g = g.resize(_scaled_size(w, h, f), Image.LANCZOS)
    return g


def binarize(img):
    """Otsu threshold (kept for the benchmark's preprocessing comparison; not used by default)."""
    import numpy as np
    from PIL import Image

    a = np.asarray(to_gray(img), dtype=np.uint8)
    hist = np.bincount(a.ravel(), minlength=256).astype(np.float64)
    total = a.size
    cum = np.cumsum(hist)
    cum_mean = np.cumsum(hist * np.arange(256))
    mean = cum_mean[-1] / total
    w0 = cum / total
    w1 = 1.0 - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean * w0 - cum_mean / total) ** 2 / (w0 * w1)
    t = int(np.nanargmax(between))
    return Image.fromarray(np.where(a > t, 255, 0).astype(np.uint8), "L")


def deskew(img, *, max_angle: float = 3.0, step: float = 0.1):
    """Rotate by the angle (within +-``max_angle``) that makes the row profile of the ink the most
    peaked (kept for the benchmark's preprocessing comparison; not used by default)."""
    import numpy as np
    from PIL import Image

    g = to_gray(img)
    small = g.copy()
    small.thumbnail((1000, 1000))
    ink = np.asarray(small, dtype=np.uint8) < 128
    if ink.sum() < 50:
        return g
    best, best_score = 0.0, -1.0
    probe = Image.fromarray((ink * 255).astype(np.uint8), "L")
    for k in range(int(-max_angle / step), int(max_angle / step) + 1):
        angle = k * step
        rot = np.asarray(probe.rotate(angle, resample=Image.NEAREST, fillcolor=0)) > 0
        rows = rot.sum(axis=1).astype(np.float64)
        score = float(np.sum(np.diff(rows) ** 2))
        if score > best_score:
            best, best_score = angle, score
    if abs(best) < step / 2:
        return g
    return g.rotate(best, resample=Image.BICUBIC, fillcolor=255)


# ---------------------------------------------------------------------------
# PDF pages
# ---------------------------------------------------------------------------

def render_pdf_page(pdf, index: int, dpi: int = DEFAULT_DPI, *, max_pixels: int = MAX_RENDER_PIXELS):
    """Render page ``index`` of ``pdf`` (a ``pypdfium2.PdfDocument``, or the PDF's bytes) as a
    grayscale PIL image at ``dpi``, lowered when the page would exceed ``max_pixels`` (a giant page
    cannot eat the memory).  ``image.info["dpi"]`` holds the resolution actually used."""
    import pypdfium2 as pdfium

    own = not isinstance(pdf, pdfium.PdfDocument)
    doc = pdfium.PdfDocument(pdf) if own else pdf
    try:
        page = doc[index]
        try:
            w, h = page.get_size()
            w, h = max(float(w), 1.0), max(float(h), 1.0)
            scale = max(dpi, 1) / 72.0
            if w * h * scale * scale > max_pixels:
                scale = math.sqrt(max_pixels / (w * h))
            bitmap = page.render(scale=scale, grayscale=True, fill_color=(255, 255, 255, 255))
            try:
                img = bitmap.to_pil()
                if img.mode != "L":
                    img = img.convert("L")
                else:
                    img = img.copy()  # detach from the PDFium buffer before it is closed
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        if own:
            doc.close()
    eff = round(scale * 72)
    img.info["dpi"] = (eff, eff)
    return img


# ---------------------------------------------------------------------------
# Tesseract
# ---------------------------------------------------------------------------

def _command(image_path: str, outbase: str, langs: str, psm: int, dpi: int | None) -> list[str]:
    """The Tesseract command line (one run writes ``outbase.txt`` and ``outbase.tsv``)."""
    cmd = [_resolve() or TESSERACT_CMD, image_path, outbase, "-l", langs, "--psm", str(psm)]
    if dpi:
        cmd += ["--dpi", str(int(dpi))]
    return cmd + ["txt", "tsv"]


def _environment(omp_thread_limit: int | None) -> dict[str, str]:
    env = dict(os.environ)
    if omp_thread_limit is None:
        env.pop("OMP_THREAD_LIMIT", None)
    else:
        env["OMP_THREAD_LIMIT"] = str(int(omp_thread_limit))
    return env


def _run(cmd: list[str], timeout: float, env: dict[str, str], cwd: str) -> None:
    """Run ``cmd`` in its own process group; kill the whole group when ``timeout`` passes."""
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, env=env, cwd=cwd, start_new_session=True)
    except FileNotFoundError as exc:
        raise OcrError(f"{cmd[0]!r} not found: {exc}", "ocr_unavailable") from exc
    except OSError as exc:
        raise OcrError(f"could not start {cmd[0]!r}: {exc}") from exc
    try:
        _out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise OcrError(f"no result after {timeout:g}s", "ocr_timeout") from None
    except BaseException:
        _kill_group(proc)
        raise
    if proc.returncode != 0:
        msg = (err or b"").decode("utf-8", "replace").strip().splitlines()
        tail = " | ".join(msg[-3:])[:300]
        raise OcrError(f"tesseract exited with {proc.returncode}: {tail}")


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        try:
            proc.kill()
        except OSError:
            pass
    try:
        proc.communicate(timeout=5)
    except Exception:  # pragma: no cover - the group is dead; do not hang on its pipes
        pass


def parse_tsv(tsv: str) -> list[OcrWord]:
    """Level-5 rows (words) of Tesseract's TSV output, in reading order, empty ones dropped."""
    words: list[OcrWord] = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t", 11)
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11]
        if not text.strip():
            continue
        try:
            conf = float(cols[10])
            block, par, line = int(cols[2]), int(cols[3]), int(cols[4])
            left, top, width, height = (int(c) for c in cols[6:10])
        except ValueError:
            continue
        if conf < 0:
            continue
        words.append(OcrWord(text.strip(), max(0.0, min(conf, 100.0)) / 100.0, left, top,
                             width, height, block, par, line))
    return words


def _separators(words: list[OcrWord], plain: str) -> list[str]:
    """The whitespace Tesseract put before each word in its plain-text output ("" = same word,
    " " = word space, "\n" = new line, "\n\n" = new paragraph).  Falls back to the TSV structure
    (and a space between words on a line) when the texts do not line up."""
    seps: list[str] = []
    pos = 0
    n = len(plain)
    aligned = True
    prev: OcrWord | None = None
    for w in words:
        sep = None
        if aligned:
            start = pos
            while pos < n and plain[pos].isspace():
                pos += 1
            if plain.startswith(w.text, pos):
                gap = plain[start:pos]
                pos += len(w.text)
                if "\n" in gap:
                    sep = "\n\n" if gap.count("\n") > 1 else "\n"
                else:
                    sep = " " if gap else ""
            else:
                aligned = False
        if sep is None:  # structural fallback
            if prev is None:
                sep = ""
            elif (w.block, w.paragraph) != (prev.block, prev.paragraph):
                sep = "\n\n"
            elif w.line != prev.line:
                sep = "\n"
            else:
                sep = " "
        seps.append(sep if prev is not None else "")
        prev = w
    return seps


def _noise_lines(words: list[OcrWord], min_line_conf: float, min_height_ratio: float) -> set[tuple]:
    """Lines that are scanner noise, not text: Tesseract's layout analysis often puts the row of
    Thai upper marks (tone marks, vowels above) of a text line, specks, a signature or the edge of
    a stamp on a "line" of its own, which it then reads as short runs of Latin letters and
    symbols.  Such a line has words much shorter than the page's text (median height below
    ``min_height_ratio`` of the page median) or a low mean confidence (``min_line_conf``, 0..1)."""
    lines: dict[tuple, list[OcrWord]] = {}
    for w in words:
        lines.setdefault((w.block, w.paragraph, w.line), []).append(w)
    # The page's typical word height, from lines that look like text (several words).
    heights = sorted(w.height for ws in lines.values() if len(ws) >= 5 for w in ws)
    if not heights:
        heights = sorted(w.height for w in words)
    page_h = heights[len(heights) // 2] if heights else 0
    noise = set()
    for key, ws in lines.items():
        hs = sorted(w.height for w in ws)
        line_h = hs[len(hs) // 2]
        conf = sum(w.confidence for w in ws) / len(ws)
        if conf < min_line_conf or (page_h and line_h < min_height_ratio * page_h):
            noise.add(key)
    return noise


def _rebuild(words: list[OcrWord], plain: str, min_conf: float, *, drop_noise: bool = True,
             min_line_conf: float = 0.6, min_height_ratio: float = 0.55) -> tuple[str, list[OcrWord]]:
    seps = _separators(words, plain)
    noise = _noise_lines(words, min_line_conf, min_height_ratio) if drop_noise else set()
    rank = {"": 0, " ": 1, "\n": 2, "\n\n": 3}
    parts: list[str] = []
    kept: list[OcrWord] = []
    pending = ""  # the strongest separator since the last kept word
    for w, sep in zip(words, seps):
        if rank[sep] > rank[pending]:
            pending = sep
        if w.confidence * 100.0 < min_conf or (w.block, w.paragraph, w.line) in noise:
            continue
        if kept:
            parts.append(pending)
        parts.append(w.text)
        kept.append(w)
        pending = ""
    return "".join(parts), kept


def ocr_image(
    image,
    *,
    langs: str = DEFAULT_LANGS,
    timeout: float = 60,
    dpi: int | None = None,
    psm: int = 3,
    min_conf: float = MIN_WORD_CONF,
    omp_thread_limit: int | None = 1,
    drop_noise: bool = True,
) -> OcrResult:
    """Recognise the text of a PIL image with ``tesseract <png> <out> -l langs --psm 3 txt tsv``.

    ``dpi``: the image's resolution when known (rendered PDF pages), passed to Tesseract.
    ``timeout``: seconds for the Tesseract run; then its process group is killed and
    ``OcrError(code="ocr_timeout")`` raised.  ``omp_thread_limit``: the ``OMP_THREAD_LIMIT`` it runs
    with (None leaves the variable unset).  ``min_conf``: words below this confidence (0-100) are
    dropped; ``drop_noise``: lines that are scanner noise are dropped (see ``_noise_lines``).
    The temporary directory (PNG, outputs) is always removed.  Raises ``OcrError``
    (``ocr_unavailable`` when the binary is missing, ``ocr_timeout``, ``ocr_failed``) and
    ``ValueError`` for an unusable ``langs``.
    """
    words, plain = recognise(image, langs=langs, timeout=timeout, dpi=dpi, psm=psm,
                             omp_thread_limit=omp_thread_limit)
    return build_result(words, plain, min_conf=min_conf, drop_noise=drop_noise)


def build_result(words: list[OcrWord], plain: str, *, min_conf: float = MIN_WORD_CONF,
                 drop_noise: bool = True) -> OcrResult:
    """``OcrResult`` from Tesseract's words and plain text (see ``recognise``)."""
    text, kept = _rebuild(words, plain, min_conf, drop_noise=drop_noise)
    conf = sum(w.confidence for w in kept) / len(kept) if kept else 0.0
    return OcrResult(clean_text(text), round(conf, 4), tuple(kept))


def recognise(image, *, langs: str = DEFAULT_LANGS, timeout: float = 60, dpi: int | None = None,
              psm: int = 3, omp_thread_limit: int | None = 1) -> tuple[list[OcrWord], str]:
    """One Tesseract run: (all words from the TSV output, the plain-text output)."""
    if not _RE_LANG.match(langs or ""):
        raise ValueError(f"bad Tesseract language list {langs!r}")
    img = prepare_for_ocr(image)
    with tempfile.TemporaryDirectory(prefix="oit-ocr-") as tmp:
        png = os.path.join(tmp, "page.png")
        save_kw: dict[str, Any] = {"compress_level": 1}
        if dpi:
            save_kw["dpi"] = (int(dpi), int(dpi))
        img.save(png, "PNG", **save_kw)
        del img
        outbase = os.path.join(tmp, "out")
        _run(_command(png, outbase, langs, psm, dpi), timeout, _environment(omp_thread_limit), tmp)
        try:
            tsv = _read_limited(outbase + ".tsv")
        except FileNotFoundError as exc:
            raise OcrError("tesseract wrote no TSV output") from exc
        try:
            plain = _read_limited(outbase + ".txt")
        except FileNotFoundError:
            plain = ""
    return parse_tsv(tsv), plain


def _read_limited(path: str) -> str:
    with open(path, "rb") as fh:
        data = fh.read(_MAX_OUTPUT_BYTES)
    return data.decode("utf-8", "replace")
