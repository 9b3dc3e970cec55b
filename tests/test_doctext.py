"""Tests for crawler.doctext (document detection and text extraction)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import pytest

from crawler import doctext
from crawler.doctext import (
    ExtractedText,
    detect_kind,
    extract_text,
    filename_from,
    is_document_url,
    parse_pdf_date,
)
from tests.fixtures.docs import fixture_text as FT

DOCS = Path(__file__).parent / "fixtures" / "docs"


PDF_HEAD = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
OLE_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
ZIP_HEAD = b"PK\x03\x04\x14\x00\x00\x00\x08\x00"
THAI_DOCX_NAME = "แผนปฏิบัติการ 2568.docx"
THAI_DOCX_PCT = "%E0%B9%81%E0%B8%9C%E0%B8%99%E0%B8%9B%E0%B8%8F%E0%B8%B4%E0%B8%9A%E0%B8%B1%E0%B8%95%E0%B8%B4%E0%B8%81%E0%B8%B2%E0%B8%A3%202568.docx"


def nospace(s: str) -> str:
    return re.sub(r"\s+", "", s)


def code(result: ExtractedText) -> str | None:
    return result.error.split(":", 1)[0] if result.error else None


# ---------------------------------------------------------------------------
# detect_kind / is_document_url / filename_from
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "url, ct, cd, head, expected",
    [
        # magic bytes win over everything
        ("https://x.go.th/a.html", "text/html", None, PDF_HEAD, "pdf"),
        ("https://x.go.th/a.pdf", "application/pdf", None, b"<!DOCTYPE html><html>", None),
        ("https://x.go.th/a.pdf", None, None, b"\xef\xbb\xbf  <html lang=th>", None),
        ("https://x.go.th/a.xls", "application/vnd.ms-excel", None, b"<table><tr>", None),
        ("https://x.go.th/a.pdf", None, None, b"\x89PNG\r\n\x1a\n", None),
        ("https://x.go.th/f", None, None, b"junk\r\n" + PDF_HEAD, "pdf"),
        # OLE2 refined by hints, or by stream names in the bytes
        ("https://x.go.th/a.xls", None, None, OLE_HEAD, "xls"),
        ("https://x.go.th/a.docx", None, None, OLE_HEAD, "doc"),  # mislabelled
        ("https://x.go.th/f?id=1", None, None, OLE_HEAD + "Workbook".encode("utf-16-le"), "xls"),
        ("https://x.go.th/f", None, None, OLE_HEAD + "PowerPoint Document".encode("utf-16-le"), "ppt"),
        ("https://x.go.th/a.docx", None, None,
         OLE_HEAD + "EncryptedPackage".encode("utf-16-le"), "docx"),
        # ZIP refined by hints
        ("https://x.go.th/download.php?id=7", "application/octet-stream",
         f"attachment; filename*=UTF-8''{THAI_DOCX_PCT}", ZIP_HEAD, "docx"),
        ("https://x.go.th/a.xls", None, None, ZIP_HEAD, "xlsx"),  # mislabelled
        ("https://x.go.th/a.zip", "application/zip", None, ZIP_HEAD, None),
        # no head: Content-Type, then disposition file name, then URL
        ("https://x.go.th/a", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         None, b"", "xlsx"),
        ("https://x.go.th/a", "application/msword; charset=binary", None, b"", "doc"),
        ("https://x.go.th/a", "application/x-pdf", None, b"", "pdf"),
        ("https://x.go.th/a", "application/vnd.ms-excel", None, b"", "xls"),
        ("https://x.go.th/a", "application/vnd.oasis.opendocument.text", None, b"", "odt"),
        ("https://x.go.th/a", "application/rtf", None, b"", "rtf"),
        ("https://x.go.th/a",
         "application/vnd.openxmlformats-officedocument.presentationml.presentation", None, b"", "pptx"),
        ("https://x.go.th/a.pdf", "text/html; charset=utf-8", None, b"", None),
        ("https://x.go.th/a.pdf", "application/octet-stream", None, b"", "pdf"),
        ("https://x.go.th/a.php", "application/octet-stream", 'attachment; filename="plan.XLSX"',
         b"", "xlsx"),
        ("https://x.go.th/a.php", "application/force-download",
         f"attachment; filename*=UTF-8''{THAI_DOCX_PCT}", b"", "docx"),
        ("https://x.go.th/a.php", None, "inline; filename=report.pdf", b"", "pdf"),
        ("https://x.go.th/files/%E0%B9%81%E0%B8%9C%E0%B8%99.PDF", None, None, b"", "pdf"),
        ("https://x.go.th/download.php?id=12&file=x.pdf", None, None, b"", "pdf"),
        ("https://x.go.th/dl.php?f=uploads/2568/%E0%B9%81%E0%B8%9C%E0%B8%99.docx", None, None,
         b"", "docx"),
        ("https://x.go.th/ita/o10.pdf/view", None, None, b"", "pdf"),
        ("https://x.go.th/ita/o10.pdf;jsessionid=AB12", None, None, b"", "pdf"),
        ("https://x.go.th/index.php?option=com_content&id=5", None, None, b"", None),
        ("https://x.go.th/news/", "text/html", None, b"", None),
        ("https://x.go.th/logo.png", "image/png", None, b"", None),
    ],
)
def test_detect_kind(url, ct, cd, head, expected):
    assert detect_kind(url, ct, cd, head) == expected


def test_detect_kind_zip_member_names_and_odf_mimetype(tmp_path):
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)
    # full body given: the member names say xlsx even when the URL says docx
    assert detect_kind("https://x.go.th/a.docx", None, None, buf.getvalue()) == "xlsx"
    assert detect_kind("https://x.go.th/a", None, None, buf.getvalue()) == "xlsx"
    odt = _odf_zip("odt", "<office:text><text:p>x</text:p></office:text>")
    assert detect_kind("https://x.go.th/a", "application/octet-stream", None, odt[:200]) == "odt"
    ods = _odf_zip("ods", "<office:spreadsheet/>")
    assert detect_kind("https://x.go.th/a.xls", None, None, ods) == "ods"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://x.go.th/a.pdf", True),
        ("https://x.go.th/a.PDF?x=1#p2", True),
        ("https://x.go.th/%E0%B9%81%E0%B8%9C%E0%B8%99.xlsx", True),
        ("https://x.go.th/download.php?id=12&file=x.pdf", True),
        ("https://x.go.th/a.doc", True),
        ("https://x.go.th/a.odt", True),
        ("https://x.go.th/a.html", False),
        ("https://x.go.th/index.php?id=5", False),
        ("https://x.go.th/a.jpg", False),
        ("https://x.go.th/a.zip", False),
        ("https://x.go.th/", False),
        ("mailto:a@b.go.th", False),
        ("", False),
    ],
)
def test_is_document_url(url, expected):
    assert is_document_url(url) is expected


def test_filename_from():
    url = "https://x.go.th/download.php?id=12"
    assert filename_from(url, f"attachment; filename*=UTF-8''{THAI_DOCX_PCT}") == THAI_DOCX_NAME
    # filename* wins over filename
    assert filename_from(url, f'attachment; filename="fallback.docx"; filename*=utf-8\'\'{THAI_DOCX_PCT}') == THAI_DOCX_NAME
    assert filename_from(url, 'attachment; filename="plan 2568.pdf"') == "plan 2568.pdf"
    assert filename_from(url, "attachment; filename=plan.pdf") == "plan.pdf"
    # raw UTF-8 bytes in the header, decoded as Latin-1 by an HTTP stack
    mojibake = 'attachment; filename="' + THAI_DOCX_NAME.encode("utf-8").decode("latin-1") + '"'
    assert filename_from(url, mojibake) == THAI_DOCX_NAME
    # header as bytes
    assert filename_from(url, ('attachment; filename="' + THAI_DOCX_NAME + '"').encode("utf-8")) == THAI_DOCX_NAME
    # percent-encoded Thai inside plain filename=
    assert filename_from(url, f'attachment; filename="{THAI_DOCX_PCT}"') == THAI_DOCX_NAME
    # no directories ever
    assert filename_from(url, 'attachment; filename="../../etc/passwd"') == "passwd"
    assert filename_from(url, 'attachment; filename="C:\\docs\\plan.pdf"') == "plan.pdf"
    # from the URL
    assert filename_from("https://x.go.th/files/%E0%B9%81%E0%B8%9C%E0%B8%99.pdf") == "แผน.pdf"
    assert filename_from("https://x.go.th/download.php?id=12&file=uploads/x.pdf", None) == "x.pdf"
    assert filename_from("https://x.go.th/ita/o10.pdf/view") == "o10.pdf"
    assert filename_from("https://x.go.th/page.php") == "page.php"
    assert filename_from("https://x.go.th/", None) is None
    assert filename_from(None, None) is None


# ---------------------------------------------------------------------------
# PDF fixtures (committed; see tests/fixtures/docs/README.md)
# ---------------------------------------------------------------------------

def read_doc(name: str) -> bytes:
    return (DOCS / name).read_bytes()


def test_pdf_fixtures_are_small():
    for p in DOCS.glob("*.pdf"):
        assert p.stat().st_size < 100_000, p.name


def test_pdf_libreoffice_thai_exact():
    r = extract_text(read_doc("thai_report.pdf"), "pdf")
    assert r.error is None
    assert r.extractor == "pypdfium2"
    assert r.has_text
    assert r.pages == 1
    # character error rate 0 against the source, whitespace removed
    assert nospace(r.text) == nospace("".join(FT.REPORT_LINES))
    for word in ("สำนักงานจังหวัดยโสธร", "ผู้ว่าราชการจังหวัด", "น้ำ", "ทั่วถึง", "๒๕๖๘"):
        assert word in r.text
    assert r.metadata["title"] == FT.REPORT_TITLE
    assert r.metadata["subject"] == FT.REPORT_SUBJECT
    assert r.metadata["author"] == FT.REPORT_AUTHOR
    assert r.metadata["producer"].startswith("LibreOffice")
    assert dt.datetime.fromisoformat(r.metadata["created"]).year >= 2025
    assert r.metadata["pages_read"] == 1
    assert "truncated" not in r.metadata


def test_pdf_scanned_has_no_text_layer():
    r = extract_text(read_doc("scanned.pdf"), "pdf", ocr_pages=0)  # OCR is tested in test_ocr.py
    assert r.error is None
    assert r.pages == 1
    assert r.has_text is False
    assert r.text == ""


def test_pdf_user_password_is_encrypted():
    r = extract_text(read_doc("encrypted_user.pdf"), "pdf")
    assert r.error == "encrypted"
    assert r.has_text is False and r.text == ""


def test_pdf_owner_password_only_is_read():
    r = extract_text(read_doc("encrypted_owner.pdf"), "pdf")
    assert r.error is None
    assert "Encrypted fixture: ITA 2025" in r.text
    assert "ประกาศจังหวัดยโสธร" in r.text
    assert r.has_text


def test_pdf_truncated_is_clean_error():
    r = extract_text(read_doc("truncated.pdf"), "pdf")
    assert code(r) == "corrupt"
    assert r.text == "" and r.has_text is False


def test_pdf_pua_text_layer_is_mapped():
    raw = read_doc("pua_text.pdf")
    r = extract_text(raw, "pdf")
    assert r.error is None
    # pdfium may join the fixture's lines with a space, and the spacing repair joins "ผู้ ว่า": compare the
    # characters
    assert "".join(r.text.split()) == "".join(" ".join(FT.PUA_EXPECTED_LINES).split())
    assert not re.search("[\uf700-\uf8ff]", r.text)


def test_pdf_page_cap_reads_first_and_last_pages():
    r = extract_text(read_doc("many_pages.pdf"), "pdf", max_pages=5)
    assert r.error is None
    assert r.pages == 25
    assert r.metadata["pages_read"] == 5
    assert r.metadata["truncated"] is True
    found = [int(n) for n in re.findall(r"page number (\d+) of 25", r.text)]
    assert found == [1, 2, 3, 4, 25]
    full = extract_text(read_doc("many_pages.pdf"), "pdf", max_pages=100)
    assert len(re.findall(r"page number", full.text)) == 25
    assert "truncated" not in full.metadata


def test_pdf_max_chars():
    r = extract_text(read_doc("many_pages.pdf"), "pdf", max_chars=100)
    assert r.error is None
    assert len(r.text) <= 100
    assert r.metadata["truncated"] is True


def test_pdf_body_given_wrong_kind_is_sniffed():
    r = extract_text(read_doc("thai_report.pdf"), "docx")
    assert r.error is None and r.extractor == "pypdfium2"
    assert r.metadata["detected_kind"] == "pdf"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("D:20250115103000+07'00'", "2025-01-15T10:30:00+07:00"),
        ("D:20250115103000-05'30", "2025-01-15T10:30:00-05:30"),
        ("D:20250115103000Z", "2025-01-15T10:30:00+00:00"),
        ("D:20261125185058Z'", "2026-11-25T18:50:58+00:00"),  # LibreOffice 7.4
        ("D:20250115", "2025-01-15T00:00:00"),
        ("20250115103000", "2025-01-15T10:30:00"),
        ("D:25680115103000+07'00'", "2025-01-15T10:30:00+07:00"),  # Buddhist Era year
        ("D:20251399", "D:20251399"),  # invalid: raw kept
        ("yesterday", "yesterday"),
        ("", None),
        (None, None),
    ],
)
def test_parse_pdf_date(raw, expected):
    assert parse_pdf_date(raw) == expected


# ---------------------------------------------------------------------------
# DOCX (generated in the tests)
# ---------------------------------------------------------------------------

def make_docx(path: Path | None = None, paragraphs: int = 0) -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = "รายงานผลการดำเนินงาน ประจำปี ๒๕๖๗"
    d.core_properties.subject = "ITA O12"
    d.core_properties.created = dt.datetime(2024, 10, 1, 9, 0, 0)
    d.core_properties.modified = dt.datetime(2025, 1, 15, 10, 30, 0)
    section = d.sections[0]
    section.header.paragraphs[0].text = "สำนักงานจังหวัดยโสธร (หัวกระดาษ)"
    section.footer.paragraphs[0].text = "หน้าท้ายกระดาษ"
    d.add_paragraph("รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗")
    table = d.add_table(rows=2, cols=3)
    for r, row in enumerate([("ลำดับ", "โครงการ", "งบประมาณ"), ("1", "บริหารจัดการน้ำ", "250,000")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("ผู้ว่าราชการจังหวัดยโสธร")
    for i in range(paragraphs):
        d.add_paragraph(f"ย่อหน้าที่ {i} ข้อความทดสอบการตัดความยาวเอกสาร")
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    if path:
        path.write_bytes(data)
    return data


def rewrite_zip(data: bytes, replace: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for zi in src.infolist():
            dst.writestr(zi.filename, replace.get(zi.filename, src.read(zi.filename)))
    return out.getvalue()


def test_docx_text_in_order_with_tables_headers_footers():
    r = extract_text(make_docx(), "docx")
    assert r.error is None
    assert r.extractor == "python-docx"
    assert r.has_text
    assert r.pages is None
    lines = r.text.split("\n")
    assert lines == [
        "สำนักงานจังหวัดยโสธร (หัวกระดาษ)",
        "รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
        "ลำดับ\tโครงการ\tงบประมาณ",
        "1\tบริหารจัดการน้ำ\t250,000",
        "ผู้ว่าราชการจังหวัดยโสธร",
        "หน้าท้ายกระดาษ",
    ]
    assert r.metadata["title"] == "รายงานผลการดำเนินงาน ประจำปี ๒๕๖๗"
    assert r.metadata["subject"] == "ITA O12"
    assert r.metadata["created"].startswith("2024-10-01T09:00:00")
    assert r.metadata["modified"].startswith("2025-01-15T10:30:00")


def test_docx_max_chars_bails_out():
    r = extract_text(make_docx(paragraphs=2000), "docx", max_chars=1000)
    assert r.error is None
    assert 0 < len(r.text) <= 1000
    assert r.metadata["truncated"] is True


def test_docm_content_type_falls_back_to_xml():
    data = make_docx()
    ct = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    r = extract_text(rewrite_zip(data, {"[Content_Types].xml": ct}), "docx")
    assert r.error is None
    assert r.extractor == "docx-xml"
    assert "ผู้ว่าราชการจังหวัดยโสธร" in r.text


def test_docx_zip_bomb_ratio_rejected_quickly():
    data = make_docx()
    bomb = rewrite_zip(data, {"word/media/filler.xml": b""})
    # add a 30 MB highly compressible member (about 30 KB compressed)
    buf = io.BytesIO(bomb)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/filler.xml", b" " * (30 << 20))
    body = buf.getvalue()
    assert len(body) < 1_000_000
    t0 = time.perf_counter()
    r = extract_text(body, "docx")
    assert time.perf_counter() - t0 < 1.0
    assert code(r) == "zip_bomb"
    assert "ratio" in r.error
    assert r.text == "" and not r.has_text


def test_docx_zip_total_size_rejected():
    r = extract_text(make_docx(paragraphs=50), "docx", max_unzipped_bytes=10_000)
    assert code(r) == "zip_bomb"
    assert "uncompressed size" in r.error


def test_zip_too_many_entries(monkeypatch):
    monkeypatch.setattr(doctext, "MAX_ZIP_ENTRIES", 5)
    r = extract_text(make_docx(), "docx")
    assert code(r) == "zip_bomb" and "entries" in r.error


def test_encrypted_zip_entry_rejected():
    data = bytearray(make_docx())
    # set the "encrypted" general-purpose flag bit in every local and central header
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        while pos >= 0:
            data[pos + off] |= 0x01
            pos = data.find(sig, pos + 4)
    r = extract_text(bytes(data), "docx")
    assert code(r) == "encrypted"


def test_encrypted_ooxml_in_ole_container():
    body = OLE_HEAD + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    assert extract_text(body, "docx").error == "encrypted"
    assert extract_text(body, "xlsx").error == "encrypted"
    # a legacy .doc served as .docx is read as a .doc (here: no converter on PATH)
    legacy = OLE_HEAD + "WordDocument".encode("utf-16-le")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATH", "/nonexistent")
        assert extract_text(legacy, "docx").error.startswith("unsupported: doc: no converter")


def _secret_file(tmp_path: Path) -> tuple[Path, str]:
    secret = "TOPSECRET-" + "x" * 10
    p = tmp_path / "secret.txt"
    p.write_text(secret)
    return p, secret


def test_docx_xxe_is_not_resolved(tmp_path):
    secret_path, secret = _secret_file(tmp_path)
    data = make_docx()
    doc_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    decl, rest = doc_xml.split("?>", 1)
    dtd = (
        f'<!DOCTYPE w:document [<!ENTITY sec SYSTEM "file://{secret_path}">'
        '<!ENTITY pw SYSTEM "file:///etc/passwd">]>'
    )
    rest = rest.replace("ผู้ว่าราชการจังหวัดยโสธร", "ผู้ว่าราชการจังหวัดยโสธร&sec;&pw;")
    evil = rewrite_zip(data, {"word/document.xml": (decl + "?>" + dtd + rest).encode("utf-8")})
    r = extract_text(evil, "docx")
    assert secret not in r.text
    assert "root:" not in r.text
    # python-docx parses with resolve_entities=False: the rest of the text is read
    assert r.error is None
    assert "ผู้ว่าราชการจังหวัดยโสธร" in r.text


def test_docx_billion_laughs_does_not_blow_up():
    data = make_docx()
    doc_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    decl, rest = doc_xml.split("?>", 1)
    ents = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    rest = rest.replace("ผู้ว่าราชการจังหวัดยโสธร", "&l9;")
    evil = rewrite_zip(data, {"word/document.xml": (decl + f"?><!DOCTYPE w:document [{ents}]>" + rest).encode()})
    t0 = time.perf_counter()
    r = extract_text(evil, "docx")
    assert time.perf_counter() - t0 < 2.0
    assert "hahaha" not in r.text
    assert code(r) == "corrupt"  # libxml2: "Maximum entity amplification factor exceeded"


def test_docx_corrupt_and_not_a_zip():
    data = make_docx()
    assert code(extract_text(data[: len(data) // 2], "docx")) == "corrupt"
    assert code(extract_text(b"this is not a zip file at all", "docx")) == "corrupt"
    # a zip without a Word document in it
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert code(extract_text(buf.getvalue(), "docx")) == "corrupt"


# ---------------------------------------------------------------------------
# XLSX (generated in the tests)
# ---------------------------------------------------------------------------

def make_xlsx(rows: int = 0) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ITA ๒๕๖๘"
    ws.append(["ลำดับ", "รายการ", "งบประมาณ", "วันที่"])
    ws.append([1, "โครงการบริหารจัดการน้ำ", 250000.0, dt.datetime(2025, 1, 15)])
    ws.append([2, "ผู้ว่าราชการจังหวัด\nยโสธร", 1234.5, None])
    ws2 = wb.create_sheet("สรุป")
    ws2["B3"] = "รวมทั้งสิ้น"
    ws2["C3"] = "=SUM(Sheet1!C2:C3)"  # data_only: no cached value -> empty
    ws3 = wb.create_sheet("big")
    for i in range(rows):
        ws3.append([i, f"แถว {i}"])
    wb.properties.title = "แผนการจัดซื้อจัดจ้าง ประจำปี ๒๕๖๘"
    wb.properties.subject = "O16"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_sheets_and_rows():
    r = extract_text(make_xlsx(), "xlsx")
    assert r.error is None
    assert r.extractor == "openpyxl"
    assert r.has_text
    assert r.text.split("\n") == [
        "ITA ๒๕๖๘",
        "ลำดับ\tรายการ\tงบประมาณ\tวันที่",
        "1\tโครงการบริหารจัดการน้ำ\t250000\t2025-01-15",
        "2\tผู้ว่าราชการจังหวัด ยโสธร\t1234.5",
        "สรุป",
        "รวมทั้งสิ้น",  # leading empty cells: the line's leading tab is stripped
        "big",
    ]
    assert r.metadata["title"] == "แผนการจัดซื้อจัดจ้าง ประจำปี ๒๕๖๘"
    assert r.metadata["subject"] == "O16"
    assert "created" in r.metadata and "modified" in r.metadata


def test_xlsx_row_cap(monkeypatch):
    monkeypatch.setattr(doctext, "XLSX_MAX_ROWS_PER_SHEET", 10)
    r = extract_text(make_xlsx(rows=100), "xlsx")
    assert r.error is None
    assert r.metadata["truncated"] is True
    assert "แถว 9" in r.text and "แถว 10" not in r.text


def test_xlsx_max_chars():
    r = extract_text(make_xlsx(rows=5000), "xlsx", max_chars=2000)
    assert r.error is None
    assert len(r.text) <= 2000
    assert r.metadata["truncated"] is True


def test_xlsx_xxe_not_resolved(tmp_path):
    """External entities in a worksheet (parsed by openpyxl through defusedxml)
    and in sharedStrings.xml (parsed through lxml) never reach the text."""
    secret_path, secret = _secret_file(tmp_path)
    dtd = f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY sec SYSTEM "file://{secret_path}">]>'
    data = make_xlsx()
    z = zipfile.ZipFile(io.BytesIO(data))
    # 1. the entity in an inline string of the worksheet
    sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    evil_sheet = dtd + sheet.replace("<t>", "<t>&sec;", 1)
    # 2. the entity in a shared string (cell B1 turned into a shared-string reference)
    sst = (
        dtd + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        'uniqueCount="1"><si><t>รายการ&sec;</t></si></sst>'
    )
    shared_sheet = re.sub(r'<c r="B1" t="inlineStr"><is><t>[^<]*</t></is></c>',
                          '<c r="B1" t="s"><v>0</v></c>', sheet)
    assert shared_sheet != sheet
    ct = z.read("[Content_Types].xml").decode("utf-8").replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    shared = rewrite_zip(data, {"xl/worksheets/sheet1.xml": shared_sheet.encode("utf-8"),
                                "[Content_Types].xml": ct.encode("utf-8")})
    buf = io.BytesIO(shared)
    with zipfile.ZipFile(buf, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", sst)
    # sanity: without the DTD the shared string is read
    clean = rewrite_zip(buf.getvalue(), {"xl/sharedStrings.xml": sst.replace("&sec;", "").split("]>", 1)[1].encode()})
    assert "รายการ" in extract_text(clean, "xlsx").text
    for body in (rewrite_zip(data, {"xl/worksheets/sheet1.xml": evil_sheet.encode("utf-8")}),
                 buf.getvalue()):
        r = extract_text(body, "xlsx")
        assert secret not in r.text
        # openpyxl parses worksheets through defusedxml, which refuses entities;
        # its lxml parser for shared strings is wrapped the same way
        assert code(r) == "unsafe_xml", r.error
        assert "EntitiesForbidden" in r.error


def test_xlsx_corrupt():
    data = make_xlsx()
    assert code(extract_text(data[:3000], "xlsx")) == "corrupt"


# ---------------------------------------------------------------------------
# PPTX / ODF (minimal packages built by hand)
# ---------------------------------------------------------------------------

_PPTX_SLIDE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    "<p:cSld><p:spTree><p:sp><p:txBody>{paras}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
)


def make_pptx(slides: list[list[str]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(
            "docProps/core.xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
            "<dc:title>นำเสนอผลการดำเนินงาน</dc:title>"
            "<dcterms:created>2025-02-01T08:00:00Z</dcterms:created></cp:coreProperties>",
        )
        for n, paras in enumerate(slides, start=1):
            body = "".join(f"<a:p><a:r><a:t>{p}</a:t></a:r></a:p>" for p in paras)
            zf.writestr(f"ppt/slides/slide{n}.xml", _PPTX_SLIDE.format(paras=body))
    return buf.getvalue()


def test_pptx_slides_in_numeric_order():
    slides = [[f"สไลด์ที่ {i}", "ผู้ว่าราชการจังหวัด"] for i in range(1, 12)]
    r = extract_text(make_pptx(slides), "pptx")
    assert r.error is None
    assert r.pages == 11
    assert re.findall(r"สไลด์ที่ (\d+)", r.text) == [str(i) for i in range(1, 12)]
    assert r.metadata["title"] == "นำเสนอผลการดำเนินงาน"
    assert r.metadata["created"] == "2025-02-01T08:00:00+00:00"
    assert detect_kind("https://x.go.th/a", None, None, make_pptx(slides)) == "pptx"


_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
_ODF_MIME = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


def _odf_zip(kind: str, body_xml: str, doctype: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), _ODF_MIME[kind])  # stored, first
        zf.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
            f"<office:document-content {_ODF_NS}><office:body>{body_xml}</office:body>"
            "</office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        zf.writestr(
            "meta.xml",
            f'<office:document-meta {_ODF_NS}><office:meta><dc:title>ประกาศจังหวัด</dc:title>'
            "<meta:creation-date>2025-01-15T10:30:00</meta:creation-date>"
            "<dc:date>2025-01-16T11:00:00</dc:date></office:meta></office:document-meta>",
        )
    return buf.getvalue()


def test_odt_text():
    body = (
        "<office:text><text:h>ประกาศจังหวัดยโสธร</text:h>"
        "<text:p>เรื่อง<text:s/>มาตรการ<text:tab/>ป้องกัน<text:span>การทุจริต</text:span>"
        "<text:line-break/>ประจำปี ๒๕๖๘<office:annotation><text:p>ความเห็น</text:p></office:annotation></text:p>"
        "<table:table table:name=\"Table1\"><table:table-row><table:table-cell><text:p>ก</text:p>"
        "</table:table-cell><table:table-cell><text:p>ข</text:p></table:table-cell></table:table-row>"
        "</table:table></office:text>"
    )
    r = extract_text(_odf_zip("odt", body), "odt")
    assert r.error is None and r.extractor == "odf-xml"
    assert r.text.split("\n") == [
        "ประกาศจังหวัดยโสธร",
        "เรื่อง มาตรการ\tป้องกันการทุจริต",
        "ประจำปี ๒๕๖๘",
        "ก\tข",
    ]
    assert r.metadata == {"title": "ประกาศจังหวัด", "created": "2025-01-15T10:30:00",
                          "modified": "2025-01-16T11:00:00"}


def test_ods_and_odp_text():
    ods = (
        '<office:spreadsheet><table:table table:name="ITA ๒๕๖๘">'
        '<table:table-row><table:table-cell><text:p>รายการ</text:p></table:table-cell>'
        '<table:table-cell><text:p>250000</text:p></table:table-cell></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        "</table:table></office:spreadsheet>"
    )
    r = extract_text(_odf_zip("ods", ods), "ods")
    assert r.error is None
    assert r.text.split("\n") == ["ITA ๒๕๖๘", "รายการ\t250000"]
    odp = (
        "<office:presentation><draw:page><draw:frame><draw:text-box><text:p>หน้าแรก</text:p>"
        "</draw:text-box></draw:frame></draw:page><draw:page><draw:frame><draw:text-box>"
        "<text:p>หน้าสอง</text:p></draw:text-box></draw:frame></draw:page></office:presentation>"
    )
    r = extract_text(_odf_zip("odp", odp), "odp")
    assert r.error is None and r.pages == 2
    assert r.text.split("\n") == ["หน้าแรก", "หน้าสอง"]


def test_odt_xxe_not_resolved(tmp_path):
    secret_path, secret = _secret_file(tmp_path)
    doctype = f'<!DOCTYPE office:document-content [<!ENTITY sec SYSTEM "file://{secret_path}">]>'
    body = "<office:text><text:p>ก่อน&sec;หลัง</text:p></office:text>"
    r = extract_text(_odf_zip("odt", body, doctype), "odt")
    assert secret not in r.text
    assert r.error is None
    assert r.text == "ก่อนหลัง"


# ---------------------------------------------------------------------------
# legacy formats, odd inputs, never raising
# ---------------------------------------------------------------------------

def test_legacy_formats_without_a_converter_are_unread_with_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, antiword or catdoc
    doc = OLE_HEAD + "WordDocument".encode("utf-16-le")
    assert extract_text(doc, "doc").error.startswith("unsupported: doc: no converter; install LibreOffice")
    ppt = OLE_HEAD + "PowerPoint Document".encode("utf-16-le")
    assert extract_text(ppt, "ppt").error.startswith("unsupported: ppt: no converter")
    # RTF is text: read without a converter
    r = extract_text(b"{\\rtf1\\ansi\\ansicpg874 \\'c3\\'d2\\'c2\\'a7\\'d2\\'b9 2567}", "rtf")
    assert r.error is None and r.text == "รายงาน 2567"


def test_odd_inputs():
    assert extract_text(b"", "pdf").error == "corrupt: empty body"
    html = b"<!DOCTYPE html><html><body>404 Not Found</body></html>"
    r = extract_text(html, "pdf")
    assert code(r) == "unsupported" and "html" in r.error
    assert code(extract_text(b"%PDF-1.4\n garbage garbage", "pdf")) == "corrupt"
    assert code(extract_text(b"random bytes", "exe")) == "unsupported"
    assert code(extract_text(b"random bytes", None)) == "unsupported"


def test_result_is_frozen():
    r = extract_text(read_doc("thai_report.pdf"), "pdf")
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.text = "x"  # type: ignore[misc]


def test_never_raises_on_mangled_input():
    import random

    rng = random.Random(7)
    seeds = {
        "pdf": read_doc("thai_report.pdf"),
        "docx": make_docx(),
        "xlsx": make_xlsx(),
        "pptx": make_pptx([["ก"]]),
        "odt": _odf_zip("odt", "<office:text><text:p>ก</text:p></office:text>"),
    }
    for kind, data in seeds.items():
        for _ in range(15):
            b = bytearray(data)
            for _ in range(rng.randint(1, 40)):
                b[rng.randrange(len(b))] = rng.randrange(256)
            cut = rng.choice([len(b), rng.randrange(1, len(b))])
            r = extract_text(bytes(b[:cut]), kind)
            assert isinstance(r, ExtractedText)
            assert r.error is None or re.match(r"^(corrupt|encrypted|zip_bomb|unsafe_xml|unsupported)\b", r.error)
