"""End to end: `oit scan` crawls the sample provincial site served on 127.0.0.1 and records it in SQLite.

The expected pages, documents and hazards come from crawler/sample_site/expected.json, the site's own
ground truth, so these tests check what the crawler found against what the site really contains.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from checklist.thaitext import clean_text
from crawler.ocr import tesseract_available
from crawler.sample_site import load_expected, serve_sample_site
from tests.conftest import copy_db, query

pytestmark = pytest.mark.network

EXPECTED = load_expected()
REPO = Path(__file__).resolve().parents[1]
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-q"]


def oit(*args, timeout=180, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True,
                          timeout=timeout, **kw)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path) + (f"?{unquote(parts.query)}" if parts.query else "")


rows = query


@pytest.fixture
def scanned(sample_scan):
    return sample_scan


def test_scan_is_complete_and_says_where_the_database_is(scanned):
    run = rows(scanned["db"], "SELECT * FROM runs")[0]
    assert run["status"] == "complete", run["status_reason"]
    assert run["finished_at"] >= run["started_at"]
    assert str(scanned["db"]) in scanned["result"].stdout
    assert "สมบูรณ์ (complete)" in scanned["result"].stdout
    assert scanned["server_errors"] == []


def test_every_page_of_the_site_is_recorded_with_its_title(scanned):
    pages = {path_of(r["url"]): r for r in rows(scanned["db"], "SELECT * FROM pages")}
    finals = {path_of(r["final_url"]): r for r in pages.values()}
    for expected in EXPECTED["pages"]:
        page = pages.get(expected["path"]) or finals.get(expected["path"])
        assert page is not None, f"not crawled: {expected['path']}"
        assert page["status"] == 200
        assert page["title"] == expected["title"]
        assert page["content_hash"] and len(page["content_hash"]) == 64
        assert page["text"]


def test_thai_legacy_pages_are_decoded_whatever_their_declaration(scanned):
    pages = {path_of(r["url"]): r for r in rows(scanned["db"], "SELECT * FROM pages")}
    for legacy in EXPECTED["tis620_pages"]:
        page = pages[legacy["path"]]
        assert page["charset"] in ("cp874", "windows-874"), legacy
        assert legacy["phrase"] in page["title"] + page["text"], legacy["path"]
        assert "\ufffd" not in page["text"]


def test_every_document_is_recorded_with_its_text_links_and_referrers(scanned):
    docs = {path_of(r["url"]): r for r in rows(scanned["db"], "SELECT * FROM documents WHERE external = 0")}
    for expected in EXPECTED["documents"]:
        doc = docs.get(expected["path"])
        assert doc is not None, f"document not recorded: {expected['path']}"
        if expected["path"] == EXPECTED["oversize"]["path"]:
            continue
        assert doc["kind"] == expected["kind"], expected["path"]
        assert doc["status"] == 200
        assert doc["content_hash"] and doc["size"] > 0
        assert json.loads(doc["linked_from"]), expected["path"]
        if expected.get("has_text"):
            assert doc["has_text"] == 1, (expected["path"], doc["extract_error"])
            assert doc["text_source"] == "layer"
            assert clean_text(expected["phrase"]) in doc["text"], expected["path"]
        elif expected["path"] != EXPECTED["corrupt_pdf"]["path"]:
            # a scan: read by OCR when Tesseract is installed (CI installs it)
            assert doc["text_source"] == ("ocr" if tesseract_available() else None), expected["path"]


def test_scanned_pdf_is_read_by_ocr_and_corrupt_pdf_is_recorded_with_a_reason(scanned):
    docs = {path_of(r["url"]): r for r in rows(scanned["db"], "SELECT * FROM documents")}
    scans = [d for d in EXPECTED["documents"] if d["kind"] == "pdf" and not d["has_text"]
             and d["path"] != EXPECTED["corrupt_pdf"]["path"] and d["path"] != EXPECTED["oversize"]["path"]]
    assert scans
    for expected in scans:
        doc = docs[expected["path"]]
        assert doc["status"] == 200
        if tesseract_available():
            assert doc["has_text"] == 1 and doc["text_source"] == "ocr" and 0 < doc["ocr_confidence"] <= 1
        else:
            assert doc["has_text"] == 0 and doc["extract_error"].startswith("ocr_unavailable")
    corrupt = docs[EXPECTED["corrupt_pdf"]["path"]]
    assert corrupt["has_text"] == 0
    assert corrupt["extract_error"].startswith("corrupt")


def test_content_type_decides_for_download_links_without_extension(scanned):
    docs = rows(scanned["db"], "SELECT * FROM documents WHERE url LIKE '%download.php%'")
    assert docs, "download.php?id=.. documents were not recognised"
    for doc in docs:
        assert doc["kind"] == "pdf" and doc["has_text"] == 1
        assert doc["filename"].endswith(".pdf") and any("\u0e00" <= c <= "\u0e7f" for c in doc["filename"])


def test_dead_links_are_recorded_with_the_pages_that_link_to_them(scanned):
    dead = {path_of(r["url"]): r for r in rows(scanned["db"], "SELECT * FROM dead_links")}
    for detail in EXPECTED["dead_link_details"]:
        row = dead.get(detail["path"])
        assert row is not None, f"dead link not recorded: {detail['path']}"
        if "error" in detail:
            assert row["error"] == detail["error"]
        else:
            assert row["http_status"] == detail["status"] and row["error"] == f"http_{detail['status']}"
        sources = {path_of(r["source_url"]) for r in rows(
            scanned["db"], "SELECT source_url FROM dead_link_sources WHERE url = ?", row["url"])}
        assert set(detail["linked_from"]) <= sources
    assert len(dead) == len(EXPECTED["dead_link_details"])


def test_redirect_chain_is_recorded_hop_by_hop(scanned):
    chain = EXPECTED["redirect_chain"]
    page = next(r for r in rows(scanned["db"], "SELECT * FROM pages") if path_of(r["url"]) == chain["start"])
    assert path_of(page["final_url"]) == chain["final"]
    hops = json.loads(page["redirects"])
    assert [(path_of(h["url"]), h["status"]) for h in hops] == [(h["from"], h["status"]) for h in chain["hops"]]


def test_the_flaky_page_is_retried_and_recorded(scanned):
    flaky = EXPECTED["flaky"]
    assert scanned["hits"][flaky["path"]] == flaky["fail_first"] + 1
    pages = {path_of(r["url"]): r for r in rows(scanned["db"], "SELECT * FROM pages")}
    assert pages[flaky["path"]]["status"] == 200


def test_calendar_trap_is_bounded_and_what_it_skipped_is_visible(scanned):
    calendar = [r for r in rows(scanned["db"], "SELECT url FROM pages") if "com_jevents" in r["url"]]
    assert 0 < len(calendar) <= 2 * 24 + 1
    skipped = rows(scanned["db"], "SELECT reason, count(*) AS n FROM skipped GROUP BY reason")
    assert {"calendar_trap"} <= {r["reason"] for r in skipped}
    assert sum(n for path, n in scanned["hits"].items() if "com_jevents" in path) == len(calendar)


def test_oversized_document_is_skipped_and_recorded_not_downloaded(scanned):
    big = EXPECTED["oversize"]
    doc = next(r for r in rows(scanned["db"], "SELECT * FROM documents") if path_of(r["url"]) == big["path"])
    assert doc["error"] == "too_large"
    assert not rows(scanned["db"], "SELECT * FROM dead_links WHERE url = ?", doc["url"])


def test_oversized_document_streamed_without_length_is_cut_off_and_recorded(tmp_path):
    big = EXPECTED["oversize"]
    db = tmp_path / "big.db"
    streamed = {"generate": {"size": 30 * 2**20, "content_type": "application/pdf", "content_length": False}}
    with serve_sample_site(routes_override={big["path"]: streamed}) as site:
        result = oit("scan", site.url, "--db", str(db), "--max-document-mb", "2", *FAST)
    assert result.returncode == 1, result.stderr[-2000:]
    doc = next(r for r in rows(db, "SELECT * FROM documents") if path_of(r["url"]) == big["path"])
    assert doc["error"] == "too_large" and doc["text"] is None
    assert rows(db, "SELECT status FROM runs")[0]["status"] == "complete"


def test_orphan_page_is_found_through_the_sitemap(scanned):
    orphan = EXPECTED["orphan"]
    links = [r for r in rows(scanned["db"], "SELECT * FROM links") if path_of(r["target_url"]) == orphan["path"]]
    assert links and {r["kind"] for r in links} == {"sitemap"}
    assert any(path_of(r["url"]) == orphan["path"] for r in rows(scanned["db"], "SELECT url FROM pages"))


def test_robots_txt_is_obeyed_and_the_refusal_recorded(scanned):
    for path in EXPECTED["robots"]["linked_disallowed"]:
        assert scanned["hits"].get(path, 0) == 0
    assert rows(scanned["db"], "SELECT * FROM skipped WHERE reason = 'robots'")


def test_other_hosts_are_recorded_as_links_and_external_documents_never_fetched(scanned):
    external = rows(scanned["db"], "SELECT DISTINCT target_url, kind FROM links WHERE kind LIKE 'external%'")
    recorded = {r["target_url"] for r in external}
    for link in EXPECTED["external_links"]:
        assert link["url"] in recorded, link["url"]
    drive = rows(scanned["db"], "SELECT * FROM documents WHERE external = 1")
    assert any("drive.google.com/file/d/" in d["url"] for d in drive)
    assert all(d["status"] is None and d["text"] is None for d in drive)
    assert all(json.loads(d["link_texts"]) for d in drive)


def test_link_context_keeps_the_item_name_of_generic_download_links(scanned):
    hub = EXPECTED["hub"]
    generic = [r for r in rows(scanned["db"], "SELECT * FROM links WHERE text IN ('ดาวน์โหลด', 'คลิกที่นี่')")
               if path_of(r["source_url"]) == hub]
    assert generic
    assert all(r["context"] and r["context"] != r["text"] for r in generic)
    # O19's only link says "ดาวน์โหลด"; the item is named by its table row alone
    assert any(r["context"].startswith("O19 ข้อมูลสถิติเรื่องร้องเรียนการทุจริต") for r in generic)


def test_oit_search_lists_matching_documents_with_snippets(scanned):
    found = oit("search", "แผนปฏิบัติการป้องกันการทุจริต", "--db", str(scanned["db"]))
    assert found.returncode == 0, found.stderr
    assert "/images/ita2568/O25/แผนปฏิบัติการป้องกันการทุจริต-ประจำปี-2567.pdf" in found.stdout
    assert "[แผนปฏิบัติการป้องกันการทุจริต]" in found.stdout
    both = oit("search", "ติดต่อ ยโสธร", "--pages", "--db", str(scanned["db"]))
    assert "[page]" in both.stdout
    hostile = oit("search", 'ทุจริต" NEAR "ป้องกัน', "--db", str(scanned["db"]))  # FTS5 syntax stays text
    assert hostile.returncode == 0 and "พบ 0 รายการ" in hostile.stdout
    short = oit("search", "แผ", "--db", str(scanned["db"]))
    assert short.returncode == 2 and "at least 3 characters" in short.stderr


def test_documents_are_searchable_in_thai(scanned):
    found = rows(scanned["db"], "SELECT d.url FROM documents_fts f JOIN documents d ON d.id = f.rowid "
                                "WHERE documents_fts MATCH ?", '"ป้องกันการทุจริต"')
    assert len(found) >= 2


def test_a_second_scan_adds_a_run_beside_the_first(scanned, tmp_path):
    db = tmp_path / "two.db"
    with serve_sample_site() as site:
        first = oit("scan", site.url, "--db", str(db), "--max-pages", "10", *FAST)
        second = oit("scan", site.url, "--db", str(db), *FAST)
    assert first.returncode == 3  # page limit: incomplete, which wins over "items not current"
    assert second.returncode == 1
    runs = rows(db, "SELECT id, status, status_reason, pages, site FROM runs ORDER BY id")
    assert [r["status"] for r in runs] == ["incomplete", "complete"]
    assert "page limit" in runs[0]["status_reason"]
    assert runs[0]["pages"] <= 10 < runs[1]["pages"]
    assert runs[0]["site"] == runs[1]["site"]
    assert rows(db, "SELECT count(*) AS n FROM skipped WHERE run_id = 1 AND reason = 'page_limit'")[0]["n"] > 0
    assert rows(db, "SELECT count(*) AS n FROM pages WHERE run_id = 2")[0]["n"] == runs[1]["pages"]


def test_demo_serves_the_sample_site_records_a_run_each_time_and_shows_progress(tmp_path):
    db = tmp_path / "demo.db"
    args = ("demo", "--port", "0", "--db", str(db), "-s", "OIT_PROGRESS_INTERVAL=0.5", "-s", "DOWNLOAD_DELAY=0.02")
    first, second = oit(*args), oit(*args)
    for result in (first, second):
        assert result.returncode == 1, result.stderr[-2000:]
        assert "http://127.0.0.1:" in result.stdout
        assert f"ฐานข้อมูล (database): {db}" in result.stdout
        assert "หน้าเว็บ " in result.stderr and "(pages " in result.stderr  # progress lines while crawling
    runs = rows(db, "SELECT status, pages, documents FROM runs ORDER BY id")
    assert [r["status"] for r in runs] == ["complete", "complete"]
    assert runs[0]["pages"] == runs[1]["pages"] >= len(EXPECTED["pages"])
    assert runs[0]["documents"] == runs[1]["documents"]


def test_every_item_gets_the_verdict_the_sample_site_was_built_for(scanned):
    results = {r["code"]: r for r in rows(scanned["db"], "SELECT * FROM item_results")}
    assert list(results) == [f"O{i}" for i in range(1, 29)]
    wrong = {code: (results[code]["status"], want["verdict"], results[code]["reason"])
             for code, want in EXPECTED["items"].items() if results[code]["status"] != want["verdict"]}
    assert wrong == {}
    for code, want in EXPECTED["items"].items():
        evidence = {path_of(r["url"]) for r in rows(scanned["db"], "SELECT url FROM evidence WHERE code = ?", code)}
        if want["verdict"] != "missing":
            assert evidence & set(want["evidence"]), (code, want["evidence"], evidence)
    # the plan/report look-alikes next to each other on the hub page never stand in for each other
    o25 = {path_of(r["url"]) for r in rows(scanned["db"], "SELECT url FROM evidence WHERE code = 'O25'")}
    assert not o25 & set(EXPECTED["items"]["O26"]["evidence"])
    assert "ต้องเป็นปี 2568" in results["O25"]["reason"] and "2567" in results["O25"]["reason"]
    assert "HTTP 404" in results["O19"]["reason"]
    # the monthly procurement summaries Oct 2567 .. Mar 2568 are counted for O12
    assert results["O12"]["reason"].endswith("พบรายงานรายเดือน 6 เดือนของปีงบประมาณ 2568")
    assert "ผลการประเมินรายข้อ ITA-2568" in scanned["result"].stdout


def test_json_report_follows_the_published_schema(scanned, tmp_path):
    import jsonschema

    out = tmp_path / "report.json"
    result = oit("report", "--db", str(scanned["db"]), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((REPO / "results" / "schema" / "oit-report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert report["run"]["status"] == "complete" and report["run"]["checklist"] == "ITA-2568"
    assert report["summary"] == {"current": 23, "outdated": 2, "missing": 2, "broken": 1, "total": 28}
    o19 = next(i for i in report["items"] if i["code"] == "O19")
    assert o19["status"] == "broken" and o19["evidence"][0]["http_status"] == 404
    assert o19["evidence"][0]["found_on"].endswith(".html")
    assert all(i["evidence"] == [] for i in report["items"] if i["status"] == "missing")


def test_assess_rejudges_a_stored_crawl_with_another_checklist(scanned, tmp_path):
    db = copy_db(scanned["db"], tmp_path / "copy.db")
    result = oit("assess", "--db", str(db), "--checklist", "ITA-2569")
    assert result.returncode == 1, result.stderr
    items = rows(db, "SELECT code, status FROM item_results ORDER BY position")
    assert len(items) == 26
    assert rows(db, "SELECT checklist, fiscal_year FROM runs")[0] == {"checklist": "ITA-2569", "fiscal_year": 2569}
    # the site's 2568 plans are a year behind for 2569
    assert dict((r["code"], r["status"]) for r in items)["O23"] == "outdated"  # 2569's anti-corruption plan


def test_scrapy_crawl_works_as_well(tmp_path):
    db = tmp_path / "scrapy.db"
    repo = REPO
    with serve_sample_site() as site:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"url={site.url}", "-a", "max_pages=5",
             "-s", f"OIT_DB={db}", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"],
            cwd=repo, capture_output=True, text=True, timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    run = rows(db, "SELECT * FROM runs")[0]
    assert run["status"] == "incomplete" and run["pages"] == 5


# -- faults -------------------------------------------------------------------------------------------


def test_timeout_is_a_dead_link_and_the_rest_of_the_site_is_recorded(tmp_path):
    slow = EXPECTED["slow"]["path"]
    db = tmp_path / "t.db"
    with serve_sample_site(routes_override={slow: {"delay": 4}}) as site:
        result = oit("scan", site.url, "--db", str(db), "--timeout", "1", "-s", "RETRY_TIMES=0", *FAST)
    assert result.returncode == 1, result.stderr[-2000:]
    dead = {path_of(r["url"]): r for r in rows(db, "SELECT * FROM dead_links")}
    assert dead[slow]["error"] == "timeout"
    assert len(rows(db, "SELECT * FROM pages")) >= len(EXPECTED["pages"]) - 1


def test_a_500_that_does_not_recover_is_dead_after_retries_and_the_scan_goes_on(tmp_path):
    flaky = EXPECTED["flaky"]["path"]
    db = tmp_path / "f.db"
    with serve_sample_site(routes_override={flaky: {"fail_first": 99, "fail_status": 500}}) as site:
        result = oit("scan", site.url, "--db", str(db), *FAST)
        hits = site.hits[flaky]
    assert result.returncode == 1
    dead = {path_of(r["url"]): r for r in rows(db, "SELECT * FROM dead_links")}
    assert dead[flaky]["http_status"] == 500
    assert hits == 3  # the first request and two retries


def test_unreachable_site_is_a_failed_run_with_exit_3(tmp_path):
    db = tmp_path / "down.db"
    result = oit("scan", "http://127.0.0.1:9/", "--db", str(db), "-s", "RETRY_TIMES=0", "-q")
    assert result.returncode == 3
    run = rows(db, "SELECT * FROM runs")[0]
    assert run["status"] == "failed"
    assert "start URL unreachable" in run["status_reason"] and "connection_refused" in run["status_reason"]
    assert "ล้มเหลว" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args, message", [
    (["scan", "ftp://www.yasothon.go.th/"], "only http and https"),
    (["scan", "http://exa mple.go.th/"], "malformed URL"),
    (["scan", "https://www.yasothon.go.th:99999/"], "malformed URL"),
    (["scan", "https://www.yasothon.go.th/", "--fiscal-year", "2025"], "did you mean 2568"),
    (["scan", "https://www.yasothon.go.th/", "--no-such-option"], "No such option"),
    (["scan"], "no site to scan"),
])
def test_bad_input_is_one_clear_line_and_exit_2(args, message, tmp_path):
    result = oit(*args, "--db", str(tmp_path / "x.db"))
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_db_that_is_not_sqlite_is_refused_untouched(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("ไม่ใช่ฐานข้อมูล", encoding="utf-8")
    result = oit("scan", "https://www.yasothon.go.th/", "--db", str(notes))
    assert result.returncode == 2
    assert "not an SQLite database" in result.stderr
    assert notes.read_text(encoding="utf-8") == "ไม่ใช่ฐานข้อมูล"


def test_every_subcommand_has_help():
    for command in ([], ["scan"], ["demo"]):
        result = oit(*command, "--help")
        assert result.returncode == 0 and "Usage:" in result.stdout


def _wait_for_pages(db: Path, n: int, deadline: float) -> int:
    while time.time() < deadline:
        if db.exists():
            try:
                count = rows(db, "SELECT count(*) AS n FROM pages")[0]["n"]
            except sqlite3.Error:
                count = 0
            if count >= n:
                return count
        time.sleep(0.2)
    raise AssertionError("the scan recorded too few pages in time")


def _slow_scan(site, db):
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "scan", site.url, "--db", str(db), "-q",
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0.3", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_sigint_mid_crawl_leaves_a_readable_database_and_an_incomplete_run(tmp_path):
    db = tmp_path / "int.db"
    with serve_sample_site() as site:
        proc = _slow_scan(site, db)
        seen = _wait_for_pages(db, 5, time.time() + 60)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 3, err[-2000:]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    status, reason, pages = conn.execute("SELECT status, status_reason, pages FROM runs").fetchone()
    assert status == "incomplete" and "interrupted" in reason
    assert pages >= seen
    assert pages < len(EXPECTED["pages"])
    assert "ไม่สมบูรณ์ (incomplete)" in out


def test_sigkill_mid_crawl_is_marked_incomplete_by_the_next_open(tmp_path):
    from results.db import open_db

    db = tmp_path / "kill.db"
    with serve_sample_site() as site:
        proc = _slow_scan(site, db)
        seen = _wait_for_pages(db, 5, time.time() + 60)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    database = open_db(db)
    run = database["runs"].get(1)
    assert run["status"] == "incomplete" and "interrupted" in run["status_reason"]
    assert database.execute("SELECT count(*) FROM pages").fetchone()[0] >= seen - 1
    assert run["pages"] == database.execute("SELECT count(*) FROM pages").fetchone()[0]  # the history says so
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


# -- nightly use: history, alerts, lock, staff decisions -----------------------------------------------


def test_two_nightly_runs_with_an_item_gone_send_exactly_one_alert_and_diff_shows_it(tmp_path):
    from tests.test_history_alerts import Hook

    from http.server import ThreadingHTTPServer
    import threading

    Hook.received = []
    hook = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    target = f"json://127.0.0.1:{hook.server_address[1]}/hook"
    db = tmp_path / "nightly.db"
    structure = EXPECTED["items"]["O1"]["evidence"][0]
    try:
        with serve_sample_site() as site:
            first = oit("scan", site.url, "--db", str(db), "--notify", target, *FAST)
            port = site.port  # the next night's site is the same site: same host and port
        assert first.returncode == 1, first.stderr[-2000:]
        assert Hook.received == []  # the first run of a site has nothing to be worse than
        with serve_sample_site(port=port, routes_override={structure: {"status": 404}}) as site:
            second = oit("scan", site.url, "--db", str(db), "--notify", target, *FAST)
        assert second.returncode == 1, second.stderr[-2000:]
        assert len(Hook.received) == 1
        message = Hook.received[0]["message"]
        assert "O1 โครงสร้างและอำนาจหน้าที่: เป็นปัจจุบัน →" in message
        assert "รายงาน (report):" in message and "-run2.html" in message
        assert "แจ้งเตือน (alert) ส่งแล้ว" in second.stdout

        # the second night read none of the unchanged documents again
        stats = [json.loads(r["stats"]) for r in rows(db, "SELECT stats FROM runs ORDER BY id")]
        read_first = rows(db, "SELECT count(*) AS n FROM documents WHERE run_id = 1 AND extractor IS NOT NULL")[0]["n"]
        assert stats[0].get("oit/extract_cached", 0) == 0
        assert stats[1]["oit/extract_cached"] == read_first
        same = rows(db, "SELECT a.text = b.text AND a.text_source IS b.text_source AS same FROM documents a "
                        "JOIN documents b ON a.url = b.url AND a.run_id = 1 AND b.run_id = 2 WHERE a.text IS NOT NULL")
        assert same and all(r["same"] for r in same)

        changes = oit("diff", "--db", str(db))
        assert changes.returncode == 0, changes.stderr
        assert "run 1 → run 2" in changes.stdout
        assert "O1   เป็นปัจจุบัน →" in changes.stdout and "แย่ลง (worse)" in changes.stdout

        down = oit("scan", "http://127.0.0.1:9/", "--db", str(db), "--notify", target, "-q", "-s", "RETRY_TIMES=0")
        assert down.returncode == 3
        assert len(Hook.received) == 2
        assert "เข้าไม่ได้" in Hook.received[1]["title"] and "O1" not in Hook.received[1]["message"]
        history = oit("runs", "--db", str(db))
        assert history.returncode == 0
        lines = history.stdout.splitlines()
        assert len(lines) == 4 and "failed" in lines[1] and "27/28" not in lines[1]
    finally:
        hook.shutdown()


def test_a_second_scan_on_a_busy_database_stops_at_once(tmp_path):
    from filelock import FileLock

    db = tmp_path / "busy.db"
    with FileLock(str(db) + ".lock"):
        started = time.time()
        result = oit("scan", "https://www.yasothon.go.th/", "--db", str(db), "-q")
    assert result.returncode == 3
    assert "another scan is already using" in result.stderr
    assert time.time() - started < 30
    assert not db.exists() or rows(db, "SELECT count(*) AS n FROM runs")[0]["n"] == 0


def test_pin_and_reject_survive_into_the_next_assessment(scanned, tmp_path):
    db = copy_db(scanned["db"], tmp_path / "decide.db")
    o8 = [r["url"] for r in rows(db, "SELECT url FROM evidence WHERE code = 'O8' ORDER BY rank")]
    assert len(o8) >= 2
    assert oit("reject", "O8", o8[0], "--db", str(db)).returncode == 0
    # staff know where the service statistics are, on a page the matcher does not recognise
    page = next(r["final_url"] for r in rows(db, "SELECT final_url, title FROM pages")
                if "ศูนย์ข้อมูลข่าวสาร" in (r["title"] or ""))
    pinned = oit("pin", "O11", page, "--note", "สถิติอยู่ในหน้านี้", "--db", str(db))
    assert pinned.returncode == 0, pinned.stderr
    assert oit("assess", "--db", str(db)).returncode == 1
    o8_after = [r["url"] for r in rows(db, "SELECT url FROM evidence WHERE code = 'O8' ORDER BY rank")]
    assert o8[0] not in o8_after and o8_after
    first = rows(db, "SELECT url, decision FROM evidence WHERE code = 'O11' AND rank = 1")[0]
    assert first == {"url": page, "decision": "pin"}
    assert rows(db, "SELECT status FROM item_results WHERE code = 'O11'")[0]["status"] != "missing"
    assert oit("unpin", "O11", page, "--db", str(db)).returncode == 0
    assert oit("assess", "--db", str(db)).returncode == 1
    assert rows(db, "SELECT status FROM item_results WHERE code = 'O11'")[0]["status"] == "missing"
    bad = oit("pin", "11", page, "--db", str(db))
    assert bad.returncode == 2 and "item code" in bad.stderr


def test_config_file_drives_a_cron_scan(tmp_path):
    db = tmp_path / "cron.db"
    with serve_sample_site() as site:
        config = tmp_path / "oit.toml"
        config.write_text(
            f'[scan]\nurl = "{site.url}"\ndb = "{db}"\nmax_pages = 8\nquiet = true\n'
            f'report_dir = "{tmp_path / "out"}"\nset = ["AUTOTHROTTLE_ENABLED=False", "DOWNLOAD_DELAY=0"]\n',
            encoding="utf-8")
        result = oit("scan", "--config", str(config))
    assert result.returncode == 3, result.stderr[-2000:]  # max_pages 8: incomplete
    run = rows(db, "SELECT * FROM runs")[0]
    assert run["pages"] <= 8 and run["report_path"].startswith(str(tmp_path / "out"))
    assert Path(run["report_path"]).exists()
    config.write_text('[scan]\nno_such_option = 1\n', encoding="utf-8")
    bad = oit("scan", "--config", str(config))
    assert bad.returncode == 2 and "unknown keys no_such_option" in bad.stderr


def test_without_tesseract_the_scan_runs_says_so_once_and_lists_what_it_could_not_read(tmp_path):
    db = tmp_path / "no-ocr.db"
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    env = {**os.environ, "PATH": str(empty_bin)}  # no tesseract (nor LibreOffice) on this machine
    with serve_sample_site() as site:
        result = oit("scan", site.url, "--db", str(db), *FAST, env=env)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.count("Tesseract OCR is not installed") == 1
    scans = [d["path"] for d in EXPECTED["documents"] if d["kind"] == "pdf" and not d["has_text"]
             and d["path"] not in (EXPECTED["corrupt_pdf"]["path"], EXPECTED["oversize"]["path"])]
    docs = {path_of(r["url"]): r for r in rows(db, "SELECT * FROM documents")}
    for path in scans:
        assert docs[path]["has_text"] == 0 and docs[path]["extract_error"].startswith("ocr_unavailable")
    report = Path(rows(db, "SELECT report_path FROM runs")[0]["report_path"]).read_text(encoding="utf-8")
    unread = report.split('id="unread"', 1)[1].split("</section>", 1)[0]
    assert "ไม่ได้ติดตั้ง OCR (Tesseract)" in unread
    assert "ไฟล์เสียหรือไม่ครบ (corrupt)" in unread  # the corrupt PDF is listed too
    assert "ไฟล์ใหญ่เกินขนาดที่กำหนด" in unread
    # the year of the scanned No Gift announcement still comes from its link text
    o21 = rows(db, "SELECT status FROM item_results WHERE code = 'O21'")[0]
    assert o21["status"] == EXPECTED["items"]["O21"]["verdict"]


@pytest.mark.skipif(not tesseract_available(), reason="needs Tesseract with Thai (CI installs tesseract-ocr-tha)")
def test_an_announcement_posted_as_a_picture_is_read_but_gallery_photos_are_not_fetched(tmp_path):
    import functools
    import http.server
    import shutil
    import threading

    site = tmp_path / "site"
    (site / "images").mkdir(parents=True)
    poster = Path(__file__).parent / "fixtures" / "docs" / "nogift_poster.jpg"
    shutil.copy(poster, site / "images" / "nogift-2568.jpg")
    shutil.copy(poster, site / "images" / "photo-0001.jpg")
    (site / "index.html").write_text(
        '<html><head><meta charset="utf-8"><title>ITA 2568</title></head><body><h2>O21 ประกาศเจตนารมณ์</h2>'
        '<p><a href="images/nogift-2568.jpg">ประกาศเจตนารมณ์ No Gift Policy (ภาพ)</a></p>'
        '<div class="gallery"><a href="images/photo-0001.jpg"><img src="images/photo-0001.jpg" alt=""></a></div>'
        "</body></html>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    db = tmp_path / "pictures.db"
    try:
        result = oit("scan", f"http://127.0.0.1:{server.server_address[1]}/index.html", "--db", str(db), *FAST)
    finally:
        server.shutdown()
    assert result.returncode in (0, 1), result.stderr[-2000:]
    docs = {path_of(r["url"]): r for r in rows(db, "SELECT * FROM documents")}
    assert set(docs) == {"/images/nogift-2568.jpg"}
    picture = docs["/images/nogift-2568.jpg"]
    assert picture["kind"] == "image" and picture["text_source"] == "ocr" and picture["has_text"] == 1
    assert "No Gift" in picture["text"] or "ของขวัญ" in picture["text"]
