"""The life of a run row: created when a scan starts, judged and counted when it ends."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import sqlite_utils

from checklist.matching import is_hub_link_text
from results.db import utcnow

COMPLETE, INCOMPLETE, FAILED, RUNNING = "complete", "incomplete", "failed", "running"
# The latest run of each site that read the site (a failed or still-running run has nothing to show).
LATEST_READ_RUNS_SQL = f"SELECT max(id) FROM runs WHERE status IN ('{COMPLETE}', '{INCOMPLETE}') GROUP BY site"


def site_key(url: str) -> str:
    """Runs of the same site are compared with each other; the key ignores path and the www. prefix."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = f":{parts.port}" if parts.port else ""
    return f"{host}{port}"


def create_run(
    db: sqlite_utils.Database,
    *,
    start_url: str,
    fiscal_year: int | None,
    checklist: str | None,
    settings: dict,
    tool_version: str,
) -> int:
    with db.conn:
        table = db["runs"].insert(
            {
                "site": site_key(start_url),
                "start_url": start_url,
                "started_at": utcnow(),
                "status": RUNNING,
                "fiscal_year": fiscal_year,
                "checklist": checklist,
                "tool_version": tool_version,
                "pid": os.getpid(),
                "hostname": socket.gethostname(),
                "settings": json.dumps(settings, ensure_ascii=False, sort_keys=True),
            }
        )
    return table.last_pk


@dataclass(frozen=True)
class CrawlOutcome:
    """What the crawl knows when it stops; enough to judge whether its findings can be trusted."""

    close_reason: str  # Scrapy's: finished, shutdown, closespider_*, cancelled ...
    pages: int  # HTML pages read successfully
    start_error: str | None  # why the start URL could not be read, if it could not
    page_limit_hit: bool
    transport_errors: int  # timeouts, refused/lost connections, DNS: the site misbehaving
    requests: int
    max_error_rate: float = 0.3
    min_errors_for_rate: int = 10
    writer_error: str | None = None
    robots_blocked: int = 0  # linked pages robots.txt forbade (back-office paths excepted)
    robots_example: str | None = None
    hub_error: str | None = None  # the ITA/OIT disclosure page the server failed on, with the error


# Network-level failures (classified by the spider); with HTTP 5xx, the server failing rather than a page
# being gone: what is behind such a page is unknown, not missing.
TRANSPORT_ERRORS = ("timeout", "dns", "connection_refused", "connection_lost", "data_loss")


def unreadable_hub(db: sqlite_utils.Database, run_id: int) -> str | None:
    """The first page linked as the ITA/OIT disclosure section that could not be read because the server
    failed, as "URL (error)"; None when there is none."""
    rows = db.execute(
        f"""SELECT d.url, d.error, l.text FROM dead_links d JOIN links l
            ON l.run_id = d.run_id AND l.target_url = d.url
            WHERE d.run_id = ? AND d.kind = 'page'
              AND (d.error LIKE 'http_5%' OR d.error IN ({", ".join("?" * len(TRANSPORT_ERRORS))}))
            ORDER BY d.id""", [run_id, *TRANSPORT_ERRORS])
    for url, error, text in rows:
        if text and is_hub_link_text(text):
            return f"{url} ({error})"
    return None


def judge_run(o: CrawlOutcome) -> tuple[str, str | None]:
    """Return (status, reason). Only a complete run may be trusted to say an item is missing."""
    if o.writer_error:
        return FAILED, f"database write failed: {o.writer_error}"
    # Pages reached another way (sitemap.xml) do not make up for the home page: without it the menus that
    # lead to the disclosures were never seen, and every item would be called missing.
    if o.start_error:
        return FAILED, f"start URL unreachable: {o.start_error}"
    if o.pages == 0:
        return FAILED, "no page of the site could be read"
    if o.close_reason == "shutdown":
        return INCOMPLETE, "interrupted by the user (Ctrl-C / SIGTERM)"
    if o.close_reason != "finished":
        return INCOMPLETE, f"stopped early: {o.close_reason}"
    if o.page_limit_hit:
        return INCOMPLETE, "page limit reached before the whole site was crawled (raise --max-pages)"
    if o.hub_error:
        return INCOMPLETE, (
            f"the ITA/OIT disclosure page could not be read: {o.hub_error}; the items it lists could not be "
            "checked"
        )
    if o.robots_blocked:
        return INCOMPLETE, (
            f"robots.txt forbids {o.robots_blocked} linked page(s), e.g. {o.robots_example}; evidence there "
            "could not be checked (for your own agency's site: --ignore-robots)"
        )
    if o.transport_errors >= o.min_errors_for_rate and o.requests and (
        o.transport_errors / o.requests > o.max_error_rate
    ):
        return INCOMPLETE, (
            f"too many network errors: {o.transport_errors} of {o.requests} requests failed "
            "(timeouts, refused or lost connections)"
        )
    return COMPLETE, None


_DOC_LINKS_SQL = """
UPDATE documents SET
  link_texts = (
    SELECT json_group_array(t) FROM (
      SELECT DISTINCT text AS t FROM links
      WHERE links.run_id = documents.run_id AND links.target_url = documents.url AND text != ''
      ORDER BY t LIMIT 50)),
  linked_from = (
    SELECT json_group_array(s) FROM (
      SELECT DISTINCT source_url AS s FROM links
      WHERE links.run_id = documents.run_id AND links.target_url = documents.url
      ORDER BY s LIMIT 50))
WHERE run_id = ?
"""


def finish_run(
    db: sqlite_utils.Database, run_id: int, status: str, reason: str | None, stats: dict
) -> dict:
    """Aggregate link texts onto documents, count what was recorded and close the run row."""
    counts = {}
    with db.conn:
        db.conn.execute(_DOC_LINKS_SQL, (run_id,))
        for table, column in (
            ("pages", "pages"),
            ("documents", "documents"),
            ("links", "links"),
            ("dead_links", "dead_links"),
            ("skipped", "skipped"),
        ):
            counts[column] = db.conn.execute(
                f"SELECT count(*) FROM {table} WHERE run_id = ?", (run_id,)
            ).fetchone()[0]
        # Only the first skips of each reason are stored as rows; the counter has them all.
        counts["skipped"] = max(counts["skipped"], int(stats.get("oit/skipped", 0)))
        counts["errors"] = counts["dead_links"] + int(stats.get("oit/extract_errors", 0))
        counts["revalidated"] = int(stats.get("httpcache/revalidate", 0))
        counts["cache_hits"] = int(stats.get("httpcache/hit", 0))
        db["runs"].update(
            run_id,
            {
                **counts,
                "status": status,
                "status_reason": reason,
                "finished_at": utcnow(),
                "stats": json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str),
            },
        )
    return counts
