"""The results database: validation of --db, schema migrations that keep history, runs, FTS over Thai."""

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from results import db as dbmod
from results.db import DatabaseError, Migration, latest_version, open_db
from results.runs import (
    COMPLETE,
    FAILED,
    INCOMPLETE,
    CrawlOutcome,
    create_run,
    finish_run,
    judge_run,
    site_key,
    unreadable_hub,
)
from results.writer import BackgroundWriter

FIXTURES = Path(__file__).parent / "fixtures" / "db"


def new_run(db, url="https://www.yasothon.go.th/"):
    return create_run(db, start_url=url, fiscal_year=2568, checklist="ITA-2568", settings={}, tool_version="t")


def test_new_database_has_latest_schema_in_wal_mode(tmp_path):
    db = open_db(tmp_path / "oit.db")
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"runs", "pages", "links", "documents", "dead_links", "skipped"} <= set(db.table_names())


def test_a_text_file_is_refused_and_left_untouched(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("รายชื่อเว็บไซต์ของส่วนราชการ\n", encoding="utf-8")
    with pytest.raises(DatabaseError, match="not an SQLite database"):
        open_db(notes)
    assert notes.read_text(encoding="utf-8") == "รายชื่อเว็บไซต์ของส่วนราชการ\n"


def test_missing_directory_and_directory_paths_are_clear_errors(tmp_path):
    with pytest.raises(DatabaseError, match="does not exist"):
        open_db(tmp_path / "no-such-dir" / "oit.db")
    with pytest.raises(DatabaseError, match="is a directory"):
        open_db(tmp_path)


def test_unwritable_location_is_a_clear_error(tmp_path):
    if os.geteuid() == 0:
        target = Path("/sys/oit.db")  # even root cannot create files in sysfs
    else:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        target = ro / "oit.db"
    with pytest.raises(DatabaseError, match="permission denied|unable to open"):
        open_db(target)
    assert not target.exists()


def test_database_from_a_newer_tool_is_refused(tmp_path):
    path = tmp_path / "oit.db"
    open_db(path).conn.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.close()
    with pytest.raises(DatabaseError, match="newer than this oit-crawler"):
        open_db(path)


def test_v1_database_with_history_opens_and_keeps_its_runs(tmp_path):
    """A database written by the first release must keep its runs under every later schema."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "schema-v1-with-runs.sql").read_text(encoding="utf-8"))
    conn.close()
    db = open_db(path)
    runs = list(db.query("SELECT id, site, status, pages FROM runs ORDER BY id"))
    assert runs == [
        {"id": 1, "site": "yasothon.go.th", "status": "complete", "pages": 3},
        {"id": 2, "site": "yasothon.go.th", "status": "incomplete", "pages": 1},
    ]
    hits = list(db.query("SELECT p.url FROM pages_fts f JOIN pages p ON p.id = f.rowid "
                         "WHERE pages_fts MATCH 'ทุจริต'"))
    assert hits == [{"url": "https://www.yasothon.go.th/2018/th/ita.html"}]


def test_a_later_migration_is_applied_in_place_with_a_backup(tmp_path, monkeypatch):
    path = tmp_path / "oit.db"
    db = open_db(path)
    run_id = new_run(db)
    db.conn.close()
    future = [*dbmod.migrations(), Migration(latest_version() + 1, "add_note",
                                             "ALTER TABLE runs ADD COLUMN note TEXT;")]
    monkeypatch.setattr(dbmod, "migrations", lambda: future)
    db = open_db(path)
    assert db.conn.execute("PRAGMA user_version").fetchone()[0] == future[-1].version
    assert db["runs"].get(run_id)["site"] == "yasothon.go.th"
    assert "note" in db["runs"].columns_dict
    backup = path.with_name(f"oit.db.v{future[-2].version}.bak")
    assert backup.exists()
    assert sqlite3.connect(backup).execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "oit.db"
    db = open_db(path)
    new_run(db)
    db.conn.close()
    before = latest_version()
    broken = [*dbmod.migrations(), Migration(before + 1, "broken",
                                             "ALTER TABLE runs ADD COLUMN x TEXT; SELECT * FROM no_such_table;")]
    monkeypatch.setattr(dbmod, "migrations", lambda: broken)
    with pytest.raises(DatabaseError, match="broken"):
        open_db(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == before
    assert "x" not in [r[1] for r in conn.execute("PRAGMA table_info(runs)")]
    assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_site_key_groups_www_and_bare_host_and_keeps_ports():
    assert site_key("https://www.yasothon.go.th/2018/") == site_key("http://yasothon.go.th") == "yasothon.go.th"
    assert site_key("http://127.0.0.1:8568/") == "127.0.0.1:8568"


def outcome(**kw):
    base = dict(close_reason="finished", pages=40, start_error=None, page_limit_hit=False,
                transport_errors=0, requests=100)
    base.update(kw)
    return CrawlOutcome(**base)


@pytest.mark.parametrize("kw, status, reason_part", [
    ({}, COMPLETE, None),
    ({"pages": 0, "start_error": "dns"}, FAILED, "start URL unreachable: dns"),
    ({"pages": 12, "start_error": "http_503"}, FAILED, "start URL unreachable: http_503"),
    ({"pages": 0}, FAILED, "no page"),
    ({"close_reason": "shutdown"}, INCOMPLETE, "interrupted"),
    ({"close_reason": "closespider_timeout"}, INCOMPLETE, "closespider_timeout"),
    ({"page_limit_hit": True}, INCOMPLETE, "page limit"),
    ({"transport_errors": 40, "requests": 100}, INCOMPLETE, "too many network errors"),
    ({"transport_errors": 5, "requests": 6}, COMPLETE, None),  # a few flaky links on a tiny site
    ({"writer_error": "disk I/O error"}, FAILED, "database write failed"),
    ({"hub_error": "https://www.yasothon.go.th/ita (http_503)"}, INCOMPLETE, "ITA/OIT disclosure page"),
])
def test_run_status_says_when_findings_cannot_be_trusted(kw, status, reason_part):
    got, reason = judge_run(outcome(**kw))
    assert got == status
    assert (reason is None) if reason_part is None else (reason_part in reason)


def test_only_a_server_failure_on_a_page_linked_as_the_ita_section_is_an_unreadable_hub(tmp_path):
    db = open_db(tmp_path / "oit.db")
    run_id = new_run(db)
    home = "https://www.yasothon.go.th/"
    hub = "https://www.yasothon.go.th/index.php/th/ita-2568.html"
    news = "https://www.yasothon.go.th/index.php/th/news.html"
    old_hub = "https://www.yasothon.go.th/index.php/th/ita-2566.html"
    db["links"].insert_all([
        {"run_id": run_id, "source_url": home, "target_url": news, "text": "ข่าวประชาสัมพันธ์", "kind": "page"},
        {"run_id": run_id, "source_url": home, "target_url": old_hub, "text": "ITA 2566", "kind": "page"},
        {"run_id": run_id, "source_url": home, "target_url": hub,
         "text": "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ 2568", "kind": "page"},
    ])
    db["dead_links"].insert_all([
        {"run_id": run_id, "url": news, "kind": "page", "error": "http_500"},  # not the hub
        {"run_id": run_id, "url": old_hub, "kind": "page", "error": "http_404", "http_status": 404},  # gone
    ])
    assert unreadable_hub(db, run_id) is None
    db["dead_links"].insert({"run_id": run_id, "url": hub, "kind": "page", "error": "timeout"})
    assert unreadable_hub(db, run_id) == f"{hub} (timeout)"


def test_stale_running_run_of_a_dead_process_becomes_incomplete(tmp_path):
    path = tmp_path / "oit.db"
    db = open_db(path)
    run_id = new_run(db)
    db["runs"].update(run_id, {"pid": 2**22 + 12345})  # no such process
    alive = new_run(db)  # this process: must be left alone
    db.conn.commit()
    db.conn.close()
    db = open_db(path)
    assert db["runs"].get(run_id)["status"] == INCOMPLETE
    assert "interrupted" in db["runs"].get(run_id)["status_reason"]
    assert db["runs"].get(alive)["status"] == "running"


def test_writer_batches_rows_off_thread_and_finish_aggregates_document_links(tmp_path):
    path = tmp_path / "oit.db"
    writer = BackgroundWriter(path)
    run_id = writer.call(new_run).result()
    assert threading.current_thread().name != "oit-sqlite-writer"
    pdf = "https://www.yasothon.go.th/images/ita2568/o25.pdf"
    writer.insert("pages", {"run_id": run_id, "url": "https://www.yasothon.go.th/", "final_url": "https://www.yasothon.go.th/",
                            "status": 200, "title": "หน้าหลัก", "text": "ประกาศเจตนารมณ์การป้องกันการทุจริต"})
    writer.insert("links", [
        {"run_id": run_id, "source_url": "https://www.yasothon.go.th/", "target_url": pdf, "text": "ดาวน์โหลด", "kind": "document"},
        {"run_id": run_id, "source_url": "https://www.yasothon.go.th/ita", "target_url": pdf,
         "text": "แผนปฏิบัติการป้องกันการทุจริต 2568", "kind": "document"},
    ])
    writer.insert("documents", {"run_id": run_id, "url": pdf, "status": 200, "kind": "pdf", "has_text": 1,
                                "text": "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"})
    writer.insert("documents", {"run_id": run_id, "url": pdf, "status": 500})  # duplicate: first one wins
    counts = writer.call(lambda db: finish_run(db, run_id, COMPLETE, None, {"oit/skipped": 7})).result()
    writer.close()
    assert counts["pages"] == 1 and counts["documents"] == 1 and counts["links"] == 2 and counts["skipped"] == 7
    db = open_db(path)
    doc = db["documents"].get(1)
    assert doc["status"] == 200
    import json
    assert json.loads(doc["link_texts"]) == ["ดาวน์โหลด", "แผนปฏิบัติการป้องกันการทุจริต 2568"]
    assert sorted(json.loads(doc["linked_from"])) == ["https://www.yasothon.go.th/", "https://www.yasothon.go.th/ita"]
    found = list(db.query("SELECT d.url FROM documents_fts f JOIN documents d ON d.id = f.rowid "
                          "WHERE documents_fts MATCH ?", ['"ป้องกันการทุจริต"']))
    assert found == [{"url": pdf}]
    run = db["runs"].get(run_id)
    assert run["status"] == COMPLETE and run["finished_at"]


def test_writer_reports_an_unusable_database_at_once(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"PK\x03\x04 this is a zip file")
    with pytest.raises(DatabaseError):
        BackgroundWriter(bad)


def test_pages_forbidden_by_robots_make_the_run_incomplete_not_missing():
    status, reason = judge_run(outcome(robots_blocked=2, robots_example="https://www.yasothon.go.th/2018/th/ita.html"))
    assert status == INCOMPLETE and "robots.txt forbids 2 linked page(s)" in reason and "--ignore-robots" in reason
