"""Run history, diffs, staff decisions and alerts on stored runs (no crawl needed)."""

from __future__ import annotations

import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from results.alerts import alert_after_run, expand_targets, plan_alert
from results.db import open_db
from results.decisions import decisions_for, normalize_decision_url, remove_decision, set_decision
from results.history import diff_runs, last_two_complete_runs, list_runs, new_dead_evidence, previous_complete_run
from results.runs import create_run
from results.search import search

SITE = "https://www.yasothon.go.th/"
ITEMS = [("O1", "โครงสร้างและอำนาจหน้าที่"), ("O12", "รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"),
         ("O25", "แผนปฏิบัติการป้องกันการทุจริต")]


def add_run(db, status="complete", reason=None, verdicts=None, url=SITE):
    run_id = create_run(db, start_url=url, fiscal_year=2568, checklist="ITA-2568", settings={}, tool_version="t")
    db["runs"].update(run_id, {"status": status, "status_reason": reason,
                               "finished_at": "2025-08-20T17:20:00+00:00"})
    for pos, (code, title) in enumerate(ITEMS, start=1):
        status_i, url_i, year, error = (verdicts or {}).get(code, ("current", f"{url}{code}.pdf", 2568, None))
        db["item_results"].insert({"run_id": run_id, "checklist": "ITA-2568", "fiscal_year": 2568, "position": pos,
                                   "code": code, "title": title, "sub_indicator": "x", "time_rule": "current",
                                   "status": status_i, "confidence": 0.9, "reason": f"เหตุผล {code}",
                                   "assessed_at": "2025-08-20T17:21:00+00:00"})
        if url_i:
            db["evidence"].insert({"run_id": run_id, "code": code, "rank": 1, "url": url_i, "kind": "document",
                                   "title": title, "match": 0.9, "year": year, "http_status": 404 if error else 200,
                                   "error": error, "found_on": f"{url}2018/th/ita.html"})
    db.conn.commit()
    return run_id


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "oit.db")
    yield database
    database.conn.close()


def test_diff_reports_status_url_year_and_documents_per_item(db):
    a = add_run(db)
    b = add_run(db, verdicts={"O25": ("outdated", f"{SITE}o25-2567.pdf", 2567, None),
                              "O12": ("broken", f"{SITE}O12.pdf", 2568, "http_404")})
    changes = {c.code: c for c in diff_runs(db, a, b)}
    assert not changes["O1"].changed
    o25 = changes["O25"]
    assert (o25.status_a, o25.status_b, o25.year_a, o25.year_b) == ("current", "outdated", 2568, 2567)
    assert o25.documents_added == [f"{SITE}o25-2567.pdf"] and o25.documents_removed == [f"{SITE}O25.pdf"]
    assert o25.worse and changes["O12"].worse
    assert [d["url"] for d in new_dead_evidence(db, a, b)] == [f"{SITE}O12.pdf"]


def test_previous_complete_run_skips_failed_runs_and_other_sites(db):
    a = add_run(db)
    add_run(db, url="https://www.kalasin.go.th/")
    add_run(db, status="failed", reason="start URL unreachable: dns")
    d = add_run(db)
    assert previous_complete_run(db, db["runs"].get(d))["id"] == a
    assert [r["id"] for r in last_two_complete_runs(db)] == [a, d]
    listed = list_runs(db)
    assert [r["id"] for r in listed] == [4, 3, 2, 1]
    assert listed[0]["items_current"] == 3 and listed[0]["items_total"] == 3


def test_nothing_worse_means_no_alert_unless_a_digest_is_asked(db):
    add_run(db)
    b = add_run(db)
    assert plan_alert(db, b) is None
    digest = plan_alert(db, b, always=True)
    assert digest.kind == "digest" and "ไม่มีข้อใดแย่ลง" in digest.body


def test_an_item_leaving_current_is_one_alert_listing_it(db):
    add_run(db)
    b = add_run(db, verdicts={"O25": ("outdated", f"{SITE}o25-2567.pdf", 2567, None)})
    alert = plan_alert(db, b, report_path="/srv/oit/reports/oit-yasothon.go.th-run2.html")
    assert alert.kind == "worse"
    assert "O25 แผนปฏิบัติการป้องกันการทุจริต: เป็นปัจจุบัน → ไม่เป็นปัจจุบัน" in alert.body
    assert "O1" not in alert.body.replace("run", "")
    assert alert.body.rstrip().endswith("/srv/oit/reports/oit-yasothon.go.th-run2.html")


def test_a_failed_scan_alerts_about_the_site_never_about_missing_items(db):
    add_run(db)
    down = add_run(db, status="failed", reason="start URL unreachable: dns",
                   verdicts={code: ("missing", None, None, None) for code, _ in ITEMS})
    alert = plan_alert(db, down)
    assert alert.kind == "scan_failed"
    assert "เข้าไม่ได้ (site unreachable)" in alert.title
    assert "ไม่พบ" not in alert.body and "O25" not in alert.body
    incomplete = add_run(db, status="incomplete", reason="interrupted by the user (Ctrl-C / SIGTERM)")
    assert plan_alert(db, incomplete).kind == "scan_incomplete"


class Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Hook.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    Hook.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"json://127.0.0.1:{server.server_address[1]}/hook", Hook.received
    server.shutdown()


def test_alert_goes_out_through_apprise_and_is_logged_without_the_target(db, webhook, monkeypatch):
    url, received = webhook
    monkeypatch.setenv("OIT_TEST_HOOK", url)
    add_run(db)
    b = add_run(db, verdicts={"O12": ("broken", f"{SITE}O12.pdf", 2568, "http_404")})
    sent = alert_after_run(db, b, ["$OIT_TEST_HOOK"])
    assert sent.kind == "worse"
    assert len(received) == 1
    assert received[0]["title"] == sent.title and "O12" in received[0]["message"]
    row = db["notifications"].get(1)
    assert row["delivered"] == 1 and row["targets"] == 1
    assert "127.0.0.1" not in json.dumps(row, ensure_ascii=False)


def test_an_unreachable_alert_target_is_recorded_as_not_delivered(db):
    add_run(db)
    b = add_run(db, verdicts={"O12": ("broken", f"{SITE}O12.pdf", 2568, "http_404")})
    alert_after_run(db, b, ["json://127.0.0.1:9/hook"])
    assert db["notifications"].get(1)["delivered"] == 0


def test_targets_from_unset_variables_are_dropped(monkeypatch):
    monkeypatch.delenv("OIT_NOT_SET", raising=False)
    monkeypatch.setenv("OIT_LINE", "line://token/U123")
    assert expand_targets(["$OIT_NOT_SET", "${OIT_LINE}", " "]) == ["line://token/U123"]


def test_decisions_are_per_site_and_urls_are_stored_encoded(db):
    thai = "https://www.yasothon.go.th/images/ita2568/O22/รายงานการรับของขวัญ 2568.pdf"
    stored = set_decision(db, "yasothon.go.th", "O22", thai, "pin", note="ไฟล์อยู่ในระบบสารบรรณ")
    assert stored == normalize_decision_url(thai) and "%E0%B8" in stored and "%20" in stored
    set_decision(db, "yasothon.go.th", "O8", "https://www.yasothon.go.th/x.pdf", "reject")
    set_decision(db, "yasothon.go.th", "O8", "https://www.yasothon.go.th/x.pdf", "pin")  # replaces the reject
    found = decisions_for(db, "yasothon.go.th")
    assert found.pins == {"O22": [stored], "O8": ["https://www.yasothon.go.th/x.pdf"]}
    assert found.rejects == {}
    assert decisions_for(db, "kalasin.go.th").pins == {}
    assert remove_decision(db, "yasothon.go.th", "O8", "https://www.yasothon.go.th/x.pdf", "pin")
    assert not remove_decision(db, "yasothon.go.th", "O8", "https://www.yasothon.go.th/x.pdf", "pin")


def test_search_after_a_failed_night_shows_what_the_last_reading_run_found(db):
    first = add_run(db)
    db["documents"].insert({"run_id": first, "url": f"{SITE}o25-2568.pdf", "kind": "pdf", "has_text": 1,
                            "text": "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"})
    add_run(db, status="failed", reason="start URL unreachable: dns")
    db.conn.commit()
    assert [r["url"] for r in search(db, "ป้องกันการทุจริต")] == [f"{SITE}o25-2568.pdf"]


def test_datasette_canned_queries_run_on_a_real_database(db):
    metadata = json.loads((Path(__file__).resolve().parents[1] / "results" / "datasette" / "metadata.json")
                          .read_text(encoding="utf-8"))
    queries = metadata["databases"]["oit"]["queries"]
    add_run(db)
    add_run(db, verdicts={"O25": ("outdated", f"{SITE}o25-2567.pdf", 2567, None)})
    db["documents"].insert({"run_id": 2, "url": f"{SITE}o25-2567.pdf", "kind": "pdf", "has_text": 1,
                            "text": "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"})
    db.conn.commit()
    conn = sqlite3.connect(db.conn.execute("PRAGMA database_list").fetchone()[2])
    conn.row_factory = sqlite3.Row
    results = {name: [dict(r) for r in conn.execute(q["sql"], {"q": "ป้องกันการทุจริต"})]
               for name, q in queries.items()}
    assert [(r["code"], r["status"]) for r in results["items_lacking_current_documents"]] == [("O25", "outdated")]
    assert [(r["code"], r["before"], r["now"]) for r in results["changes_since_previous_run"]] == [
        ("O25", "current", "outdated")]
    assert results["search_documents"][0]["url"] == f"{SITE}o25-2567.pdf"
    assert "【ป้องกันการทุจริต】" in results["search_documents"][0]["snippet"]  # marks that are not markup
    # Datasette escapes every cell; only *_html metadata is rendered raw, and ours has none
    def keys(node):
        if isinstance(node, dict):
            for k, v in node.items():
                yield k
                yield from keys(v)
    assert not [k for k in keys(metadata) if k.endswith("_html")]
    hostile = list(conn.execute(queries["search_documents"]["sql"], {"q": 'ทุจริต" OR "x'}))
    assert hostile == []  # quotes in the search box cannot change the query
