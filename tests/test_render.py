"""The human-readable reports (results/render.py): HTML, Markdown, CSV and the ITAS sheet, rendered from a real
scan of the bundled sample site (fixture `sample_scan_db`) and checked against the site's ground truth in
crawler/sample_site/expected.json."""

from __future__ import annotations

import csv
import io
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import openpyxl
import pytest
from lxml import html as lxml_html

from crawler.sample_site import load_expected
from tests.conftest import copy_db, query
from results.db import open_db
from results.render import (
    FORMATS,
    cell,
    md_escape,
    render_report,
    report_context,
    safe_href,
)

pytestmark = pytest.mark.network

EXPECTED = load_expected()
HUB_PATH = EXPECTED["hub"]
HUB_TITLE = "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2568"
ARTIFACTS = Path(__file__).parent / "artifacts"
HOSTILE = "<script>alert(1)</script>"
HOSTILE_LINK = "[x](javascript:alert(1))"


# ---------------------------------------------------------------------------------------------- helpers

def execute(path: Path, sql: str, *params) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute(sql, params)
    finally:
        conn.close()


def render(path: Path, fmt: str, run_id: int | None = None, **kw) -> bytes:
    db = open_db(path)
    try:
        if run_id is None:
            run_id = db.execute("SELECT max(id) FROM runs").fetchone()[0]
        return render_report(db, run_id, fmt, **kw)
    finally:
        db.conn.close()


def html_tree(data: bytes):
    return lxml_html.fromstring(data.decode("utf-8"))


def text_of(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def item_row(tree, code: str):
    rows = tree.xpath(f"//table[@id='items']//tr[@id='item-{code}']")
    assert len(rows) == 1, code
    return rows[0]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM so Excel reads Thai"
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def md_cells(line: str) -> list[str]:
    """Cells of a Markdown table row, split on unescaped pipes only."""
    parts = re.split(r"(?<!\\)\|", line)
    assert parts[0].strip() == "" and parts[-1].strip() == "", line
    return [p.strip() for p in parts[1:-1]]


def items_by_code(path: Path) -> dict[str, dict]:
    return {r["code"]: r for r in query(path, "SELECT * FROM item_results ORDER BY position")}


def site_host(path: Path) -> str:
    return urlsplit(query(path, "SELECT start_url FROM runs ORDER BY id LIMIT 1")[0]["start_url"]).netloc


# ---------------------------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def scan(sample_scan_db) -> Path:
    return sample_scan_db


@pytest.fixture(scope="module")
def reports(scan) -> dict[str, bytes]:
    out = {fmt: render(scan, fmt) for fmt in FORMATS}
    out["xlsx"] = render(scan, "itas", output_name="itas-2568.xlsx")
    return out


@pytest.fixture(scope="module")
def tree(reports):
    return html_tree(reports["html"])


@pytest.fixture
def scratch(scan, tmp_path) -> Path:
    return copy_db(scan, tmp_path / "copy.db")


# ---------------------------------------------------------------------------------------------- HTML

def test_html_header_and_summary_counts(scan, tree):
    run = query(scan, "SELECT * FROM runs")[0]
    header = text_of(tree.xpath("//header")[0])
    assert f"รอบการสแกน (run) {run['id']}" in header
    assert "สมบูรณ์ (complete)" in header
    assert "ITA-2568" in header and "2568" in header
    assert f"หน้าเว็บ (pages) {run['pages']}" in header and f"เอกสาร (documents) {run['documents']}" in header
    assert "ใช้เวลา (duration)" in header and "วินาที" in header
    assert tree.xpath("//header//a/@href") == [run["start_url"]]
    assert "จังหวัดยโสธร" in text_of(tree.xpath("//p[@class='agency']")[0])

    verdicts = [v["verdict"] for v in EXPECTED["items"].values()]
    for status, label in (("current", "เป็นปัจจุบัน (current)"), ("outdated", "ไม่เป็นปัจจุบัน (outdated)"),
                          ("missing", "ไม่พบ (missing)"), ("broken", "ลิงก์เสีย (broken)")):
        badge = tree.xpath(f"//section[@id='summary']//span[@data-status='{status}']")[0]
        assert text_of(badge) == f"{label} {verdicts.count(status)}"
    assert not tree.xpath("//*[@id='run-warning']"), "a complete run has no warning banner"


def test_html_has_one_row_per_item_with_the_stored_status(scan, tree):
    stored = items_by_code(scan)
    rows = tree.xpath("//table[@id='items']//tr[contains(concat(' ', @class, ' '), ' item ')]")
    assert [r.get("data-code") for r in rows] == list(stored) == list(EXPECTED["items"])
    for row in rows:
        code = row.get("data-code")
        assert row.get("data-status") == stored[code]["status"]
        assert f"{stored[code]['confidence'] * 100:.0f}%" == text_of(row.xpath("td[@class='conf']")[0])
    for code in ("O11", "O13", "O19", "O25"):
        assert stored[code]["status"] == EXPECTED["items"][code]["verdict"]


def test_html_rows_give_status_reason_and_evidence(scan, tree):
    o11 = item_row(tree, "O11")
    assert text_of(o11.xpath(".//td[@class='status']")[0]) == "ไม่พบ (missing)"
    assert "ไม่พบข้อมูลสถิติการให้บริการ" in text_of(o11)

    o19 = item_row(tree, "O19")
    assert text_of(o19.xpath(".//td[@class='status']")[0]) == "ลิงก์เสีย (broken)"
    evidence = text_of(o19.xpath(".//td[@class='evidence']")[0])
    assert "HTTP 404" in evidence
    assert "/images/ita2568/O19-สถิติเรื่องร้องเรียนการทุจริต-2568.pdf" in evidence
    assert f"พบที่หน้า (found on): {HUB_TITLE}" in evidence and HUB_PATH in evidence  # the page it is on, decoded
    assert "HTTP 404" in text_of(o19.xpath(".//div[@class='reason']")[0])

    o25 = item_row(tree, "O25")
    assert text_of(o25.xpath(".//td[@class='status']")[0]) == "ไม่เป็นปัจจุบัน (outdated)"
    reason = text_of(o25.xpath(".//div[@class='reason']")[0])
    assert "แผนปฏิบัติการป้องกันการทุจริต" in reason and "2567" in reason and "2568" in reason

    o13 = item_row(tree, "O13")
    assert text_of(o13.xpath(".//td[@class='status']")[0]) == "ไม่เป็นปัจจุบัน (outdated)"
    assert "2566" in text_of(o13.xpath(".//div[@class='reason']")[0])


def test_html_evidence_urls_are_shown_decoded_and_linked_encoded(scan, tree):
    for code in ("O13", "O19", "O25"):
        path = EXPECTED["items"][code]["evidence"][0]
        link = item_row(tree, code).xpath(".//td[@class='evidence']//li[1]//div[@class='url']/a")[0]
        assert link.text_content().endswith(path), (code, link.text_content())   # Thai, readable
        assert link.get("href").isascii() and unquote(link.get("href")).endswith(path)  # percent-encoded
    evidence = query(scan, "SELECT * FROM evidence WHERE code = 'O25' ORDER BY rank")
    assert item_row(tree, "O25").xpath(".//li[1]//a/@href")[0] == evidence[0]["url"]
    assert "ปี (year) 2567" in text_of(item_row(tree, "O25").xpath(".//li[1]")[0])


def test_html_groups_items_by_sub_indicator_in_checklist_order(scan, tree):
    stored = list(items_by_code(scan).values())
    order: list[str] = []
    for item in stored:
        if item["sub_indicator"] not in order:
            order.append(item["sub_indicator"])
    groups = tree.xpath("//table[@id='items']/tbody[contains(@class, 'group')]")
    assert [g.get("data-group") for g in groups] == order
    assert order[0] == "ข้อมูลพื้นฐาน" and len(order) >= 5
    for group in groups:
        head = text_of(group.xpath("tr[@class='group-head']")[0])
        assert head.startswith(group.get("data-group"))
        codes = [r.get("data-code") for r in group.xpath("tr[contains(@class, 'item')]")]
        assert codes == [i["code"] for i in stored if i["sub_indicator"] == group.get("data-group")]
    assert [r.get("data-code") for r in groups[0].xpath("tr[contains(@class, 'item')]")] == ["O1", "O2", "O3", "O4"]


def test_html_lists_dead_links_with_the_pages_that_link_to_them(tree):
    rows = tree.xpath("//section[@id='dead-links']//tr[@class='dead']")
    by_path = {urlsplit(unquote(r.xpath(".//td[1]//a/@href")[0])).path: r for r in rows}
    assert set(by_path) == set(EXPECTED["dead_links"])
    pdf = by_path["/images/ita2568/O19-สถิติเรื่องร้องเรียนการทุจริต-2568.pdf"]
    text = text_of(pdf)
    assert "HTTP 404" in text and "O19" in text and HUB_TITLE in text and "ลิงก์ “ดาวน์โหลด”" in text
    assert "/images/ita2568/O19-สถิติเรื่องร้องเรียนการทุจริต-2568.pdf" in text
    loop = text_of(by_path["/2018/th/sitemap.html"])
    assert "เปลี่ยนเส้นทางวนซ้ำ (redirect_loop)" in loop
    assert re.search(r"และอีก \d+ หน้า \(and \d+ more pages\)", loop)   # linked from every page: summarised
    # the item's dead evidence comes first
    assert rows[0] is pdf


def test_html_is_self_contained_and_printable(reports):
    page = reports["html"].decode("utf-8")
    assert not re.search(r"""\bsrc\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert "@import" not in page and "url(http" not in page and "<script" not in page.lower()
    assert "<iframe" not in page and "<img" not in page
    assert re.search(r'font-family:\s*"Sarabun",\s*"Noto Sans Thai"', page)
    assert "@page { size: A4; margin: 12mm; }" in page
    assert "break-inside: avoid" in page
    assert '<html lang="th">' in page and '<meta charset="utf-8">' in page


def test_html_banner_for_incomplete_and_failed_runs(scratch):
    execute(scratch, "UPDATE runs SET status = 'incomplete', status_reason = ?",
            "page limit reached (--max-pages 50)")
    tree = html_tree(render(scratch, "html"))
    banner = text_of(tree.xpath("//*[@id='run-warning']")[0])
    assert "การสแกนไม่สมบูรณ์ (the scan is incomplete)" in banner
    assert "page limit reached (--max-pages 50)" in banner
    assert "อาจไม่ถูกต้อง" in banner and "missing may be false" in banner
    md = render(scratch, "md").decode()
    assert "การสแกนไม่สมบูรณ์ (the scan is incomplete)" in md and "page limit reached" in md

    execute(scratch, "UPDATE runs SET status = 'failed', status_reason = ?", "start URL: connection refused")
    tree = html_tree(render(scratch, "html"))
    banner = text_of(tree.xpath("//*[@id='run-warning']")[0])
    assert "การสแกนล้มเหลว (the scan failed)" in banner and "start URL: connection refused" in banner
    assert "ล้มเหลว (failed)" in text_of(tree.xpath("//header")[0])
    assert "> ⚠️ **การสแกนล้มเหลว (the scan failed)**" in render(scratch, "md").decode()


def _add_run(path: Path, *, changes: dict[str, str], status: str = "complete", hours: int = 24) -> int:
    """A later run of the same site whose item results are the first run's with some statuses changed."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            first = conn.execute("SELECT id FROM runs ORDER BY id LIMIT 1").fetchone()[0]
            cur = conn.execute(
                "INSERT INTO runs (site, start_url, started_at, finished_at, status, fiscal_year, checklist, pages,"
                " documents) SELECT site, start_url,"
                " strftime('%Y-%m-%dT%H:%M:%S+00:00', started_at, ?), strftime('%Y-%m-%dT%H:%M:%S+00:00', finished_at, ?),"
                " ?, fiscal_year, checklist, pages, documents FROM runs WHERE id = ?",
                (f"+{hours} hours", f"+{hours} hours", status, first))
            new = cur.lastrowid
            conn.execute(
                "INSERT INTO item_results (run_id, checklist, fiscal_year, position, code, title, sub_indicator,"
                " time_rule, status, confidence, reason, assessed_at) SELECT ?, checklist, fiscal_year, position,"
                " code, title, sub_indicator, time_rule, status, confidence, reason, assessed_at"
                " FROM item_results WHERE run_id = ?", (new, first))
            for code, status_ in changes.items():
                conn.execute("UPDATE item_results SET status = ? WHERE run_id = ? AND code = ?", (status_, new, code))
    finally:
        conn.close()
    return new


def test_history_strip_and_chart_cover_the_sites_runs(scratch):
    first = query(scratch, "SELECT id FROM runs")[0]["id"]
    second = _add_run(scratch, changes={"O11": "current", "O22": "current", "O1": "missing"})
    third = _add_run(scratch, changes={"O11": "current"}, status="incomplete", hours=48)
    tree = html_tree(render(scratch, "html", run_id=second))

    strip = item_row(tree, "O11").xpath(".//td[@class='history']//span[contains(@class, 'sq')]")
    assert [s.get("title") for s in strip] == [f"run {first}: ไม่พบ (missing)", f"run {second}: เป็นปัจจุบัน (current)"]
    assert [s.text for s in strip] == ["M", "C"]          # readable in black and white
    assert "s-missing" in strip[0].get("class") and "s-current" in strip[1].get("class")
    o1 = item_row(tree, "O1").xpath(".//td[@class='history']//span[contains(@class, 'sq')]")
    assert [s.get("title") for s in o1] == [f"run {first}: เป็นปัจจุบัน (current)", f"run {second}: ไม่พบ (missing)"]

    svg = tree.xpath("//section[@id='trend']//svg")[0]
    bars = svg.xpath(".//g[@class='bar']")
    assert len(bars) == 2, "the chart ends at the run reported on"
    labels = [[t.text for t in b.xpath("text")] for b in bars]
    assert labels == [["23", f"run {first}"], ["24", f"run {second}"]]
    heights = [float(b.xpath("rect/@height")[0]) for b in bars]
    assert heights[1] > heights[0] > 0
    assert "เป็นปัจจุบัน (current) 24/28" in bars[1].xpath("title")[0].text

    # the newest report shows all three, the incomplete run marked as such
    tree = html_tree(render(scratch, "html", run_id=third))
    bars = tree.xpath("//section[@id='trend']//g[@class='bar']")
    assert len(bars) == 3 and "ไม่สมบูรณ์" in text_of(bars[2])
    assert bars[2].xpath("rect/@fill")[0] == "url(#hatch)"
    strip = item_row(tree, "O11").xpath(".//td[@class='history']//span[contains(@class, 'sq')]")
    assert "untrusted" in strip[2].get("class") and "this" in strip[2].get("class")
    assert "ไม่สมบูรณ์ (incomplete)" in strip[2].get("title")
    # --history limits the window
    tree = html_tree(render(scratch, "html", run_id=third, history=2))
    assert len(tree.xpath("//section[@id='trend']//g[@class='bar']")) == 2
    # the first run's report knows nothing of later runs
    tree = html_tree(render(scratch, "html", run_id=first))
    assert len(tree.xpath("//section[@id='trend']//g[@class='bar']")) == 1


def _make_hostile(path: Path) -> None:
    hub = query(path, "SELECT url FROM pages WHERE title LIKE 'การเปิดเผยข้อมูลสาธารณะ (OIT)%'")[0]["url"]
    execute(path, "UPDATE pages SET title = ? WHERE url = ?", HOSTILE, hub)
    execute(path, "UPDATE evidence SET title = ? WHERE code = 'O25' AND rank = 1", HOSTILE_LINK)
    execute(path, "UPDATE evidence SET title = ? WHERE code = 'O13' AND rank = 1", HOSTILE)
    execute(path, "UPDATE evidence SET url = 'javascript:alert(1)' WHERE code = 'O2' AND rank = 1")
    execute(path, "UPDATE evidence SET found_on = ' JavaScript:alert(2)' WHERE code = 'O3' AND rank = 1")
    execute(path, "UPDATE links SET text = ? WHERE target_url IN (SELECT url FROM dead_links)", HOSTILE)
    execute(path, "UPDATE item_results SET reason = ? WHERE code = 'O11'",
            f"<img src=x onerror=alert(1)> | {HOSTILE_LINK} *bold* _it_ `code`")


def test_hostile_crawled_text_is_escaped_in_html(scratch):
    _make_hostile(scratch)
    page = render(scratch, "html").decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert "<img" not in page.lower() and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page, re.IGNORECASE)
    tree = html_tree(page.encode())
    assert all(h.startswith(("http://", "https://")) for h in tree.xpath("//a/@href"))
    assert HOSTILE_LINK in text_of(item_row(tree, "O25"))          # shown as text
    assert "javascript:alert(1)" in text_of(item_row(tree, "O2"))  # the bad URL as text, not a link
    assert not item_row(tree, "O2").xpath(".//li[1]/div[@class='url']/a")
    assert HOSTILE in text_of(tree.xpath("//section[@id='dead-links']")[0])
    assert len(tree.xpath("//table[@id='items']//tr[contains(@class, 'item')]")) == 28


def test_hostile_crawled_text_is_escaped_in_markdown(scratch):
    _make_hostile(scratch)
    md = render(scratch, "md").decode("utf-8")
    assert r"\[x\](javascript:alert(1))" in md and "[x](javascript" not in md
    assert r"\<script\>" in md and r"\<img src=x" in md
    assert not re.search(r"(?<!\\)<(script|img|/script)", md), "every < from the site is escaped"
    assert r"\*bold\*" in md and r"\_it\_" in md and r"\`code\`" in md
    rows = [line for line in md.splitlines() if re.match(r"^\| O\d+ ", line)]
    assert len(rows) == 28
    assert all(len(md_cells(line)) == 4 for line in rows), "a hostile | must not add table cells"
    assert "<javascript:" not in md
    assert md_escape("a|b") == r"a\|b"


def test_markdown_report(scan, reports):
    md = reports["md"].decode("utf-8")
    lines = md.splitlines()
    assert lines[0].startswith("# รายงานการเปิดเผยข้อมูลสาธารณะ (OIT report)") and "จังหวัดยโสธร" in lines[0]
    assert "สมบูรณ์ (complete)" in md and "ITA-2568" in md
    assert "เป็นปัจจุบัน (current) 23" in md and "ไม่พบ (missing) 2" in md and "ลิงก์เสีย (broken) 1" in md
    rows = {md_cells(line)[0]: md_cells(line) for line in lines if re.match(r"^\| O\d+ ", line)}
    assert list(rows) == list(EXPECTED["items"])
    assert "ไม่พบ (missing)" in rows["O11"][1] and "ไม่พบข้อมูลสถิติการให้บริการ" in rows["O11"][2]
    assert "ลิงก์เสีย (broken)" in rows["O19"][1] and "HTTP 404" in rows["O19"][2]
    assert "<http://" in rows["O19"][3] and "/images/ita2568/O19-สถิติเรื่องร้องเรียนการทุจริต-2568.pdf>" in rows["O19"][3]
    assert "ไม่เป็นปัจจุบัน (outdated)" in rows["O25"][1] and "2567" in rows["O25"][2]
    assert "**ลิงก์เสีย (dead links):** 3" in md


def test_csv_report(scan, reports):
    rows = csv_rows(reports["csv"])
    header, body = rows[0], rows[1:]
    assert header[0] == "รหัส (code)" and len(header) == 12
    assert [r[0] for r in body] == list(EXPECTED["items"])
    by_code = {r[0]: dict(zip(["code", "title", "sub", "status", "status_th", "confidence", "reason", "url", "year",
                               "http", "found_on", "count"], r)) for r in body}
    counts = {r["code"]: r["n"] for r in query(scan, "SELECT code, count(*) AS n FROM evidence GROUP BY code")}
    for code, row in by_code.items():
        assert row["status"] == EXPECTED["items"][code]["verdict"]
        assert int(row["count"]) == counts.get(code, 0)
    o25 = by_code["O25"]
    assert o25["status_th"] == "ไม่เป็นปัจจุบัน" and o25["year"] == "2567" and o25["http"] == "200"
    assert o25["url"].endswith(EXPECTED["items"]["O25"]["evidence"][0]) and "%E0" not in o25["url"]
    assert o25["found_on"].endswith(HUB_PATH)
    assert by_code["O19"]["http"] == "404" and by_code["O19"]["status_th"] == "ลิงก์เสีย"
    assert by_code["O11"]["url"] == "" and by_code["O11"]["status_th"] == "ไม่พบ"
    assert by_code["O1"]["sub"] == "ข้อมูลพื้นฐาน" and by_code["O1"]["confidence"] == "100"


def test_csv_and_itas_guard_against_formula_injection(scratch):
    execute(scratch, "UPDATE item_results SET title = ? WHERE code = 'O1'", '=HYPERLINK("http://evil","x")')
    execute(scratch, "UPDATE item_results SET reason = '+1+1' WHERE code = 'O2'")
    execute(scratch, "UPDATE item_results SET title = '@SUM(A1)' WHERE code = 'O3'")
    execute(scratch, "UPDATE item_results SET title = '-2+3' WHERE code = 'O4'")
    rows = {r[0]: r for r in csv_rows(render(scratch, "csv"))}
    assert rows["O1"][1] == "'" + '=HYPERLINK("http://evil","x")'
    assert rows["O2"][6] == "'+1+1"
    assert rows["O3"][1] == "'@SUM(A1)" and rows["O4"][1] == "'-2+3"
    itas = {r[0]: r for r in csv_rows(render(scratch, "itas"))}
    assert itas["O1"][1].startswith("'=") and itas["O3"][1] == "'@SUM(A1)"
    sheet = openpyxl.load_workbook(io.BytesIO(render(scratch, "itas", output_name="o.xlsx")))["ITAS"]
    o1 = sheet["B2"]
    assert o1.value == '=HYPERLINK("http://evil","x")' and o1.data_type == "s"   # text, never a formula
    assert cell("=1+1") == "'=1+1" and cell("ok") == "ok" and cell(5) == 5 and cell(None) == ""


def test_itas_csv(scan, reports):
    rows = csv_rows(reports["itas"])
    assert rows[0] == ["ข้อ (code)", "ชื่อข้อมูล (title)", "มี/ไม่มี (available)", "URL",
                       "คำอธิบายเพิ่มเติม (explanation)"]
    body = {r[0]: r for r in rows[1:]}
    assert list(body) == list(EXPECTED["items"])
    host = site_host(scan)
    for code, (_, title, available, url, explanation) in body.items():
        verdict = EXPECTED["items"][code]["verdict"]
        assert available == ("มี" if verdict == "current" else "ไม่มี"), code
        assert explanation, code
        if url:
            assert urlsplit(url).netloc == host, (code, url)   # always on the agency's own domain
        if verdict == "current":
            assert url, code
    o25 = body["O25"][4]
    assert o25.startswith("ยังไม่เป็นปัจจุบัน:")
    assert f"อยู่ที่หน้า “{HUB_TITLE}” (เมนู หน้าหลัก / ITA) ในแถว O25 ลิงก์" in o25
    assert "เอกสาร PDF “แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2567”" in o25
    assert unquote(body["O25"][3]).endswith(EXPECTED["items"]["O25"]["evidence"][0])
    o13 = body["O13"][4]
    assert f"“{HUB_TITLE}” (เมนู หน้าหลัก / ITA) ในแถว O13 ลิงก์ “ดาวน์โหลด”" in o13
    assert body["O11"][3] == "" and body["O11"][4].startswith("ยังไม่มี:")
    assert body["O19"][4].startswith("ลิงก์เสีย:") and "ในแถว O19 ลิงก์ “ดาวน์โหลด”" in body["O19"][4]
    o1 = body["O1"][4]
    assert o1.startswith("อยู่ที่หน้า “โครงสร้างและอำนาจหน้าที่” (เมนู หน้าหลัก / เกี่ยวกับจังหวัด)")
    assert f"เปิดได้จากหน้า “{HUB_TITLE}” (เมนู หน้าหลัก / ITA) ในแถว O1" in o1


def test_itas_gives_the_main_domain_page_for_external_evidence(scratch):
    # make O16's Google Drive file its best evidence
    execute(scratch, "UPDATE evidence SET rank = rank + 100 WHERE code = 'O16'")
    execute(scratch, "UPDATE evidence SET rank = 1 WHERE code = 'O16' AND url LIKE 'https://drive.google.com/%'")
    drive = query(scratch, "SELECT * FROM evidence WHERE code = 'O16' AND rank = 1")[0]
    body = {r[0]: r for r in csv_rows(render(scratch, "itas"))}
    _, _, available, url, explanation = body["O16"]
    assert available == "มี"
    assert urlsplit(url).netloc == site_host(scratch) and url == drive["found_on"]
    assert unquote(urlsplit(url).path) == HUB_PATH
    assert "ไฟล์อยู่นอกเว็บไซต์หลัก ที่ drive.google.com" in explanation and drive["url"] in explanation
    assert f"อยู่ที่หน้า “{HUB_TITLE}”" in explanation and "ในแถว O16" in explanation

    # with no page of the site to point to, the URL stays empty rather than leaving the domain
    execute(scratch, "UPDATE evidence SET found_on = NULL WHERE code = 'O16' AND rank = 1")
    execute(scratch, "DELETE FROM links WHERE target_url = ?", drive["url"])
    body = {r[0]: r for r in csv_rows(render(scratch, "itas"))}
    assert body["O16"][3] == "" and "ไม่พบหน้าบนเว็บไซต์หลัก" in body["O16"][4]


def test_itas_xlsx(scan, reports):
    data = reports["xlsx"]
    assert data[:2] == b"PK"
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["ITAS"]
    sheet = book["ITAS"]
    rows = list(sheet.iter_rows(values_only=True))
    csv_body = csv_rows(reports["itas"])
    assert len(rows) == len(csv_body) == 29
    assert [list(r) for r in rows] == [[v if v != "" else None for v in r] for r in csv_body]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.column_dimensions["E"].width >= 60 and sheet.freeze_panes == "A2"
    o25 = next(r for r in rows if r[0] == "O25")
    assert o25[1] == "แผนปฏิบัติการป้องกันการทุจริต" and o25[2] == "ไม่มี" and HUB_TITLE in o25[4]
    assert render(scan, "itas", output_name="itas.csv")[:3] == b"\xef\xbb\xbf"


def test_pinned_evidence_and_staff_decisions_are_shown(scratch):
    site = query(scratch, "SELECT site FROM runs")[0]["site"]
    o25 = query(scratch, "SELECT url FROM evidence WHERE code = 'O25' AND rank = 1")[0]["url"]
    execute(scratch, "UPDATE evidence SET decision = 'pin' WHERE code = 'O25' AND rank = 1")
    execute(scratch, "INSERT INTO decisions (site, code, url, action, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            site, "O25", o25, "pin", "ยืนยันโดยเจ้าหน้าที่", "2025-08-01T02:00:00+00:00")
    execute(scratch, "INSERT INTO decisions (site, code, url, action, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            site, "O4", "https://www.facebook.com/prd.yasothon", "reject", None, "2025-08-02T02:00:00+00:00")
    execute(scratch, "INSERT INTO decisions (site, code, url, action, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            "other.example", "O1", "https://other.example/", "pin", None, "2025-08-02T02:00:00+00:00")
    tree = html_tree(render(scratch, "html"))
    first = item_row(tree, "O25").xpath(".//ol[@class='evidence']/li[1]")[0]
    assert "pinned" in first.get("class") and "ปักหมุด (pinned)" in text_of(first)
    assert "ปักหมุด (pinned)" not in text_of(item_row(tree, "O13"))
    decisions = tree.xpath("//section[@id='decisions']//tr[@class='decision']")
    assert [text_of(d.xpath("td[1]")[0]) for d in decisions] == ["O4", "O25"]   # item order, this site only
    assert "ไม่ใช้ (rejected)" in text_of(decisions[0]) and "ปักหมุด (pinned)" in text_of(decisions[1])
    assert "ยืนยันโดยเจ้าหน้าที่" in text_of(decisions[1])
    assert "/images/ita2568/O25/แผนปฏิบัติการป้องกันการทุจริต-ประจำปี-2567.pdf" in text_of(decisions[1])
    assert "ปักหมุด (pinned)" in render(scratch, "md").decode()


def test_report_context_and_errors(scan):
    db = open_db(scan)
    try:
        run_id = db.execute("SELECT max(id) FROM runs").fetchone()[0]
        ctx = report_context(db, run_id, history=5)
        assert len(ctx["items"]) == 28 and sum(len(g["items"]) for g in ctx["groups"]) == 28
        assert ctx["agency"] == "จังหวัดยโสธร" and ctx["banner"] is None
        assert [h["run_id"] for h in ctx["items"][0]["history"]] == [run_id]
        assert ctx["items"][0]["best"]["display_url"].endswith("/2018/th/โครงสร้างและอำนาจหน้าที่.html")
        with pytest.raises(ValueError, match="unknown report format"):
            render_report(db, run_id, "pdf")
        with pytest.raises(ValueError, match="not found"):
            render_report(db, run_id + 999, "html")
    finally:
        db.conn.close()
    assert safe_href("https://a.go.th/x") == "https://a.go.th/x"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//evil", "", None):
        assert safe_href(bad) is None, bad


# ---------------------------------------------------------------------------------------------- headless Chromium

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).exists()), None)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium); "
                                             "CI installs it")
def test_chromium_renders_the_report(reports, tmp_path):
    report = tmp_path / "report.html"
    report.write_bytes(reports["html"])
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "report.png"
    screenshot.unlink(missing_ok=True)
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"]
    shot = subprocess.run([*base, f"--screenshot={screenshot}", "--window-size=1280,2000", report.as_uri()],
                          check=False, capture_output=True, text=True, timeout=180)
    assert screenshot.exists(), shot.stderr[-3000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 20_000, "the screenshot is blank"

    dom = subprocess.run([*base, "--dump-dom", report.as_uri()], check=False, capture_output=True, text=True,
                         timeout=180)
    assert dom.returncode == 0, dom.stderr[-3000:]
    tree = lxml_html.fromstring(dom.stdout)
    rows = tree.xpath("//table[@id='items']//tr[contains(concat(' ', @class, ' '), ' item ')]")
    assert len(rows) == 28
    assert [r.get("data-code") for r in rows] == list(EXPECTED["items"])
    assert "ไม่พบ (missing)" in text_of(tree.xpath("//tr[@id='item-O11']")[0])
