"""Tests for crawler.legacy_office (.xls via xlrd; .doc/.ppt via LibreOffice/antiword; RTF decoder).

The fixtures are in tests/fixtures/docs/legacy/ (rebuilt by make_legacy.py there); their source
strings are in legacy_text.py beside them.  Tests that need LibreOffice skip only when no converter
is on PATH; the no-converter path is tested everywhere by emptying PATH.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from crawler import legacy_office as L
from crawler.legacy_office import (
    LegacyReadError,
    converter_available,
    read_doc,
    read_ppt,
    read_rtf,
    read_xls,
    repair_thai_mojibake,
)
from tests.fixtures.docs.legacy import legacy_text as T

LEGACY = Path(__file__).parent / "fixtures" / "docs" / "legacy"

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")


def fixture(name: str) -> bytes:
    return (LEGACY / name).read_bytes()


@pytest.fixture
def empty_path(monkeypatch, tmp_path):
    """PATH with nothing on it: no soffice, antiword or catdoc (as on CI)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return empty


# --- .xls ----------------------------------------------------------------------------------

def test_xls_skr1_thai_exact():
    text, sheets = read_xls(fixture("skr1_oct67.xls"))
    assert sheets == 2
    assert text == T.skr_expected_text()
    lines = text.split("\n")
    assert lines[0] == "ต.ค. 67"
    assert lines[4].split("\t") == T.SKR_HEADERS
    assert "ใบสั่งซื้อเลขที่ ๑/๒๕๖๘ ลงวันที่ ๓ ต.ค. ๒๕๖๗" in lines[5].split("\t")
    # numbers without ".0", decimals kept, a date cell as ISO
    assert lines[5].split("\t")[:4] == ["1", "จัดซื้อวัสดุสำนักงาน", "12500", "12500"]
    assert lines[7].split("\t")[2] == "4350.75"
    assert "ข้อมูล ณ วันที่\t2024-10-31" in lines


@pytest.mark.parametrize("name", ["biff5_cp874.xls", "biff5_no_codepage.xls", "biff5_wrong_codepage.xls"])
def test_xls_biff5_codepage(name):
    """Excel 95 stores 8-bit text: CODEPAGE 874 is honoured, and a missing (xlrd would use
    Latin-1) or wrong (1252) CODEPAGE is detected from the mojibake and read as cp874."""
    text, sheets = read_xls(fixture(name))
    assert sheets == 1
    assert text == T.biff5_expected_text()


def test_xls_biff5_western_text_is_not_rethaied():
    """A cp1252 Excel 95 workbook with accents stays as it is (no false mojibake detection)."""
    from tests.fixtures.docs.legacy import make_legacy as M

    rows = [["Café Müller", "résumé"], ["Crème brûlée", "naïve"]]
    text, _ = read_xls(M._ole("Book", _biff5_latin(M, "Feuil1", rows)))
    assert text.split("\n") == ["Feuil1", "Café Müller\trésumé", "Crème brûlée\tnaïve"]


def _biff5_latin(M, sheet, rows):
    """Like make_legacy._biff5_stream, but cp1252 strings and CODEPAGE 1252."""
    import struct

    rec = M._rec
    bof = rec(0x0809, struct.pack("<HHHH", 0x0500, 0x0005, 0x0DBB, 0x07CC))
    cp = rec(0x0042, struct.pack("<H", 1252))
    name = sheet.encode("cp1252")
    eof = rec(0x000A, b"")
    pos = len(bof) + len(cp) + 4 + 7 + len(name) + len(eof)
    globals_ = bof + cp + rec(0x0085, struct.pack("<IBBB", pos, 0, 0, len(name)) + name) + eof
    cells = b""
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            raw = v.encode("cp1252")
            cells += rec(0x0204, struct.pack("<HHHH", r, c, 0x0F, len(raw)) + raw)
    ws = rec(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0x0DBB, 0x07CC)) + cells + eof
    return globals_ + ws


def test_xls_caps():
    text, sheets = read_xls(fixture("skr1_oct67.xls"), max_rows_per_sheet=2)
    assert sheets == 2
    assert text.split("\n") == ["ต.ค. 67", T.SKR_TITLE[0], T.SKR_TITLE[1], "พ.ย. 67", T.SKR_SHEET_2_ROW]
    text, _ = read_xls(fixture("skr1_oct67.xls"), max_cells=10)
    assert text.split("\n")[0] == "ต.ค. 67"
    assert "พ.ย. 67" not in text


@pytest.mark.parametrize(
    "body",
    [
        fixture("skr1_oct67.xls")[:3000],              # truncated
        fixture("skr1_oct67.xls")[: 8704 // 2],
        L.OLE_MAGIC + b"x" * 600,                       # OLE magic, garbage after
        b"PK\x03\x04 not an xls at all",
        b"<html><body>404</body></html>",
    ],
    ids=["truncated", "half", "bad-ole", "zip", "html"],
)
def test_xls_corrupt_is_clean_error(body, capsys):
    with pytest.raises(LegacyReadError) as ei:
        read_xls(body)
    assert ei.value.code == "corrupt"
    assert str(ei.value).startswith("corrupt: ")
    assert capsys.readouterr().out == ""  # xlrd's chatter does not reach stdout


def test_xls_password_protected():
    with pytest.raises(LegacyReadError) as ei:
        read_xls(fixture("biff5_password.xls"))
    assert ei.value.code == "encrypted"


def test_xls_empty():
    with pytest.raises(LegacyReadError) as ei:
        read_xls(b"")
    assert ei.value.code == "corrupt"


def test_converter_available_xls_and_rtf(empty_path):
    assert converter_available("xls") == "xlrd"
    assert converter_available("rtf") == "builtin"


# --- mojibake helper -------------------------------------------------------------------------

def test_repair_thai_mojibake():
    thai = "ราคากลางงานจ้างก่อสร้าง ปีงบประมาณ พ.ศ. ๒๕๖๘"
    assert repair_thai_mojibake(thai.encode("cp874").decode("latin-1"), "latin-1") == thai
    assert repair_thai_mojibake(thai.encode("cp874").decode("cp1252")) == thai
    for western in ["Café Müller, résumé, naïve", "Zürich – Genève", "ÀÉÎÕÜ test"]:
        assert repair_thai_mojibake(western) == western
    assert repair_thai_mojibake(thai) == thai
    assert repair_thai_mojibake("") == ""


# --- no converter (CI) -----------------------------------------------------------------------

def test_no_converter_doc_and_ppt(empty_path):
    assert converter_available("doc") is None
    assert converter_available("ppt") is None
    with pytest.raises(LegacyReadError) as ei:
        read_doc(fixture("manual_2568.doc"))
    assert ei.value.code == "unsupported"
    assert "LibreOffice" in ei.value.message and "antiword" in ei.value.message
    with pytest.raises(LegacyReadError) as ei:
        read_ppt(fixture("report_slides.ppt"))
    assert ei.value.code == "unsupported"
    assert "libreoffice-impress" in ei.value.message
    # RTF needs no converter, also when served as ".doc"
    assert read_rtf(fixture("notice_2568.rtf")).split("\n") == T.NOTICE_LINES
    assert read_doc(fixture("notice_2568.rtf")).split("\n") == T.NOTICE_LINES


def test_not_this_format(empty_path):
    for fn in (read_doc, read_ppt):
        with pytest.raises(LegacyReadError) as ei:
            fn(b"%PDF-1.4 not a doc")
        assert ei.value.code == "corrupt"
    with pytest.raises(LegacyReadError) as ei:
        read_rtf(b"plain text")
    assert ei.value.code == "corrupt"


# --- with a converter --------------------------------------------------------------------------

MANUAL_EXPECTED = T.MANUAL_LINES + ["\t".join(row) for row in T.MANUAL_TABLE]


def test_doc_read_by_available_converter():
    conv = converter_available("doc")
    if conv is None:
        pytest.skip("no .doc converter on PATH (install LibreOffice, or antiword)")
    text = read_doc(fixture("manual_2568.doc"))
    assert text.split("\n") == MANUAL_EXPECTED
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘" in text


@needs_soffice
def test_doc_via_libreoffice_leaves_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert converter_available("doc") == SOFFICE
    t0 = time.monotonic()
    assert read_doc(fixture("manual_2568.doc"), timeout=120).split("\n") == MANUAL_EXPECTED
    assert time.monotonic() - t0 < 60
    assert list(tmp_path.iterdir()) == []  # the private temp dir and profile are gone


@needs_soffice
def test_concurrent_conversions_do_not_clash():
    from concurrent.futures import ThreadPoolExecutor

    body = fixture("manual_2568.doc")
    with ThreadPoolExecutor(3) as ex:
        results = list(ex.map(lambda _: read_doc(body, timeout=120), range(3)))
    assert all(r.split("\n") == MANUAL_EXPECTED for r in results)


@needs_soffice
def test_ppt_via_libreoffice():
    assert converter_available("ppt") == SOFFICE
    text = read_ppt(fixture("report_slides.ppt"), timeout=120)
    assert text.split("\n") == [line for slide in T.SLIDES for line in slide]


@needs_soffice
def test_rtf_via_libreoffice_matches_builtin():
    via_lo = read_rtf(fixture("notice_2568.rtf"), use_converter=True, timeout=120)
    assert via_lo.split("\n") == T.NOTICE_LINES
    assert via_lo == read_rtf(fixture("notice_2568.rtf"))


@needs_soffice
def test_doc_corrupt_via_libreoffice():
    with pytest.raises(LegacyReadError) as ei:
        read_doc(fixture("manual_2568.doc")[:5000], timeout=120)
    assert ei.value.code == "corrupt"


@pytest.mark.parametrize("tool", ["antiword", "catdoc"])
def test_doc_fallback_tools(tool, monkeypatch, tmp_path):
    """Without LibreOffice, antiword (then catdoc) reads Word 97 Thai correctly (-m UTF-8.txt / -d utf-8,
    no line wrapping)."""
    exe = shutil.which(tool)
    if exe is None:
        pytest.skip(f"{tool} is not installed")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / tool).symlink_to(exe)
    monkeypatch.setenv("PATH", str(bindir))
    assert converter_available("doc") == str(bindir / tool)
    assert read_doc(fixture("manual_2568.doc")).split("\n") == MANUAL_EXPECTED


def test_converter_command_has_no_macro_options(tmp_path):
    cmd = L._converter_command("/usr/bin/soffice", tmp_path / "p", "docx", tmp_path / "o", tmp_path / "in.doc")
    joined = " ".join(cmd)
    assert "--headless" in cmd and f"-env:UserInstallation={(tmp_path / 'p').as_uri()}" in cmd
    assert "macro" not in joined.lower() and "--accept" not in joined and "--invisible" in cmd
    assert "<value>true</value>" in L._REGISTRY and "DisableMacrosExecution" in L._REGISTRY
    assert 'oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value>' in L._REGISTRY


def test_hanging_conversion_is_killed(monkeypatch, tmp_path):
    """A converter that never finishes is killed with its whole process group at the timeout."""
    pidfile = tmp_path / "child.pid"
    sleep = shutil.which("sleep", path=os.defpath + os.pathsep + os.environ.get("PATH", "")) or "sleep"
    monkeypatch.setattr(L, "_soffice", lambda: "/bin/sh")
    monkeypatch.setattr(
        L, "_converter_command",
        lambda exe, profile, target, outdir, src: [
            "/bin/sh", "-c", f"{sleep} 300 & echo $! > {pidfile}; {sleep} 300"],
    )
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    t0 = time.monotonic()
    with pytest.raises(LegacyReadError) as ei:
        read_doc(fixture("manual_2568.doc"), timeout=1)
    assert ei.value.code == "timeout"
    assert time.monotonic() - t0 < 10
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(child), "the converter's child process survived the timeout"
    assert list(scratch.iterdir()) == []


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie waiting for its (new) parent to reap it is not running
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_converter_not_startable(monkeypatch, tmp_path):
    monkeypatch.setattr(L, "_soffice", lambda: str(tmp_path / "missing-soffice"))
    with pytest.raises(LegacyReadError) as ei:
        read_doc(fixture("manual_2568.doc"), timeout=5)
    assert ei.value.code == "unsupported"


# --- RTF decoder -------------------------------------------------------------------------------

def test_rtf_libreoffice_export_builtin(empty_path):
    text = read_rtf(fixture("notice_2568.rtf"))
    assert text.split("\n") == T.NOTICE_LINES


def _cp874_escaped(s: str) -> str:
    return "".join(f"\\'{b:02x}" if b >= 0x80 else chr(b) for b in s.encode("cp874"))


def _u_escaped(s: str, fallback: str = "?") -> str:
    return "".join(f"\\u{ord(c)}{fallback}" if ord(c) > 127 else c for c in s)


def test_rtf_word_style_escapes():
    """What MS Word writes for Thai: a Thai font (\\fcharset222) with \\'xx cp874 bytes, \\uN with
    an ANSI fallback byte, \\upr, tables, fields, bookmarks, pictures, binary data, and a Latin font
    whose \\'xx bytes are cp1252."""
    title = "แผนปฏิบัติการป้องกันการทุจริต"
    year = "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
    rtf = (
        "{\\rtf1\\ansi\\ansicpg874\\deff0\\uc1"
        "{\\fonttbl{\\f0\\froman\\fcharset222\\fprq2 Angsana New;}{\\f1\\fswiss\\fcharset0 Arial;}"
        "{\\f2\\fnil\\fcharset2 Symbol;}}"
        "{\\colortbl;\\red0\\green0\\blue0;}"
        "{\\stylesheet{\\s0 Normal;}}"
        "{\\info{\\title " + _cp874_escaped("ชื่อเรื่อง") + "}{\\author x}}"
        "{\\*\\generator Microsoft Word 11.0;}"
        "\\pard\\plain\\f0\\fs32 " + _cp874_escaped(title) + "\\par\n"
        + "{\\*\\bkmkstart _Toc1}" + _u_escaped(year, "\\'a1") + "{\\*\\bkmkend _Toc1}\\par\n"
        + "\\uc2 " + "\\u3585\\'a1\\'a1" + "\\uc1 \\par\n"          # uc2: two fallback bytes
        + "{\\f1 Caf\\'e9 \\'96 Zürich}\\par\n".replace("ü", "\\'fc")
        + "{\\field{\\*\\fldinst HYPERLINK \"http://example.go.th/\"}{\\fldrslt "
        + _cp874_escaped("เว็บไซต์") + "}}\\par\n"
        + "{\\pict\\pngblip 89504e470d0a1a0a0000000d49484452}"
        + "{\\*\\objdata 0105000002000000}"
        + "\\trowd\\cellx1000\\cellx2000 " + _cp874_escaped("ลำดับ") + "\\cell "
        + _cp874_escaped("รายการ") + "\\cell\\row\n"
        + "{\\f2 \\'b7}" + _cp874_escaped("ข้อ") + "\\tab 1\\par\n"
        + "A\\bin4 {\\}\\B\\par\n"
        + "\\u-10179?\\u-8704?\\par\n"                             # a surrogate pair: U+1F600
        + "}"
    )
    text = read_rtf(rtf.encode("ascii"))
    assert text.split("\n") == [
        title,
        year,
        "ก",
        "Café – Zürich",
        "เว็บไซต์",
        "ลำดับ\tรายการ",
        "ข้อ\t1",
        "AB",
        "\U0001F600",
    ]


def test_rtf_raw_8bit_and_mojibake():
    thai = "รายงานผลการดำเนินงาน"
    # raw 8-bit bytes (no \\'xx) in a \\ansicpg874 document
    assert read_rtf(b"{\\rtf1\\ansi\\ansicpg874 " + thai.encode("cp874") + b"\\par}") == thai
    # a Western font declared for Thai bytes: cp1252 mojibake, repaired
    body = b"{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0\\fcharset0 Times;}}\\f0 " + thai.encode("cp874") + b"}"
    assert read_rtf(body) == thai
    # but real Western text stays
    assert read_rtf(b"{\\rtf1\\ansi\\ansicpg1252 Caf\\'e9 na\\'efve r\\'e9sum\\'e9}") == "Café naïve résumé"


def test_rtf_malformed_is_lenient():
    assert read_rtf(b"{\\rtf1 unbalanced {group \\par text") == "unbalanced group\ntext"
    assert read_rtf(b"{\\rtf1 trailing backslash \\") == "trailing backslash"
    assert read_rtf(b"{\\rtf1}") == ""
