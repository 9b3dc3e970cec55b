"""Fault suite: `oit scan` against a site that misbehaves (tests/fault_server.py), end to end.

For each fault: the scan ends (or stops at its limits) with the right run status and exit code; what was
recorded before the fault is still in the database; the fault is recorded where a user sees it (dead_links,
documents.error, skipped, the run's status_reason); and it causes no false item verdict and no false alert.
Several faults share one scan ("the bad night") where that keeps each assertion clear.

The README's table "When the site misbehaves" summarises what these tests establish.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

from tests.conftest import query
from tests.fault_server import (
    CHAIN_HOPS,
    FLAKY_FAULTS,
    HOSTILE_DEAD,
    HOSTILE_TEXT,
    HUB,
    MANY_TARGETS,
    O1_PAGE,
    O2_PAGE,
    O3_PAGE,
    O25_PDF,
    ORPHAN,
    serve_faults,
    start_faults,
)
from tests.test_history_alerts import Hook

pytestmark = pytest.mark.faults

REPO = Path(__file__).resolve().parents[1]
RETRIES = 2
TIMEOUT_S = 3
QUERY_VARIANTS = 8
CALENDAR_PAGES = 6
MAX_DOC_MB = 5
FAST = ["-q", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", f"DOWNLOAD_TIMEOUT={TIMEOUT_S}", "-s", f"RETRY_TIMES={RETRIES}",
        "-s", f"OIT_MAX_QUERY_VARIANTS={QUERY_VARIANTS}", "-s", f"OIT_MAX_CALENDAR_PAGES={CALENDAR_PAGES}",
        "--max-document-mb", str(MAX_DOC_MB)]
SLOW = ["-q", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0.3", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
        "-s", f"DOWNLOAD_TIMEOUT={TIMEOUT_S}"]
HEALTHY_CURRENT = {"O1", "O2", "O3", "O25"}  # what the healthy fault site publishes (everything else: missing)
ITEM_CODE = re.compile(r"\bO\d{1,2}\b")


# -- helpers ----------------------------------------------------------------------------------------


def oit(*args, cwd: Path = REPO, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, check=False)


def scan(url: str, db: Path, *extra: str, notify: str | None = None, cwd: Path = REPO,
         settings: list[str] = FAST) -> subprocess.CompletedProcess:
    args = ["scan", url, "--db", str(db), *settings, *extra]
    if notify:
        args += ["--notify", notify]
    return oit(*args, cwd=cwd)


def popen_scan(url: str, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", "scan", url, "--db", str(db), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
                            start_new_session=True)


def explain(result: subprocess.CompletedProcess) -> str:
    return f"exit {result.returncode}\n{result.stdout[-2500:]}\n{result.stderr[-2500:]}"


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path) + (f"?{unquote(parts.query)}" if parts.query else "")


def runs(db: Path) -> list[dict]:
    return query(db, "SELECT * FROM runs ORDER BY id")


def items(db: Path, run_id: int) -> dict[str, str]:
    return {r["code"]: r["status"] for r in query(db, "SELECT code, status FROM item_results WHERE run_id = ?", run_id)}


def pages(db: Path, run_id: int) -> dict[str, dict]:
    return {path_of(r["url"]): r for r in query(db, "SELECT * FROM pages WHERE run_id = ?", run_id)}


def documents(db: Path, run_id: int) -> dict[str, dict]:
    return {path_of(r["url"]): r for r in query(db, "SELECT * FROM documents WHERE run_id = ?", run_id)}


def dead(db: Path, run_id: int) -> dict[str, dict]:
    return {path_of(r["url"]): r for r in query(db, "SELECT * FROM dead_links WHERE run_id = ?", run_id)}


def skipped(db: Path, run_id: int) -> list[dict]:
    return query(db, "SELECT * FROM skipped WHERE run_id = ?", run_id)


def integrity_ok(db: Path) -> bool:
    return query(db, "PRAGMA integrity_check")[0]["integrity_check"] == "ok"


def assert_healthy_part_recorded(db: Path, run_id: int) -> None:
    """The pages and the document of the well-behaved part of the site are all there, readable."""
    got = pages(db, run_id)
    for path in ("/", HUB, O1_PAGE, O2_PAGE, O3_PAGE, ORPHAN, "/articles/1.html", "/articles/12.html"):
        assert path in got, f"healthy page lost: {path}"
        assert got[path]["status"] == 200 and got[path]["title"]
    plan = documents(db, run_id)[O25_PDF]
    assert plan["status"] == 200 and plan["has_text"] == 1 and "ป้องกันการทุจริต" in plan["text"]
    assert integrity_ok(db)


@contextmanager
def hook_server():
    """The json:// webhook receiver of tests/test_history_alerts.py on a free port."""
    Hook.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"json://127.0.0.1:{server.server_address[1]}/hook", Hook.received
    finally:
        server.shutdown()
        server.server_close()


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if not p.is_dir()}


def wait_for(predicate, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def count_pages(db: Path, run_id: int | None = None) -> int:
    """Pages committed so far, read as any other process would (0 while the database does not exist yet)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            sql = "SELECT count(*) FROM pages" + (" WHERE run_id = ?" if run_id else "")
            return conn.execute(sql, (run_id,) if run_id else ()).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def kill_group(proc: subprocess.Popen) -> None:
    """End what is left of a scan we started (its extractor workers), by its process group id."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# -- the bad night: one healthy run, then every network and content fault in one scan ------------------


@pytest.fixture(scope="module")
def other_host():
    """A second server, "another host": nothing the crawl does may ever reach it."""
    with serve_faults() as other:
        yield other


@pytest.fixture(scope="module")
def bad_night(tmp_path_factory, other_host):
    tmp = tmp_path_factory.mktemp("bad_night")
    data, cwd = tmp / "data", tmp / "cwd"
    data.mkdir()
    cwd.mkdir()
    db = data / "oit.db"
    with serve_faults(other_port=other_host.port) as site, hook_server() as (hook_url, received):
        common = ["--report-dir", str(data / "reports")]
        healthy = scan(site.url, db, *common, notify=hook_url, cwd=cwd)
        healthy_alerts = list(received)
        # the night goes bad: every fault is linked from the home page, and the O1 page and the O25 plan
        # each fail once (503, 502) before they answer
        site.set(faults=True, flaky={O1_PAGE: (503, 1), O25_PDF: (502, 1)})
        site.reset_counts()
        started = time.monotonic()
        result = scan(site.url, db, *common, notify=hook_url, cwd=cwd)
        took = time.monotonic() - started
        out = {
            "db": db, "tmp": tmp, "data": data, "cwd": cwd, "site": site.url, "port": site.port,
            "healthy": healthy, "result": result, "took": took, "healthy_alerts": healthy_alerts,
            "alerts": list(received), "hits": site.snapshot(), "requests": list(site.requests),
            "bytes_sent": dict(site.bytes_sent), "times_429": site.times("/fault/429.html"),
            "server_errors": list(site.errors), "other_requests": list(other_host.requests),
            "files": files_under(tmp),
        }
    assert healthy.returncode == 1, explain(healthy)
    assert result.returncode == 1, explain(result)
    return out


def test_bad_night_is_complete_and_everything_healthy_is_still_recorded(bad_night):
    db = bad_night["db"]
    first, second = runs(db)
    assert first["status"] == second["status"] == "complete", second["status_reason"]
    assert second["status_reason"] is None
    # bounded: not the 60 s hang, not the 2 GB downloads, not the endless calendar and search
    assert bad_night["took"] < 90
    assert_healthy_part_recorded(db, 1)
    assert_healthy_part_recorded(db, 2)
    assert bad_night["server_errors"] == []
    # named in robots.txt and probed directly: asked for once
    assert bad_night["hits"]["/sitemap.xml"] == 1


def test_transient_5xx_is_retried_and_recorded_as_a_page_not_a_dead_link(bad_night):
    db, hits = bad_night["db"], bad_night["hits"]
    got, gone = pages(db, 2), dead(db, 2)
    for path, status in FLAKY_FAULTS.items():
        assert hits[path] == RETRIES + 1, (path, hits[path])  # failed twice, answered the third time
        assert got[path]["status"] == 200 and got[path]["title"] == f"recovered {status}"
        assert path not in gone
    # the O1 page (503 once) and the O25 plan (502 once) recovered: no trace of the fault, verdicts stand
    assert hits[O1_PAGE] == 2 and hits[O25_PDF] == 2
    assert O1_PAGE not in gone and O25_PDF not in gone


def test_a_503_that_never_recovers_is_a_dead_link_after_the_retries(bad_night):
    row = dead(bad_night["db"], 2)["/fault/down-503.html"]
    assert (row["error"], row["http_status"], row["kind"]) == ("http_503", 503, "page")
    assert bad_night["hits"]["/fault/down-503.html"] == RETRIES + 1
    sources = query(bad_night["db"], "SELECT source_url FROM dead_link_sources WHERE url = ? AND run_id = 2",
                    row["url"])
    assert [path_of(s["source_url"]) for s in sources] == ["/"]


def test_a_hanging_page_times_out_and_is_recorded(bad_night):
    row = dead(bad_night["db"], 2)["/fault/hang.html"]
    assert row["error"] == "timeout" and row["http_status"] is None
    assert bad_night["hits"]["/fault/hang.html"] == RETRIES + 1
    assert "/fault/hang.html" not in pages(bad_night["db"], 2)


def test_reset_and_truncated_responses_are_recorded_with_what_went_wrong(bad_night):
    gone, got = dead(bad_night["db"], 2), pages(bad_night["db"], 2)
    assert gone["/fault/reset-before.html"]["error"] == "connection_lost"
    assert gone["/fault/reset-partial.html"]["error"] == "data_loss"
    assert gone["/fault/truncated.html"]["error"] == "data_loss"
    for path in ("/fault/reset-before.html", "/fault/reset-partial.html", "/fault/truncated.html"):
        assert path not in got, f"a broken response was stored as a page: {path}"


def test_redirect_loop_and_long_chain_stop_and_are_recorded(bad_night):
    gone, hits = dead(bad_night["db"], 2), bad_night["hits"]
    assert gone["/fault/loop-a.html"]["error"] == "redirect_loop"
    assert hits["/fault/loop-a.html"] == 1 and hits["/fault/loop-b.html"] == 1
    chain = gone[f"/fault/chain/{CHAIN_HOPS}.html"]
    assert chain["error"] == "redirect_loop" and "max redirections" in chain["detail"]
    assert sum(n for p, n in hits.items() if p.startswith("/fault/chain/")) == 11  # REDIRECT_MAX_TIMES + 1
    assert hits["/fault/chain/0.html"] == 0


def test_redirects_and_meta_refresh_to_other_hosts_are_skipped_as_offsite(bad_night):
    rows = {path_of(r["url"]): r for r in skipped(bad_night["db"], 2) if r["reason"] == "offsite_redirect"}
    assert set(rows) == {"/fault/offsite-redirect.html", "/fault/localhost-redirect.html", "/fault/refresh.html",
                         "/fault/metadata-redirect.html"}
    assert all(path_of(r["found_on"]) == "/" for r in rows.values())
    gone = dead(bad_night["db"], 2)
    assert not set(rows) & set(gone), "an off-site redirect is not a dead link"
    # Scrapy does not follow a redirect to a non-http scheme at all: the 302 itself is the dead end
    assert gone["/fault/file-redirect.html"]["error"] == "http_302"


def test_calendar_and_search_traps_are_bounded_and_what_they_skipped_is_visible(bad_night):
    db, hits = bad_night["db"], bad_night["hits"]
    got = pages(db, 2)
    calendar = [p for p in got if p.startswith("/events/calendar.php")]
    search = [p for p in got if p.startswith("/search.php")]
    assert 0 < len(calendar) <= CALENDAR_PAGES
    assert 0 < len(search) <= QUERY_VARIANTS
    assert sum(n for p, n in hits.items() if p.startswith("/events/calendar.php")) == len(calendar)
    assert sum(n for p, n in hits.items() if p.startswith("/search.php")) == len(search)
    reasons = {}
    for r in skipped(db, 2):
        reasons.setdefault(r["reason"], []).append(path_of(r["url"]))
    assert any(p.startswith("/events/calendar.php") for p in reasons["calendar_trap"])
    assert any(p.startswith("/search.php") for p in reasons["query_variants"])


def test_endless_search_pagination_is_bounded_like_other_query_variants(tmp_path):
    db = tmp_path / "oit.db"
    with serve_faults(paged_search=True) as site:
        result = scan(site.url, db, "--max-pages", "150")
        hits = site.snapshot()
    fetched = sum(n for p, n in hits.items() if p.startswith("/fault/search-paged.php"))
    run = runs(db)[0]
    assert run["status"] == "complete", (fetched, run["status_reason"])
    assert result.returncode == 1, explain(result)
    assert fetched <= 100, fetched
    assert any(r["reason"] != "page_limit" and "search-paged" in r["url"] for r in skipped(db, 1))
    assert_healthy_part_recorded(db, 1)


def test_endless_query_string_variants_of_one_page_are_capped(bad_night):
    db, hits = bad_night["db"], bad_night["hits"]
    listed = [p for p in pages(db, 2) if p.startswith("/fault/list.php")]
    session = [p for p in listed if "sessionid=" in p]
    sorted_ = [p for p in listed if "sort=" in p]
    assert 0 < len(session) <= QUERY_VARIANTS and 0 < len(sorted_) <= QUERY_VARIANTS
    assert sum(n for p, n in hits.items() if p.startswith("/fault/list.php")) == len(listed)
    refused = [path_of(r["url"]) for r in skipped(db, 2) if r["reason"] == "query_variants"]
    assert any("sessionid=" in p for p in refused) and any("sort=" in p for p in refused)


def test_huge_documents_are_cut_off_recorded_too_large_and_not_downloaded(bad_night):
    docs, gone = documents(bad_night["db"], 2), dead(bad_night["db"], 2)
    for path in ("/fault/huge-stream.pdf", "/fault/huge-length.pdf"):
        doc = docs[path]
        assert doc["error"] == "too_large" and doc["text"] is None and doc["external"] == 0
        assert path not in gone
        assert bad_night["hits"][path] == 1  # not retried
        # the server stopped generating when the crawler went away: far less than 2 GB left the server
        assert bad_night["bytes_sent"].get(path, 0) < 64 * 2**20, bad_night["bytes_sent"]


def test_an_empty_pdf_is_recorded_as_unreadable_without_failing_the_scan(bad_night):
    doc = documents(bad_night["db"], 2)["/fault/empty.pdf"]
    assert doc["status"] == 200 and doc["size"] == 0 and doc["has_text"] == 0
    assert doc["extract_error"].startswith("empty")


def test_binary_garbage_served_as_html_is_stored_without_crashing_or_matching_an_item(bad_night):
    db = bad_night["db"]
    page = pages(db, 2)["/fault/garbage.html"]
    assert page["status"] == 200 and page["size"] == 64 * 1024
    evidence = {path_of(r["url"]) for r in query(db, "SELECT url FROM evidence WHERE run_id = 2")}
    assert "/fault/garbage.html" not in evidence


def test_deeply_nested_html_does_not_stop_the_scan(bad_night):
    page = pages(bad_night["db"], 2)["/fault/deep.html"]
    assert page["status"] == 200 and page["title"] == "deep nesting"
    assert "ข้อความก่อนส่วนที่ซ้อนลึก" in page["text"]


def test_links_after_a_deeply_nested_block_are_still_followed(bad_night):
    page = pages(bad_night["db"], 2)["/fault/deep.html"]
    assert "ข้อความหลังส่วนที่ซ้อนลึก" in page["text"]
    assert bad_night["hits"]["/fault/deep-after.html"] == 1


def test_a_page_with_50000_links_is_capped_and_the_cap_is_recorded(bad_night):
    db, hits = bad_night["db"], bad_night["hits"]
    source = f"{bad_night['site']}fault/many-links.html"
    assert query(db, "SELECT count(*) AS n FROM links WHERE run_id = 2 AND source_url = ?", source)[0]["n"] == 5000
    assert any(r["reason"] == "too_many_links" and path_of(r["url"]) == "/fault/many-links.html"
               for r in skipped(db, 2))
    for i in range(MANY_TARGETS):  # 25 distinct targets, each fetched once however often linked
        assert hits[f"/fault/many/{i}.html"] == 1


def test_retry_after_is_honoured_and_the_page_is_recorded_not_dead(bad_night):
    times = bad_night["times_429"]
    assert len(times) == 2, times
    assert times[1] - times[0] >= 2.0, f"asked again after {times[1] - times[0]:.2f} s, Retry-After was 2"
    page = pages(bad_night["db"], 2)["/fault/429.html"]
    assert page["status"] == 200 and page["title"] == "after the pause"
    assert "/fault/429.html" not in dead(bad_night["db"], 2)


def test_no_false_verdict_and_no_alert_after_the_bad_night(bad_night):
    db = bad_night["db"]
    before, after = items(db, 1), items(db, 2)
    assert {c for c, s in before.items() if s == "current"} == HEALTHY_CURRENT
    assert after == before, {c: (before[c], after[c]) for c in before if before[c] != after[c]}
    assert bad_night["healthy_alerts"] == []  # a first run has nothing to be worse than
    assert bad_night["alerts"] == [], bad_night["alerts"]
    assert query(db, "SELECT count(*) AS n FROM notifications")[0]["n"] == 0
    # the run is still counted honestly: the faults are its dead links
    run = runs(db)[1]
    assert run["dead_links"] == len(dead(db, 2)) >= 7


# -- security ----------------------------------------------------------------------------------------


def test_the_crawl_never_requests_another_host_by_any_route(bad_night):
    # links, <base href>, meta refresh, redirects, robots.txt Sitemap: lines, sitemap entries, links in a PDF
    assert bad_night["other_requests"] == [], bad_night["other_requests"]
    hosts = {r["host"] for r in bad_night["requests"]}
    assert hosts == {f"127.0.0.1:{bad_night['port']}"}, hosts
    db = bad_night["db"]
    for table in ("pages", "dead_links"):
        for row in query(db, f"SELECT url FROM {table}"):
            assert urlsplit(row["url"]).netloc == f"127.0.0.1:{bad_night['port']}", (table, row["url"])
    fetched_docs = query(db, "SELECT url FROM documents WHERE status IS NOT NULL OR error IS NOT NULL")
    assert all(urlsplit(r["url"]).netloc == f"127.0.0.1:{bad_night['port']}" for r in fetched_docs)


def test_hostile_links_are_recorded_as_external_and_never_fetched(bad_night):
    db = bad_night["db"]
    links = {r["target_url"]: r["kind"] for r in query(
        db, "SELECT target_url, kind FROM links WHERE run_id = 2 AND source_url LIKE '%/fault/hostile.html'")}
    assert links["http://10.0.0.1/admin"] == "external"
    assert links["http://169.254.169.254/latest/meta-data/"] == "external"
    assert links[f"http://localhost:{bad_night['port']}/"] == "external"
    assert any(u.endswith("/via-base.html") and v == "external" for u, v in links.items())  # <base href> honoured
    # every spelling of another host (port, userinfo, protocol-relative, IPv6, decimal IP, https) stays external
    assert len(links) == 11 and set(links.values()) == {"external", "external_document"}, links
    assert links[f"http://localhost:{bad_night['port']}/fault/hostile-localhost.pdf"] == "external_document"
    assert not any(u.startswith(("file:", "data:", "javascript:", "ftp:")) for u in links)
    for table, column in (("pages", "url"), ("documents", "url"), ("dead_links", "url"), ("skipped", "url")):
        for row in query(db, f"SELECT {column} AS u FROM {table}"):
            assert not row["u"].startswith(("file:", "data:", "javascript:", "ftp:")), (table, row["u"])
            assert urlsplit(row["u"]).hostname not in ("10.0.0.1", "169.254.169.254"), (table, row["u"])
    texts = " ".join((r["text"] or "") for r in query(db, "SELECT text FROM pages UNION ALL SELECT text FROM documents"))
    assert "root:x:0:0" not in texts


def test_document_file_names_from_content_disposition_cannot_climb_out(bad_night):
    docs = documents(bad_night["db"], 2)
    assert docs["/fault/download.php?id=7"]["filename"] == "passwd.pdf"
    assert docs["/fault/download.php?id=8"]["filename"] == "oit-evil.pdf"
    for doc in docs.values():
        name = doc["filename"] or ""
        assert "/" not in name and "\\" not in name and ".." not in name, name


def test_nothing_is_written_outside_the_data_directory(bad_night):
    tmp, data = bad_night["tmp"], bad_night["data"]
    outside = sorted(str(p.relative_to(tmp)) for p in bad_night["files"] if data not in p.parents)
    assert outside == [], outside
    assert not any(bad_night["cwd"].iterdir()), "the scan wrote into its working directory"
    inside = {str(p.relative_to(data)) for p in bad_night["files"]}
    assert "oit.db" in inside and any(p.startswith("reports/") for p in inside)
    assert not Path("/etc/passwd.pdf").exists() and not Path("/tmp/oit-evil.pdf").exists()


def test_markup_in_crawled_text_is_shown_as_text_in_the_html_report(bad_night):
    db = bad_night["db"]
    assert dead(db, 2)[HOSTILE_DEAD]["error"] == "http_404"
    report = Path(runs(db)[1]["report_path"])
    assert report.parent == bad_night["data"] / "reports"
    page = report.read_text(encoding="utf-8")
    listed = [li.text_content() for li in lxml.html.fromstring(page).xpath("//tr[@class='dead']//li")]
    assert any(HOSTILE_TEXT in text for text in listed), "the link text is listed, as text, with the dead link"
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|data|file):""", page, re.IGNORECASE)


# -- robots.txt ---------------------------------------------------------------------------------------


def test_robots_txt_forbidding_the_ita_hub_makes_the_run_incomplete_without_item_alerts(tmp_path):
    db = tmp_path / "oit.db"
    with serve_faults() as site, hook_server() as (hook_url, received):
        first = scan(site.url, db, notify=hook_url)
        assert first.returncode == 1, explain(first)
        assert received == []
        site.set(robots_disallow_hub=True)
        site.reset_counts()
        second = scan(site.url, db, notify=hook_url)
        hits, alerts = site.snapshot(), list(received)
    assert second.returncode == 3, explain(second)
    assert hits[HUB] == 0 and hits[O1_PAGE] == 0 and hits["/robots.txt"] >= 1
    run = runs(db)[1]
    assert run["status"] == "incomplete" and "robots.txt" in run["status_reason"], run["status_reason"]
    assert HUB in run["status_reason"]
    refused = [r for r in skipped(db, 2) if r["reason"] == "robots"]
    assert [path_of(r["url"]) for r in refused] == [HUB] and path_of(refused[0]["found_on"]) == "/"
    assert HUB not in pages(db, 2)
    # what it could read is recorded as before
    assert {"/", O3_PAGE, ORPHAN} <= set(pages(db, 2)) and integrity_ok(db)
    # one alert, about the scan; never "missing"
    assert len(alerts) == 1, alerts
    assert "ไม่ครบ" in alerts[0]["title"] and "robots.txt" in alerts[0]["message"]
    assert not ITEM_CODE.search(alerts[0]["title"] + alerts[0]["message"]), alerts[0]
    assert "ไม่พบ" not in alerts[0]["message"]
    assert [r["kind"] for r in query(db, "SELECT kind FROM notifications")] == ["scan_incomplete"]


def test_the_ita_hub_failing_with_503_makes_the_run_incomplete_not_every_item_missing(tmp_path):
    db = tmp_path / "oit.db"
    with serve_faults() as site, hook_server() as (hook_url, received):
        first = scan(site.url, db, notify=hook_url)
        assert first.returncode == 1, explain(first)
        site.set(always_fail={HUB: 503})
        site.reset_counts()
        second = scan(site.url, db, notify=hook_url)
        hits, alerts = site.snapshot(), list(received)
    assert hits[HUB] == RETRIES + 1 and hits[O1_PAGE] == 0
    assert dead(db, 2)[HUB]["error"] == "http_503"
    run = runs(db)[1]
    assert run["status"] == "incomplete", (run["status"], run["status_reason"])
    assert "ITA/OIT" in run["status_reason"] and HUB in run["status_reason"] and "http_503" in run["status_reason"]
    assert second.returncode == 3, explain(second)
    # O1 was current last night; tonight it is unknown, not "missing"
    assert len(alerts) == 1 and "ไม่ครบ" in alerts[0]["title"], alerts
    assert not ITEM_CODE.search(alerts[0]["title"] + alerts[0]["message"]), alerts[0]


# -- the site is down ----------------------------------------------------------------------------------


def test_site_down_night_fails_keeps_the_previous_results_and_sends_one_unreachable_alert(tmp_path):
    db = tmp_path / "oit.db"
    with hook_server() as (hook_url, received):
        site = start_faults()
        try:
            first = scan(site.url, db, notify=hook_url)
        finally:
            site.stop()
        assert first.returncode == 1, explain(first)
        before = query(db, "SELECT * FROM item_results WHERE run_id = 1 ORDER BY position")
        evidence_before = query(db, "SELECT * FROM evidence WHERE run_id = 1 ORDER BY id")
        # the same URL (same port) while nothing listens there: connection refused
        down = scan(site.url, db, notify=hook_url)
        alerts = list(received)
    assert down.returncode == 3, explain(down)
    run = runs(db)[1]
    assert run["status"] == "failed", run
    assert "connection_refused" in run["status_reason"], run["status_reason"]
    assert query(db, "SELECT * FROM item_results WHERE run_id = 1 ORDER BY position") == before
    assert query(db, "SELECT * FROM evidence WHERE run_id = 1 ORDER BY id") == evidence_before
    assert {r["status"] for r in before if r["code"] in HEALTHY_CURRENT} == {"current"}
    # the failed run's items are "could not assess", never a confident "missing"
    failed_items = query(db, "SELECT confidence, reason FROM item_results WHERE run_id = 2")
    assert failed_items and all(r["confidence"] == 0 and "การสแกนล้มเหลว" in r["reason"] for r in failed_items)
    assert len(alerts) == 1, alerts
    assert "เข้าไม่ได้" in alerts[0]["title"]
    assert not ITEM_CODE.search(alerts[0]["title"] + alerts[0]["message"]), alerts[0]
    assert [r["kind"] for r in query(db, "SELECT kind FROM notifications")] == ["scan_failed"]
    assert integrity_ok(db)


def test_a_start_page_that_always_answers_503_fails_the_run_with_the_reason(tmp_path):
    db = tmp_path / "oit.db"
    with serve_faults() as site, hook_server() as (hook_url, received):
        first = scan(site.url, db, notify=hook_url)
        assert first.returncode == 1, explain(first)
        site.set(always_fail={"/": 503})
        site.reset_counts()
        result = scan(site.url, db, notify=hook_url)
        hits, alerts = site.snapshot(), list(received)
    assert hits["/"] == RETRIES + 1
    assert dead(db, 2)["/"]["error"] == "http_503"
    run = runs(db)[1]
    assert run["status"] == "failed" and "http_503" in run["status_reason"], (run["status"], run["status_reason"])
    assert result.returncode == 3, explain(result)
    assert len(alerts) == 1 and "เข้าไม่ได้" in alerts[0]["title"], alerts
    assert not ITEM_CODE.search(alerts[0]["title"] + alerts[0]["message"]), alerts[0]


def test_a_flapping_server_makes_the_run_incomplete_with_the_error_rate_in_the_reason(tmp_path):
    db = tmp_path / "oit.db"
    articles = 30
    broken = {f"/articles/{n}.html" for n in range(1, articles + 1)}
    with serve_faults(articles=articles, reset_paths=broken) as site, hook_server() as (hook_url, received):
        result = scan(site.url, db, "-s", "RETRY_TIMES=0", notify=hook_url)
        alerts = list(received)
    assert result.returncode == 3, explain(result)
    run = runs(db)[0]
    assert run["status"] == "incomplete" and "too many network errors" in run["status_reason"], run
    gone = dead(db, 1)
    assert {gone[p]["error"] for p in broken} == {"connection_lost"}
    # what did answer is all there
    got = pages(db, 1)
    assert {"/", HUB, O1_PAGE, O2_PAGE, O3_PAGE} <= set(got) and integrity_ok(db)
    assert documents(db, 1)[O25_PDF]["has_text"] == 1
    assert [a["title"] for a in alerts] and "ไม่ครบ" in alerts[0]["title"] and len(alerts) == 1
    assert not ITEM_CODE.search(alerts[0]["message"])


# -- resume after a killed scan -------------------------------------------------------------------------


def test_a_killed_scan_is_kept_and_resumed_to_the_same_result_without_refetching(tmp_path):
    db, reference_db = tmp_path / "oit.db", tmp_path / "reference.db"
    with serve_faults(articles=40) as site:
        proc = popen_scan(site.url, db, *SLOW)
        try:
            assert wait_for(lambda: count_pages(db) >= 5 or proc.poll() is not None, timeout=60)
            assert proc.poll() is None, "the slow scan ended before it could be killed"
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            kill_group(proc)
            proc.communicate()
        at_kill = site.snapshot()
        killed_pages = {path_of(r["url"]) for r in query(db, "SELECT url FROM pages WHERE run_id = 1")}
        assert len(killed_pages) >= 5
        resumed = scan(site.url, db, "--resume")
        after_resume = site.snapshot()
        reference = scan(site.url, reference_db)
    assert resumed.returncode == 1, explain(resumed)
    assert reference.returncode == 1, explain(reference)
    killed, finished = runs(db)
    assert killed["status"] == "incomplete" and "interrupted" in killed["status_reason"], killed
    assert finished["status"] == "complete", finished["status_reason"]
    assert json.loads(finished["settings"]).get("resumed_from") == killed["id"]
    # what the killed run recorded is kept
    assert {path_of(r["url"]) for r in query(db, "SELECT url FROM pages WHERE run_id = 1")} == killed_pages
    # same verdicts as an uninterrupted scan, and the same pages
    assert items(db, finished["id"]) == items(reference_db, 1)
    assert set(pages(db, finished["id"])) == set(pages(reference_db, 1))
    # pages read before the kill were not requested again
    again = {p: after_resume[p] - at_kill[p] for p in killed_pages if after_resume[p] != at_kill[p]}
    assert again == {}, again
    assert integrity_ok(db)


def test_a_scan_killed_before_its_sitemap_answered_still_resumes_to_the_same_pages(tmp_path):
    db, reference_db = tmp_path / "oit.db", tmp_path / "reference.db"
    with serve_faults(articles=40, delay={"/sitemap.xml": 30}) as site:
        proc = popen_scan(site.url, db, *SLOW, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=3", "-s", "DOWNLOAD_TIMEOUT=20")
        try:
            assert wait_for(lambda: count_pages(db) >= 5 or proc.poll() is not None, timeout=60)
            assert proc.poll() is None and site.hits[ORPHAN] == 0
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            kill_group(proc)
            proc.communicate()
        site.set(delay={})  # the sitemap answers at once from now on
        resumed = scan(site.url, db, "--resume")
        reference = scan(site.url, reference_db)
    assert resumed.returncode == 1 and reference.returncode == 1, explain(resumed)
    assert runs(db)[1]["status"] == "complete"
    assert ORPHAN in pages(reference_db, 1)
    assert set(pages(db, 2)) == set(pages(reference_db, 1)), set(pages(reference_db, 1)) ^ set(pages(db, 2))


# -- incremental scans: HTTP revalidation and the document text cache -----------------------------------


def test_incremental_scans_revalidate_reuse_text_and_never_hide_changes(tmp_path):
    db = tmp_path / "oit.db"
    with serve_faults() as site, hook_server() as (hook_url, received):
        first = scan(site.url, db)
        not_modified_1 = site.not_modified
        second = scan(site.url, db)
        not_modified_2 = site.not_modified
        full = scan(site.url, db, "--full")
        not_modified_3 = site.not_modified
        # the next night: the O2 page changes and the O25 plan is taken down
        site.set(executive_name="นายใหม่ เปลี่ยนแปลง", removed={O25_PDF})
        changed = scan(site.url, db, notify=hook_url)
        alerts = list(received)
    for result in (first, second, full):
        assert result.returncode == 1, explain(result)
    r1, r2, r3, _ = runs(db)
    assert not_modified_1 == 0 and r1["revalidated"] == 0
    # second run: unchanged pages answered 304, the plan not read again, the same results
    assert r2["revalidated"] > 0 and r2["revalidated"] == not_modified_2 - not_modified_1
    assert json.loads(r2["stats"]).get("oit/extract_cached", 0) >= 1
    assert documents(db, 2)[O25_PDF]["text"] == documents(db, 1)[O25_PDF]["text"]
    assert items(db, 2) == items(db, 1)
    assert {p: r["content_hash"] for p, r in pages(db, 2).items()} == {p: r["content_hash"] for p, r in pages(db, 1).items()}
    # --full: a cold scan
    assert r3["revalidated"] == 0 and not_modified_3 == not_modified_2
    assert json.loads(r3["stats"]).get("oit/extract_cached", 0) == 0
    assert items(db, 3) == items(db, 1)
    # the change is seen, not the cached copy
    assert "นายใหม่ เปลี่ยนแปลง" in pages(db, 4)[O2_PAGE]["text"]
    assert pages(db, 4)[O2_PAGE]["content_hash"] != pages(db, 3)[O2_PAGE]["content_hash"]
    # the removed document is dead, whatever the cache held
    assert changed.returncode == 1, explain(changed)
    assert dead(db, 4)[O25_PDF]["error"] == "http_404"
    assert documents(db, 4)[O25_PDF]["error"] == "http_404" and documents(db, 4)[O25_PDF]["text"] is None
    after = items(db, 4)
    assert after["O25"] == "broken" and {after[c] for c in HEALTHY_CURRENT - {"O25"}} == {"current"}
    # exactly one alert, about O25 only
    assert len(alerts) == 1, alerts
    codes = set(ITEM_CODE.findall(alerts[0]["title"] + alerts[0]["message"]))
    assert codes == {"O25"}, alerts[0]
    assert [r["kind"] for r in query(db, "SELECT kind FROM notifications")] == ["worse"]


# -- WAL: reading while a scan writes -------------------------------------------------------------------


def test_reports_can_be_read_while_a_scan_writes(tmp_path):
    db = tmp_path / "oit.db"
    with serve_faults(articles=30) as site:
        proc = popen_scan(site.url, db, *SLOW)
        try:
            assert wait_for(lambda: count_pages(db) >= 3 or proc.poll() is not None, timeout=60)
            assert proc.poll() is None, "the slow scan ended before it could be read"
            conn = sqlite3.connect(db, timeout=5)
            try:
                assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                seen = conn.execute("SELECT count(*) FROM pages WHERE run_id = 1").fetchone()[0]
                status = conn.execute("SELECT status FROM runs WHERE id = 1").fetchone()[0]
            finally:
                conn.close()
            report = oit("report", "--format", "json", "--db", str(db), timeout=60)
            still_running = proc.poll() is None
            later = count_pages(db, 1)
            _, err = proc.communicate(timeout=120)
        finally:
            kill_group(proc)
    assert seen >= 3 and status == "running"
    assert report.returncode == 0, explain(report)
    data = json.loads(report.stdout)
    assert data["run"]["id"] == 1 and data["run"]["status"] == "incomplete"  # running: not to be trusted yet
    assert still_running and later >= seen
    assert proc.returncode == 1, (proc.returncode, err[-2000:])
    run = runs(db)[0]
    assert run["status"] == "complete" and run["pages"] == count_pages(db, 1) > seen
    assert len(items(db, 1)) == 28 and query(db, "SELECT count(*) AS n FROM item_results")[0]["n"] == 28
    assert {c for c, s in items(db, 1).items() if s == "current"} == HEALTHY_CURRENT
    assert integrity_ok(db)
