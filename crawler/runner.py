"""Running one scan in this process: lock the database, crawl, judge, write the report, alert."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from crawler import __version__


class ScanError(Exception):
    """The scan cannot start (bad database, busy database); the message is for the user."""


class _NoTraceback(logging.Filter):
    """Scrapy logs a full traceback when robots.txt cannot be fetched from a site that is down; the run's
    status already says why, in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


@contextmanager
def database_lock(db_path: Path):
    """One scan per database at a time: a second nightly job that overlaps the first stops at once
    instead of interleaving two runs' writes."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(db_path) + ".lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise ScanError(f"another scan is already using {db_path}; this one stops "
                        "(the lock is released when that scan ends)") from None
    try:
        yield
    finally:
        lock.release()


def run_crawl(start_url: str, db_path: Path, overrides: dict, *, fiscal_year: int | None,
              checklist: str | None, log_level: str = "WARNING", log_file: str | None = None,
              resume: bool = False) -> dict:
    """Crawl once and return the run row. The row is created before Scrapy starts, so even a crawl that
    cannot start leaves a `failed` run behind rather than nothing."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from crawler.spiders.site import SiteSpider
    from results.db import DatabaseError, open_db
    from results.decisions import decisions_for
    from results.resume import resumable_run
    from results.runs import FAILED, RUNNING, create_run, site_key

    try:
        db = open_db(db_path)
    except DatabaseError as exc:
        raise ScanError(str(exc)) from None
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(overrides, priority="cmdline")
    recorded = {k: v for k, v in overrides.items() if not k.startswith("LOG")}
    previous = resumable_run(db, site_key(start_url)) if resume else None
    if previous:
        recorded["resumed_from"] = previous["id"]
    run_id = create_run(db, start_url=start_url, fiscal_year=fiscal_year, checklist=checklist,
                        settings=recorded, tool_version=__version__)
    pinned = decisions_for(db, site_key(start_url)).pinned_urls
    db.conn.close()
    settings.set("HTTPCACHE_DIR", str(db_path.resolve().parent / f"{db_path.name}.httpcache"), priority="cmdline")
    for name, value in (("OIT_DB", str(db_path)), ("OIT_RUN_ID", run_id), ("OIT_FISCAL_YEAR", fiscal_year),
                        ("OIT_CHECKLIST", checklist), ("OIT_EXTRA_URLS", pinned), ("LOG_LEVEL", log_level),
                        ("OIT_RESUME_FROM", previous["id"] if previous else None)):
        settings.set(name, value, priority="cmdline")
    if log_file:
        settings.set("LOG_FILE", log_file, priority="cmdline")
    process = CrawlerProcess(settings)
    if log_level != "DEBUG":
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_NoTraceback())
    process.crawl(SiteSpider, url=start_url)
    process.start()

    db = open_db(db_path)
    run = db["runs"].get(run_id)
    if run["status"] == RUNNING:
        # Scrapy stopped without our pipeline closing the run (a startup error, a forced second Ctrl-C).
        db["runs"].update(run_id, {"status": FAILED,
                                   "status_reason": "the crawl stopped before it could record its result"})
        db.conn.commit()
        run = db["runs"].get(run_id)
    db.conn.close()
    return run


def report_file(report_dir: Path, run: dict) -> Path:
    """reports/oit-<site>-run<N>.html: the name comes from our own run row, never from crawled text, and
    stays inside the report directory whatever the site's host name."""
    site = re.sub(r"[^A-Za-z0-9.-]+", "_", run["site"]).strip("._") or "site"
    return report_dir / f"oit-{site}-run{run['id']}.html"


@dataclass
class Outcome:
    run: dict
    verdicts: list
    checklist_id: str
    fiscal_year: int
    report_path: Path | None
    alert: object | None


def judge_and_report(db_path: Path, run: dict, *, checklist_id: str | None, fiscal_year: int | None,
                     report_dir: Path | None, notify: list[str], notify_always: bool) -> Outcome:
    """After the crawl: judge every item, write the HTML report, send the alert the run deserves."""
    from checklist.assess import assess_run
    from results.alerts import alert_after_run
    from results.db import open_db
    from results.render import render_report

    db = open_db(db_path)
    try:
        checklist, fy, verdicts = assess_run(db, run["id"], checklist_id, fiscal_year)
        path = None
        if report_dir is not None:
            report_dir.mkdir(parents=True, exist_ok=True)
            path = report_file(report_dir, run)
            path.write_bytes(render_report(db, run["id"], "html"))
            db["runs"].update(run["id"], {"report_path": str(path.resolve())})
            db.conn.commit()
        alert = alert_after_run(db, run["id"], notify, always=notify_always,
                                report_path=str(path.resolve()) if path else None)
        run = db["runs"].get(run["id"])
    finally:
        db.conn.close()
    return Outcome(run, verdicts, checklist.id, fy, path, alert)
