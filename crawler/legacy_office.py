"""Text of legacy binary office documents: Excel 97-2003 / 95 (.xls), Word 97-2003 (.doc),
PowerPoint 97-2003 (.ppt) and RTF.

Pure functions, bytes in, text out; no Scrapy imports.  The text is returned as read (tabs
between cells, one line per paragraph/row); ``crawler.doctext`` cleans it with
``checklist.thaitext.clean_text`` like every other format.

Public API
----------
``read_xls(body, *, max_cells=1_000_000, max_rows_per_sheet=20_000) -> (text, sheet_count)``
    xlrd (a project dependency); no converter needed.  Every sheet: its name on a line, then
    its rows, cells tab-joined; dates as ISO 8601.  Old BIFF5 (Excel 5/95) workbooks store
    8-bit text in a codepage: cp874 is used when the file says so, and also when its CODEPAGE
    record is missing or wrong and the text read is Latin-1/cp1252 mojibake of Thai.
``read_doc(body, *, timeout=60) -> str``
    LibreOffice when on PATH (converted to DOCX in a private temp dir, then read here), else
    ``antiword`` (reads Word 97-2003 Thai correctly with ``-m UTF-8.txt -w 0``), else
    ``catdoc`` (``-d utf-8 -w``: Thai correct too).  Their output goes through
    ``repair_thai_mojibake`` in case of an old 8-bit (Word 6/95) file.  An RTF body saved as
    ".doc" is read by the RTF decoder.
``read_ppt(body, *, timeout=60) -> str``
    LibreOffice only (converted to PPTX, then read here; ``catppt`` garbles Thai).
``read_rtf(body, *, timeout=60, use_converter=False) -> str``
    A built-in RTF decoder (``\\'xx`` bytes in the font's charset / ``\\ansicpg`` codepage,
    ``\\uN`` escapes with ``\\ucN`` fallback skipping, destinations such as the font table,
    pictures and field instructions skipped).  ``use_converter=True`` uses LibreOffice instead
    when it is on PATH.
``rtf_to_text(data) -> str``
    the built-in RTF decoder itself (no "is this RTF" check, no mojibake repair).
``converter_available(kind) -> str | None``
    what would read ``kind`` ("doc", "ppt", "rtf", "xls"): the converter's path, "builtin"
    (RTF), "xlrd", or None.
``repair_thai_mojibake(text, encoding="cp1252") -> str``
    Thai text that was decoded with a Western codepage ("ÃÒ¤Ò¡ÅÒ§") back to Thai, only when
    the evidence is strong; otherwise ``text`` unchanged.
``LegacyReadError(code, message)``
    ``code`` is one of ``unsupported`` (no converter or reader installed), ``corrupt``,
    ``encrypted``, ``timeout``; ``str(err)`` is ``"code: message"`` like
    ``ExtractedText.error``.

Safety: converters run as a child process in a new session (process group) with a private
temp dir as its HOME/TMPDIR and a private LibreOffice profile (``-env:UserInstallation``), so
concurrent conversions never share a profile and nothing is written outside that dir, which
is always removed.  On timeout the whole process group is killed.  LibreOffice never runs
document macros here: no ``macro:`` URL or ``--macro``/``--accept``/script option is ever
passed, and the fresh profile is seeded with macro execution disabled
(``DisableMacrosExecution``, ``MacroSecurityLevel`` 3 = very high) and link updates off, so
external links/OLE links in a document are not fetched.  Memory of the converter is not
bounded here: run in a worker with limits if that matters.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

__all__ = [
    "LegacyReadError",
    "converter_available",
    "read_doc",
    "read_ppt",
    "read_rtf",
    "read_xls",
    "repair_thai_mojibake",
    "rtf_to_text",
]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# LibreOffice's output (DOCX/PPTX) is checked before it is read: never more than this unzipped.
MAX_CONVERTED_BYTES = 256 << 20
MAX_SHEETS = 200


class LegacyReadError(Exception):
    """A legacy document could not be read.  ``code``: unsupported, corrupt, encrypted, timeout."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


# ---------------------------------------------------------------------------
# Thai mojibake (cp874 bytes decoded as Latin-1 / cp1252)
# ---------------------------------------------------------------------------

# What cp874 bytes 0x80-0xFF become when decoded as Latin-1 or cp1252.
_RE_HIGH_RUN = re.compile(
    "[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+"
)
_THAI_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")


def _thai_letters(s: str) -> int:
    return sum(1 for c in s if "\u0e01" <= c <= "\u0e5b")


def _looks_like_thai_mojibake(text: str) -> bool:
    """True when ``text`` has no Thai but runs of Latin-1/cp1252 characters that are cp874 Thai.

    Western text has accented letters alone between ASCII letters ("café", "Müller"); Thai
    mojibake is whole runs of them ("ÃÒ¤Ò¡ÅÒ§").  Required: at least 4 such characters, no
    Thai already, >= 70 % of them in runs of 3 or more."""
    if _thai_letters(text):
        return False
    runs = _RE_HIGH_RUN.findall(text)
    total = sum(len(r) for r in runs)
    if total < 4:
        return False
    in_long_runs = sum(len(r) for r in runs if len(r) >= 3)
    return in_long_runs >= 0.7 * total


def _plausible_thai(candidate: str, n_high: int) -> bool:
    """The re-decoded text is Thai: most former high characters became Thai letters and the
    combining marks sit on a Thai base (random Western accents would put them anywhere)."""
    thai = _thai_letters(candidate)
    if thai < 0.9 * n_high:
        return False
    marks = bad = 0
    prev = ""
    for c in candidate:
        if c in _THAI_MARKS:
            marks += 1
            if not ("\u0e01" <= prev <= "\u0e2f" or prev in _THAI_MARKS or prev == "\u0e33"):
                bad += 1
        prev = c
    return bad <= max(1, marks // 20)


def repair_thai_mojibake(text: str, encoding: str = "cp1252") -> str:
    """Undo Thai read with a Western codepage: ``text.encode(encoding).decode("cp874")``, but only
    when ``text`` has no Thai, looks like such mojibake and the result is plausible Thai;
    otherwise ``text`` is returned unchanged (Western text with accents stays as it is)."""
    if not text or not _looks_like_thai_mojibake(text):
        return text
    n_high = sum(len(r) for r in _RE_HIGH_RUN.findall(text))
    for enc in dict.fromkeys((encoding, "cp1252", "latin-1")):
        try:
            candidate = text.encode(enc).decode("cp874")
        except (UnicodeError, LookupError):
            continue
        if _plausible_thai(candidate, n_high):
            return candidate
    return text


# A lenient cp874 codec for xlrd's encoding_override: xlrd decodes strictly, and a byte that
# cp874 leaves undefined (0xDB-0xDE, 0xFC-0xFF) must not make the whole workbook unreadable.
_LENIENT_CP874 = "oit_cp874_lenient"


def _lenient_cp874_search(name: str):
    if name != _LENIENT_CP874:
        return None
    base = codecs.lookup("cp874")
    return codecs.CodecInfo(
        name=_LENIENT_CP874,
        encode=lambda s, errors="strict": base.encode(s, "replace" if errors == "strict" else errors),
        decode=lambda b, errors="strict": base.decode(b, "replace" if errors == "strict" else errors),
    )


codecs.register(_lenient_cp874_search)


# ---------------------------------------------------------------------------
# .xls (xlrd)
# ---------------------------------------------------------------------------

_THAI_ENCODINGS = frozenset({"cp874", "tis_620", "tis-620", "iso8859_11", _LENIENT_CP874})


def _xls_cell(ctype: int, value, datemode: int) -> str:
    import xlrd

    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if ctype == xlrd.XL_CELL_TEXT:
        return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")
    if ctype == xlrd.XL_CELL_NUMBER:
        v = float(value)
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if ctype == xlrd.XL_CELL_DATE:
        try:
            if 0 <= value < 1:  # a time of day only
                return xlrd.xldate.xldate_as_datetime(value, datemode).time().isoformat()
            dt = xlrd.xldate.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return repr(float(value))
        if dt.hour == dt.minute == dt.second == 0 and not dt.microsecond:
            return dt.date().isoformat()
        return dt.isoformat()
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERR")
    return str(value)


def _open_book(body: bytes, encoding_override: str | None):
    import xlrd
    from xlrd.book import open_workbook_xls

    log = io.StringIO()  # xlrd writes warnings to stdout by default
    kwargs = {"file_contents": body, "on_demand": True, "ragged_rows": True, "logfile": log,
              "encoding_override": encoding_override}
    if body.startswith(OLE_MAGIC):
        return xlrd.open_workbook(**kwargs)
    # Excel 2.x-4.0 workbooks are a bare BIFF stream (BOF record 0x0009/0x0209/0x0409/0x0809).
    if body[:2] in (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08"):
        return open_workbook_xls(**kwargs)
    raise LegacyReadError("corrupt", "not an Excel 97-2003 (.xls) workbook")


def _xls_error(exc: BaseException) -> LegacyReadError:
    if isinstance(exc, LegacyReadError):
        return exc
    msg = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:200]
    low = msg.lower()
    if "encrypt" in low or "password" in low:
        return LegacyReadError("encrypted", msg)
    return LegacyReadError("corrupt", msg)


def _book_text(book, max_cells: int, max_rows_per_sheet: int) -> str:
    lines: list[str] = []
    cells = 0
    for idx in range(min(book.nsheets, MAX_SHEETS)):
        sheet = book.sheet_by_index(idx)
        lines.append(sheet.name)
        for r in range(min(sheet.nrows, max_rows_per_sheet)):
            types = sheet.row_types(r)
            values = sheet.row_values(r)
            cells += len(values)
            row = [_xls_cell(t, v, book.datemode) for t, v in zip(types, values)]
            while row and not row[-1]:
                row.pop()
            if row:
                lines.append("\t".join(row))
            if cells >= max_cells:
                break
        book.unload_sheet(idx)
        if cells >= max_cells:
            break
    return "\n".join(lines)


def read_xls(body: bytes, *, max_cells: int = 1_000_000,
             max_rows_per_sheet: int = 20_000) -> tuple[str, int | None]:
    """Text and sheet count of an Excel 97-2003 (BIFF8) or older (BIFF2-7) workbook.

    Each sheet: its name on a line, then its non-empty rows with cells tab-joined (trailing
    empty cells dropped; numbers without a needless ".0"; dates ISO 8601; TRUE/FALSE; error
    codes such as "#DIV/0!").  At most ``max_rows_per_sheet`` rows per sheet and about
    ``max_cells`` cells in all are read (and 200 sheets); the sheet count is the whole
    workbook's.  Raises ``LegacyReadError`` (unsupported without xlrd, encrypted, corrupt).
    """
    try:
        import xlrd  # noqa: F401
    except ImportError:
        raise LegacyReadError("unsupported", "xls needs the Python package xlrd>=2.0") from None
    body = bytes(body)
    if not body:
        raise LegacyReadError("corrupt", "empty body")
    try:
        book = _open_book(body, None)
    except LookupError:
        # BIFF5 with a codepage Python has no codec for (e.g. Mac Thai 10021): read it as cp874
        # (ASCII is the same in every codepage; Mac Thai is close to cp874 for Thai letters).
        try:
            book = _open_book(body, _LENIENT_CP874)
        except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds on bad input
            raise _xls_error(exc) from None
    except Exception as exc:  # noqa: BLE001
        raise _xls_error(exc) from None
    try:
        try:
            text = _book_text(book, max_cells, max_rows_per_sheet)
            nsheets = book.nsheets
            encoding = (book.encoding or "").lower()
            biff = book.biff_version
        finally:
            book.release_resources()
        if biff < 80 and encoding not in _THAI_ENCODINGS and _looks_like_thai_mojibake(text):
            # Missing (xlrd then assumes iso-8859-1) or wrong CODEPAGE record: re-read the
            # 8-bit strings as cp874 when that gives plausible Thai.
            candidate = repair_thai_mojibake(text, encoding or "latin-1")
            if candidate != text:
                book = _open_book(body, _LENIENT_CP874)
                try:
                    text = _book_text(book, max_cells, max_rows_per_sheet)
                finally:
                    book.release_resources()
    except LegacyReadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _xls_error(exc) from None
    return text, nsheets


# ---------------------------------------------------------------------------
# Converters
# ---------------------------------------------------------------------------

def _which(*names: str) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


def _soffice() -> str | None:
    return _which("soffice", "libreoffice")


def converter_available(kind: str) -> str | None:
    """What would read ``kind``: a converter's path, "builtin" (RTF), "xlrd" (XLS), or None."""
    kind = (kind or "").lower().lstrip(".")
    if kind == "xls":
        try:
            import xlrd  # noqa: F401
        except ImportError:
            return None
        return "xlrd"
    if kind == "rtf":
        return "builtin"
    if kind == "doc":
        return _soffice() or _which("antiword", "catdoc")
    if kind == "ppt":
        return _soffice()
    return None


_INSTALL_HINT = ("install LibreOffice (Debian: libreoffice-writer-nogui{extra}; "
                 "or set PATH to a soffice)")

# Seeded into each fresh profile: no macros at all, no link updates.
#   Writer Content/Update/Link: 0 = never (1 = on request, 2 = always)
#   Calc   Content/Update/Link: 1 = never (0 = always, 2 = on request)
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
</oor:items>
"""


def _converter_command(exe: str, profile_dir: Path, target: str, outdir: Path, src: Path) -> list[str]:
    """The LibreOffice command line.  No --macro/--accept/script options: only a conversion."""
    return [
        exe,
        f"-env:UserInstallation={profile_dir.as_uri()}",
        "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
        "--nolockcheck", "--nofirststartwizard",
        "--convert-to", target, "--outdir", str(outdir), str(src),
    ]


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _run(cmd: list[str], *, timeout: float, cwd: Path, what: str) -> tuple[int, bytes, bytes]:
    """Run ``cmd`` in its own session with HOME/TMPDIR in ``cwd``; kill its group on timeout.

    Returns (returncode, stdout, stderr)."""
    env = dict(os.environ)
    env.update(HOME=str(cwd), TMPDIR=str(cwd), TMP=str(cwd), TEMP=str(cwd),
               XDG_CONFIG_HOME=str(cwd / ".config"), XDG_CACHE_HOME=str(cwd / ".cache"),
               XDG_DATA_HOME=str(cwd / ".local"), SAL_USE_VCLPLUGIN="svp", LC_ALL="C.UTF-8")
    env.pop("DISPLAY", None)
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
    except OSError as exc:
        raise LegacyReadError("unsupported", f"{what} could not be started: {exc}") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        proc.communicate()
        raise LegacyReadError("timeout", f"{what} took longer than {timeout:g} s") from None
    except BaseException:
        _kill_group(proc.pid)
        proc.communicate()
        raise
    # Anything the converter left behind in its group (daemonised helpers) goes too.
    _kill_group(proc.pid)
    return proc.returncode, out, err


def _libreoffice_convert(body: bytes, in_ext: str, target: str, out_ext: str, timeout: float) -> bytes:
    """Convert ``body`` with LibreOffice in a private temp dir; the converted file's bytes."""
    exe = _soffice()
    if not exe:
        raise LegacyReadError("unsupported", f"{in_ext}: no converter; " + _INSTALL_HINT.format(extra=""))
    with tempfile.TemporaryDirectory(prefix="oit-legacy-") as tmp:
        tmp_path = Path(tmp)
        profile = tmp_path / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        src = tmp_path / f"input.{in_ext}"
        src.write_bytes(body)
        outdir = tmp_path / "out"
        outdir.mkdir()
        cmd = _converter_command(exe, profile, target, outdir, src)
        rc, out, err = _run(cmd, timeout=timeout, cwd=tmp_path, what="LibreOffice")
        result = outdir / f"input.{out_ext}"
        if not result.is_file():
            detail = (err or out).decode("utf-8", "replace").strip().replace("\n", " ")
            detail = re.sub(r"Warning: failed to launch javaldx[^.]*\.?\s*", "", detail)[:200]
            raise LegacyReadError(
                "corrupt",
                f"LibreOffice could not convert the {in_ext} (corrupt or password-protected)"
                + (f": {detail}" if detail else f" (exit {rc})"),
            )
        if result.stat().st_size > MAX_CONVERTED_BYTES:
            raise LegacyReadError("corrupt", "converted document too large")
        return result.read_bytes()


# --- reading LibreOffice's DOCX / PPTX output --------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _xml_root(zf: zipfile.ZipFile, name: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    return etree.fromstring(zf.read(name), parser)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LegacyReadError("corrupt", f"converted document unreadable: {exc}") from None
    if sum(zi.file_size for zi in zf.infolist()) > MAX_CONVERTED_BYTES:
        raise LegacyReadError("corrupt", "converted document too large")
    return zf


def _wml_text(root, out: list[str]) -> None:
    """Paragraphs as lines; table cells tab-separated, rows as lines; field codes skipped."""
    from lxml import etree

    cell_depth = 0
    line: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == _W + "tc":
                cell_depth += 1
            elif tag == _W + "t" and el.text:
                line.append(el.text)
            elif tag == _W + "tab":
                line.append("\t")
            elif tag in (_W + "br", _W + "cr"):
                line.append(" " if cell_depth else "\n")
            continue
        if tag == _W + "p":
            if cell_depth:
                line.append(" ")
            else:
                out.append("".join(line))
                line = []
        elif tag == _W + "tc":
            cell_depth -= 1
            line.append("\t")
        elif tag == _W + "tr":
            out.append("\t".join(part.strip() for part in "".join(line).split("\t")).rstrip("\t"))
            line = []
    if line:
        out.append("".join(line))


def _docx_text(data: bytes) -> str:
    zf = _open_zip(data)
    names = zf.namelist()
    if "word/document.xml" not in names:
        raise LegacyReadError("corrupt", "converted document has no body")
    out: list[str] = []
    parts = sorted(n for n in names if re.fullmatch(r"word/header\d*\.xml", n))
    parts.append("word/document.xml")
    parts += sorted(n for n in names if re.fullmatch(r"word/(footnotes|endnotes|footer\d*)\.xml", n))
    for name in parts:
        _wml_text(_xml_root(zf, name), out)
    return _tidy("\n".join(out))


def _pptx_text(data: bytes) -> str:
    zf = _open_zip(data)
    slides = sorted(
        (int(m.group(1)), n) for n in zf.namelist()
        if (m := re.fullmatch(r"ppt/slides/slide(\d+)\.xml", n))
    )
    out: list[str] = []
    for _, name in slides:
        root = _xml_root(zf, name)
        for p in root.iter(_A + "p"):
            parts = []
            for el in p.iter(_A + "t", _A + "br", _A + "tab"):
                if el.tag == _A + "t":
                    parts.append(el.text or "")
                else:
                    parts.append("\t" if el.tag == _A + "tab" else "\n")
            text = "".join(parts).strip()
            if text:
                out.append(text)
    return _tidy("\n".join(out))


_RE_TRAILING_WS = re.compile(r"[ \t]+\n")
_RE_BLANK_LINES = re.compile(r"\n{2,}")


def _tidy(s: str) -> str:
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    s = _RE_TRAILING_WS.sub("\n", s)
    s = _RE_BLANK_LINES.sub("\n", s)  # blank lines carry nothing (clean_text drops them too)
    return s.strip()


# --- .doc --------------------------------------------------------------------

def _is_rtf(body: bytes) -> bool:
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:5] == b"{\\rtf"


def read_doc(body: bytes, *, timeout: float = 60) -> str:
    """Text of a Word 97-2003 .doc (paragraphs as lines, table cells tab-separated).

    LibreOffice when on PATH, else antiword, else catdoc; an RTF body (often served as .doc)
    goes to the RTF decoder.  Raises ``LegacyReadError``: ``unsupported`` when no converter is
    installed (the message says what to install), ``corrupt`` (also for password-protected
    files, which LibreOffice cannot tell apart here), ``timeout``.
    """
    body = bytes(body)
    if _is_rtf(body):
        return read_rtf(body, timeout=timeout)
    if not body.startswith(OLE_MAGIC):
        raise LegacyReadError("corrupt", "not a Word 97-2003 (.doc) document")
    if _soffice():
        return _docx_text(_libreoffice_convert(body, "doc", "docx:MS Word 2007 XML", "docx", timeout))
    tool = _which("antiword", "catdoc")
    if not tool:
        raise LegacyReadError(
            "unsupported", "doc: no converter; " + _INSTALL_HINT.format(extra="") + ", or antiword")
    with tempfile.TemporaryDirectory(prefix="oit-legacy-") as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / "input.doc"
        src.write_bytes(body)
        if Path(tool).name == "antiword":
            # -m UTF-8.txt: UTF-8 output (Thai intact); -w 0: no line wrapping (it would split words).
            cmd = [tool, "-m", "UTF-8.txt", "-w", "0", str(src)]
        else:
            cmd = [tool, "-d", "utf-8", "-w", str(src)]
        rc, out, err = _run(cmd, timeout=timeout, cwd=tmp_path, what=Path(tool).name)
    if rc != 0:
        msg = err.decode("utf-8", "replace").strip().replace("\n", " ")[:200]
        code = "encrypted" if "encrypt" in msg.lower() else "corrupt"
        raise LegacyReadError(code, f"{Path(tool).name} failed: {msg or f'exit {rc}'}")
    text = out.decode("utf-8", "replace")
    if Path(tool).name == "antiword":
        # Table rows come out as "|cell   |cell   |": cells tab-separated instead.
        text = re.sub(r"(?m)^\|(.*)\|[ \t]*$",
                      lambda m: "\t".join(c.strip() for c in m.group(1).split("|")), text)
    return _tidy(repair_thai_mojibake(text))


# --- .ppt --------------------------------------------------------------------

def read_ppt(body: bytes, *, timeout: float = 60) -> str:
    """Text of a PowerPoint 97-2003 .ppt, slide by slide (one line per paragraph).  Needs
    LibreOffice (Impress); raises ``LegacyReadError`` like ``read_doc``."""
    body = bytes(body)
    if not body.startswith(OLE_MAGIC):
        raise LegacyReadError("corrupt", "not a PowerPoint 97-2003 (.ppt) document")
    if not _soffice():
        raise LegacyReadError(
            "unsupported", "ppt: no converter; " + _INSTALL_HINT.format(extra=", libreoffice-impress-nogui"))
    return _pptx_text(_libreoffice_convert(body, "ppt", "pptx:Impress MS PowerPoint 2007 XML", "pptx", timeout))


# ---------------------------------------------------------------------------
# RTF
# ---------------------------------------------------------------------------

# Font charset (\fcharsetN) -> codepage; 1 = "default" = the document's \ansicpg.
_CHARSET_CODEPAGE = {
    0: 1252, 2: 42, 77: 10000, 128: 932, 129: 949, 130: 1361, 134: 936, 136: 950, 161: 1253,
    162: 1254, 163: 1258, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250,
    254: 437, 255: 850,
}
_CODEPAGE_CODEC = {10000: "mac_roman", 1361: "johab", 65001: "utf-8", 20127: "ascii"}

# Destinations whose content is not document text.
_RTF_SKIP = frozenset({
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "objdata", "objclass", "themedata",
    "colorschememapping", "datastore", "latentstyles", "listtable", "listoverridetable",
    "rsidtbl", "xmlnstbl", "generator", "mmathPr", "fldinst", "pgdsctbl", "revtbl", "filetbl",
    "nonshppict", "shppict", "shpinst", "do", "ftnsep", "ftnsepc", "aftnsep", "aftnsepc",
    "template", "userprops", "docvar", "passwordhash", "protusertbl", "listpicture",
    "bkmkstart", "bkmkend", "fldtype", "datafield", "formfield", "xe", "tc", "tcn",
    "wgrffmtfilter", "defchp", "defpap", "operator", "author", "title", "subject", "keywords",
    "comment", "company", "doccomm", "hlinkbase", "manager", "category", "creatim", "revtim",
    "printim", "buptim", "ftncn", "aftncn", "falt", "panose", "fontemb", "fontfile",
})
_RTF_CHARS = {
    "par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "nestrow": "\n",
    "tab": "\t", "cell": "\t", "nestcell": "\t",
    "emdash": "\u2014", "endash": "\u2013", "emspace": " ", "enspace": " ", "qmspace": " ",
    "bullet": "\u2022", "lquote": "\u2018", "rquote": "\u2019", "ldblquote": "\u201c",
    "rdblquote": "\u201d", "zwj": "\u200d", "zwnj": "\u200c", "ltrmark": "", "rtlmark": "",
}
_RTF_SYMBOLS = {b"\\": "\\", b"{": "{", b"}": "}", b"~": "\u00a0", b"_": "\u2011", b"-": "",
                b"\n": "\n", b"\r": "\n", b"\t": "\t"}
_RE_RTF = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # 1, 2: control word and parameter
    rb"|\\'([0-9a-fA-F]{2})"                # 3: hex byte
    rb"|\\(.)"                              # 4: control symbol
    rb"|([{}])"                             # 5: group
    rb"|[\r\n]+"                            # line breaks in the file: not text
    rb"|([^\\{}\r\n]+)",                    # 6: text bytes
    re.DOTALL,
)


def _codec(codepage: int) -> str | None:
    if codepage == 42:  # symbol fonts: glyphs, not text
        return None
    name = _CODEPAGE_CODEC.get(codepage, f"cp{codepage}")
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


class _RtfState:
    __slots__ = ("font", "fonttbl", "skip", "uc")

    def __init__(self, skip=False, font=None, uc=1, fonttbl=False):
        self.skip, self.font, self.uc, self.fonttbl = skip, font, uc, fonttbl

    def copy(self) -> _RtfState:
        return _RtfState(self.skip, self.font, self.uc, self.fonttbl)


def rtf_to_text(data: bytes) -> str:
    """Plain text of an RTF document (the built-in decoder behind ``read_rtf``)."""
    out: list[str] = []
    pending = bytearray()          # 8-bit text waiting to be decoded ...
    pending_codec: list = [None]   # ... with this codec
    ansi_cp = 1252
    deff: int | None = None
    fonts: dict[int, int] = {}     # font number -> codepage
    font_def: int | None = None    # font being defined in the font table
    stack: list[_RtfState] = []
    st = _RtfState()
    group_start = False
    skip_fallback = 0              # fallback characters still to drop after \uN

    def flush() -> None:
        if pending:
            codec = pending_codec[0]
            if codec:
                out.append(pending.decode(codec, "replace"))
            pending.clear()

    def font_codepage() -> int:
        f = st.font if st.font is not None else deff
        if f is not None and f in fonts:
            return fonts[f]
        return ansi_cp

    def add_bytes(b: bytes) -> None:
        codec = _codec(font_codepage())
        if pending and pending_codec[0] != codec:
            flush()
        pending_codec[0] = codec
        pending.extend(b)

    def add_text(s: str) -> None:
        flush()
        out.append(s)

    pos, n = 0, len(data)
    while pos < n:
        m = _RE_RTF.match(data, pos)
        if m is None:  # a lone backslash at the very end
            break
        pos = m.end()
        word, param, hexbyte, symbol, brace, text = m.group(1, 2, 3, 4, 5, 6)
        if brace is not None:
            skip_fallback = 0
            if brace == b"{":
                stack.append(st)
                st = st.copy()
                group_start = True
            else:
                if stack:
                    st = stack.pop()
                group_start = False
            continue
        if skip_fallback:
            # Drop the ANSI fallback of a \uN: each text byte, \'xx or control counts as one.
            if text is not None:
                k = min(skip_fallback, len(text))
                skip_fallback -= k
                text = text[k:]
                if not text:
                    continue
            else:
                skip_fallback -= 1
                if word == b"bin":
                    pos += max(0, int(param or 0))
                continue
        if word is not None:
            w = word.decode("ascii")
            num = int(param) if param is not None else None
            if group_start and (w in _RTF_SKIP):
                st.skip = True
                if w == "fonttbl":
                    st.fonttbl = True
            group_start = False
            if w == "bin":  # binary data: never text
                pos += max(0, num or 0)
                continue
            if st.fonttbl:
                if w == "f" and num is not None:
                    font_def = num
                    fonts.setdefault(num, ansi_cp)
                elif w == "fcharset" and font_def is not None and num is not None:
                    cp = _CHARSET_CODEPAGE.get(num, ansi_cp) if num != 1 else ansi_cp
                    fonts[font_def] = cp
                elif w == "cpg" and font_def is not None and num:
                    fonts[font_def] = num
                continue
            if w == "ansicpg" and num:
                ansi_cp = num
            elif w == "deff" and num is not None:
                deff = num
            elif w == "f" and num is not None:
                st.font = num
            elif w == "plain":
                st.font = None
            elif w == "uc" and num is not None:
                st.uc = max(0, min(num, 10))
            elif w == "u" and num is not None:
                if not st.skip:
                    add_text(chr(num + 65536 if num < 0 else num) if -32768 <= num <= 65535 else "")
                skip_fallback = st.uc
            elif not st.skip and w in _RTF_CHARS:
                add_text(_RTF_CHARS[w])
            continue
        if hexbyte is not None:
            group_start = False
            if not st.skip:
                add_bytes(bytes((int(hexbyte, 16),)))
            continue
        if symbol is not None:
            if symbol == b"*":
                if group_start:
                    st.skip = True  # an optional destination this reader does not know
                continue
            group_start = False
            if not st.skip and symbol in _RTF_SYMBOLS:
                add_text(_RTF_SYMBOLS[symbol])
            continue
        if text is not None:
            group_start = False
            if not st.skip:
                if text.isascii():
                    add_text(text.decode("ascii"))
                else:
                    add_bytes(text)
            continue
        # bare CR/LF: nothing
    flush()
    s = "".join(out)
    # \uN gives UTF-16 code units: join surrogate pairs, drop lone ones.
    s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").replace("\ufffd", "")
    return _tidy(s)


def read_rtf(body: bytes, *, timeout: float = 60, use_converter: bool = False) -> str:
    """Text of an RTF document: the built-in decoder (no converter needed), or LibreOffice with
    ``use_converter=True`` when it is on PATH.  Raises ``LegacyReadError`` (corrupt when the
    body is not RTF, timeout)."""
    body = bytes(body)
    if not _is_rtf(body):
        raise LegacyReadError("corrupt", "not an RTF document")
    if use_converter and _soffice():
        return _docx_text(_libreoffice_convert(body, "rtf", "docx:MS Word 2007 XML", "docx", timeout))
    return repair_thai_mojibake(rtf_to_text(body))
