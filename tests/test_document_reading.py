"""Documents as agencies publish them, read by a real crawl: the text, the year each is for, and the bad
files recorded with a reason without stopping the scan."""

from __future__ import annotations

import functools
import http.server
import io
import json
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from checklist.currency import evidence_year
from crawler.ocr import tesseract_available
from tests.conftest import copy_db, query
from tests.test_doctext import make_docx, rewrite_zip

DOCS = Path(__file__).parent / "fixtures" / "docs"


def skr1_xlsx() -> bytes:
    """A monthly procurement summary (แบบ สขร.1) as agencies export it from Excel."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ต.ค. 67"
    ws.append(["แบบ สขร.1"])
    ws.append(["สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม 2567"])
    ws.append(["สำนักงานจังหวัดยโสธร"])
    ws.append(["ลำดับที่", "งานที่จัดซื้อหรือจัดจ้าง", "วงเงินที่จัดซื้อหรือจัดจ้าง", "ราคากลาง", "วิธีซื้อหรือจ้าง"])
    ws.append([1, "จัดซื้อวัสดุสำนักงาน", 12500, 12500, "เฉพาะเจาะจง"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bomb() -> bytes:
    buf = io.BytesIO(make_docx())
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/filler.xml", b" " * (200 << 20))  # 200 MB of XML in about 200 KB
    return buf.getvalue()


def xxe_docx(secret_path: Path) -> bytes:
    data = make_docx()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    decl, rest = xml.split("?>", 1)
    dtd = f'<!DOCTYPE w:document [<!ENTITY sec SYSTEM "file://{secret_path}">]>'
    rest = rest.replace("ผู้ว่าราชการจังหวัดยโสธร", "ผู้ว่าราชการจังหวัดยโสธร&sec;")
    return rewrite_zip(data, {"word/document.xml": (decl + "?>" + dtd + rest).encode("utf-8")})


# name on the site -> (bytes, link text, the year it is for or the error code it must be recorded with)
def site_files(tmp_path: Path) -> dict[str, tuple[bytes, str, int | str]]:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-ROOT-PASSWORD")
    files = {
        "plan-2568.pdf": ((DOCS / "thai_report.pdf").read_bytes(), "ดาวน์โหลด", 2568),
        "report-2567.docx": (make_docx(), "รายงานผลการดำเนินงาน", 2567),
        "skr1-oct67.xlsx": (skr1_xlsx(), "สขร.1 เดือนตุลาคม", 2568),
        "skr1-oct67.xls": ((DOCS / "legacy" / "skr1_oct67.xls").read_bytes(), "สขร.1 (Excel 97)", 2568),
        "notice.rtf": ((DOCS / "legacy" / "notice_2568.rtf").read_bytes(), "ประกาศ", 2568),
        "xxe.docx": (xxe_docx(secret), "เอกสารแนบ", 2567),
        "bomb.docx": (zip_bomb(), "คู่มือ", "zip_bomb"),
        "locked.pdf": ((DOCS / "encrypted_user.pdf").read_bytes(), "ไฟล์ที่ใส่รหัส", "encrypted"),
        "cut.pdf": ((DOCS / "truncated.pdf").read_bytes(), "ไฟล์ไม่ครบ", "corrupt"),
        "empty.pdf": (b"", "ไฟล์ว่าง", "empty"),
    }
    if tesseract_available():
        files["poster.jpg"] = ((DOCS / "nogift_poster.jpg").read_bytes(), "ประกาศ No Gift Policy (ภาพ)", 2568)
        files["scan.pdf"] = ((DOCS / "scanned_nogift.pdf").read_bytes(),
                             "ประกาศเจตนารมณ์ No Gift Policy ประจำปีงบประมาณ พ.ศ. 2568", 2568)
    return files


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("docs")
    site = tmp / "site"
    site.mkdir()
    files = site_files(tmp)
    links = []
    for name, (body, text, _) in files.items():
        (site / name).write_bytes(body)
        links.append(f'<li><a href="{name}">{text}</a></li>')
    (site / "index.html").write_text(
        '<html><head><meta charset="utf-8"><title>เอกสารเผยแพร่</title></head><body><ul>'
        + "".join(links) + "</ul></body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    db = tmp / "docs.db"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "scan", f"http://127.0.0.1:{server.server_address[1]}/index.html",
             "--db", str(db), "-q", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"],
            capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
    docs = {r["url"].rsplit("/", 1)[1]: r for r in query(db, "SELECT * FROM documents")}
    return {"db": db, "result": result, "files": files, "docs": docs}


def test_the_scan_completes_whatever_the_documents_are(crawled):
    run = query(crawled["db"], "SELECT status, documents FROM runs")[0]
    assert run["status"] == "complete", crawled["result"].stderr[-2000:]
    assert set(crawled["docs"]) == set(crawled["files"])
    assert "Traceback" not in crawled["result"].stderr


def test_each_readable_document_gives_its_text_and_the_year_it_is_for(crawled):
    for name, (_, link_text, expected) in crawled["files"].items():
        if not isinstance(expected, int):
            continue
        doc = crawled["docs"][name]
        assert doc["has_text"] == 1, (name, doc["extract_error"])
        found = evidence_year(kind="document", own_text=doc["text"], link_texts=[link_text], filename=name,
                              metadata_dates=[], last_modified=None, text_source=doc["text_source"])
        assert found.year == expected, (name, found)
    assert crawled["docs"]["skr1-oct67.xls"]["extractor"] == "xlrd"
    assert "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน" in crawled["docs"]["skr1-oct67.xls"]["text"]


def test_bad_files_are_recorded_with_a_reason(crawled):
    for name, (_, _, expected) in crawled["files"].items():
        if isinstance(expected, str):
            doc = crawled["docs"][name]
            assert doc["has_text"] == 0 and doc["extract_error"].startswith(expected), (name, doc["extract_error"])


def test_external_entities_are_never_read(crawled):
    doc = crawled["docs"]["xxe.docx"]
    assert "TOPSECRET" not in doc["text"] and "ผู้ว่าราชการจังหวัดยโสธร" in doc["text"]
    assert "TOPSECRET" not in json.dumps(query(crawled["db"], "SELECT * FROM documents"), ensure_ascii=False)


@pytest.mark.skipif(not tesseract_available(), reason="needs Tesseract with Thai (CI installs tesseract-ocr-tha)")
def test_scans_are_read_by_ocr_and_their_year_comes_from_the_link(crawled):
    scan = crawled["docs"]["scan.pdf"]
    assert scan["text_source"] == "ocr" and scan["ocr_confidence"] > 0.5
    assert "ไม่รับของขวัญ" in scan["text"]
    assert crawled["docs"]["poster.jpg"]["kind"] == "image"


def test_unchanged_documents_are_not_read_again(crawled, tmp_path):
    """The cache is keyed by the bytes: a second run over the same files reads nothing again."""
    db = copy_db(crawled["db"], tmp_path / "again.db")
    from results.db import open_db
    from results.doc_cache import DocumentCache
    from crawler import __version__

    open_db(db).conn.close()
    cache = DocumentCache(db, __version__)
    for name, doc in crawled["docs"].items():
        hit = cache.lookup(doc["content_hash"])
        if doc["extract_error"] and doc["extract_error"].startswith(("timeout", "crashed", "ocr_")):
            assert hit is None
        elif doc["extractor"]:
            assert hit is not None and hit["text"] == doc["text"], name
    assert DocumentCache(db, "0.0.0-other").lookup(crawled["docs"]["notice.rtf"]["content_hash"]) is None
