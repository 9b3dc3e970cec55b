"""Resuming a killed scan from what it had already recorded.

Scrapy's JOBDIR keeps its queue only when the crawl closes cleanly; a nightly job killed by the OOM killer or
a reboot never closes. The database, committed every half second, knows better: every page, document and
dead link already read, and every link found on those pages. A resumed run starts with a copy of those rows
and crawls only the links nobody followed yet, so it ends with the same findings as an uninterrupted scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils
from w3lib.url import canonicalize_url

# what a run recorded, copied into the run that resumes it
_COPIED = {
    "pages": ["url", "final_url", "status", "content_type", "charset", "title", "headings", "breadcrumb", "text",
              "main_text", "last_modified", "etag", "content_hash", "size", "depth", "redirects", "fetched_at"],
    "links": ["source_url", "target_url", "text", "heading", "context", "kind"],
    "documents": ["url", "final_url", "external", "status", "error", "content_type", "kind", "filename", "size",
                  "content_hash", "has_text", "text", "text_chars", "page_count", "extractor", "extract_error",
                  "metadata", "title", "last_modified", "etag", "fetched_at", "text_source", "ocr_confidence"],
    "dead_links": ["url", "kind", "http_status", "error", "detail"],
    "skipped": ["url", "reason", "found_on"],
}


@dataclass
class ResumeState:
    resumed_from: int
    pages: int  # HTML pages already read (they count towards --max-pages)
    done: set[str] = field(default_factory=set)  # canonical URLs already fetched, dead or skipped
    frontier: list[tuple[str, str, str | None, int]] = field(default_factory=list)  # url, kind, found_on, depth
    link_sources: set[str] = field(default_factory=set)  # pages and sitemaps whose links were copied


def resumable_run(db: sqlite_utils.Database, site: str) -> dict | None:
    """The latest run of the site, if it was cut short (killed, interrupted); None when it finished."""
    rows = list(db.query("SELECT * FROM runs WHERE site = ? AND status != 'running' ORDER BY id DESC LIMIT 1",
                         [site]))
    if rows and rows[0]["status"] == "incomplete":
        return rows[0]
    return None


def copy_run(db: sqlite_utils.Database, old: int, new: int) -> ResumeState:
    """Copy what run ``old`` recorded into run ``new`` and work out what is left to crawl."""
    with db.conn:
        for table, columns in _COPIED.items():
            cols = ", ".join(columns)
            db.conn.execute(f"INSERT INTO {table} (run_id, {cols}) SELECT ?, {cols} FROM {table} WHERE run_id = ?",
                            (new, old))
    state = ResumeState(resumed_from=old, pages=db.execute(
        "SELECT count(*) FROM pages WHERE run_id = ?", [new]).fetchone()[0])
    for (url,) in db.execute(
        """SELECT url FROM pages WHERE run_id = :r UNION SELECT final_url FROM pages WHERE run_id = :r
           UNION SELECT url FROM documents WHERE run_id = :r UNION SELECT url FROM dead_links WHERE run_id = :r
           UNION SELECT url FROM skipped WHERE run_id = :r AND reason != 'page_limit'""", {"r": new}):
        state.done.add(canonicalize_url(url))
    state.link_sources = {row[0] for row in db.execute(
        "SELECT DISTINCT source_url FROM links WHERE run_id = ?", [new])}
    depth_of = {row[0]: row[1] for row in db.execute("SELECT final_url, depth FROM pages WHERE run_id = ?", [new])}
    queued: set[str] = set()
    for target, kind, source in db.execute(
        "SELECT target_url, kind, source_url FROM links WHERE run_id = ? AND kind IN ('page', 'document', 'sitemap')"
        " ORDER BY id", [new]):
        key = canonicalize_url(target)
        if key in state.done or key in queued:
            continue
        queued.add(key)
        state.frontier.append((target, "document" if kind == "document" else "page", source,
                               (depth_of.get(source) or 0) + 1))
    return state
