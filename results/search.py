"""Full-text search over what the crawl read (trigram FTS5: any run of three or more Thai characters)."""

from __future__ import annotations

import sqlite_utils

from checklist.thaitext import clean_text
from results.runs import LATEST_READ_RUNS_SQL

MIN_TERM = 3  # the trigram tokenizer cannot match anything shorter


class SearchError(ValueError):
    pass


def fts_query(text: str) -> str:
    """Each whitespace-separated term as a quoted phrase, all required: what people type cannot become
    FTS5 syntax (quotes, AND/OR/NEAR, column filters)."""
    terms = clean_text(text).split()
    if not terms:
        raise SearchError("empty search")
    short = [t for t in terms if len(t) < MIN_TERM]
    if short:
        raise SearchError(f"search terms need at least {MIN_TERM} characters: {' '.join(short)}")
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms)


def search(db: sqlite_utils.Database, text: str, *, run_id: int | None = None, pages: bool = False,
           limit: int = 20) -> list[dict]:
    """Documents (and pages) whose text matches, best first, with a snippet. Default scope: the latest
    run of each site that read it (a failed night does not hide what the night before found)."""
    query = fts_query(text)
    runs = [run_id] if run_id else [r[0] for r in db.execute(LATEST_READ_RUNS_SQL)]
    marks = ",".join("?" * len(runs))
    sql = [f"""SELECT 'document' AS kind, d.run_id, d.url, coalesce(d.title, d.filename, '') AS title,
                      snippet(documents_fts, 2, '[', ']', '…', 64) AS snippet, bm25(documents_fts) AS score
               FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
               WHERE documents_fts MATCH ? AND d.run_id IN ({marks})"""]
    params: list = [query, *runs]
    if pages:
        sql.append(f"""SELECT 'page', p.run_id, p.final_url, coalesce(p.title, ''),
                              snippet(pages_fts, 1, '[', ']', '…', 64), bm25(pages_fts)
                       FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid
                       WHERE pages_fts MATCH ? AND p.run_id IN ({marks})""")
        params += [query, *runs]
    full = " UNION ALL ".join(sql) + " ORDER BY score LIMIT ?"
    return [dict(r) for r in db.query(full, [*params, limit])]
