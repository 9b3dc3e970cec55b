"""Storing and reading the per-item verdicts of a run (tables item_results and evidence)."""

from __future__ import annotations

import json

import sqlite_utils

from results.db import utcnow


def store_verdicts(db: sqlite_utils.Database, run_id: int, checklist, fiscal_year: int, verdicts) -> None:
    """Replace the run's verdicts in one transaction: readers see the old set or the new, never a mix."""
    now = utcnow()
    with db.conn:
        db.conn.execute("DELETE FROM evidence WHERE run_id = ?", (run_id,))
        db.conn.execute("DELETE FROM item_results WHERE run_id = ?", (run_id,))
        db["item_results"].insert_all(
            {"run_id": run_id, "checklist": checklist.id, "fiscal_year": fiscal_year, "position": pos,
             "code": v.item.code, "title": v.item.title, "sub_indicator": v.item.group,
             "time_rule": v.item.time_rule, "status": v.status, "confidence": v.confidence, "reason": v.reason,
             "assessed_at": now}
            for pos, v in enumerate(verdicts, start=1)
        )
        db["evidence"].insert_all(
            {"run_id": run_id, "code": v.item.code, "rank": rank, "url": e.url, "kind": e.kind, "title": e.title,
             "match": e.match, "year": e.year.year, "end_year": e.year.end_year, "year_source": e.year.source,
             "meets_rule": None if e.meets is None else int(e.meets), "http_status": e.http_status,
             "error": e.error, "found_on": e.found_on, "signals": json.dumps(e.signals, ensure_ascii=False),
             "decision": e.decision}
            for v in verdicts for rank, e in enumerate(v.evidence, start=1)
        )
        db["runs"].update(run_id, {"checklist": checklist.id, "fiscal_year": fiscal_year})


def load_results(db: sqlite_utils.Database, run_id: int) -> list[dict]:
    """The run's items in checklist order, each with its evidence list (best first)."""
    items = list(db.query("SELECT * FROM item_results WHERE run_id = ? ORDER BY position", [run_id]))
    evidence: dict[str, list[dict]] = {}
    for row in db.query("SELECT * FROM evidence WHERE run_id = ? ORDER BY code, rank", [run_id]):
        evidence.setdefault(row["code"], []).append(row)
    for item in items:
        item["evidence"] = evidence.get(item["code"], [])
    return items
