"""`oit report --format json`: the public, machine-readable report (schema oit-report/1)."""

from __future__ import annotations

import sqlite_utils

from results.assessments import load_results

SCHEMA_ID = "oit-report/1"
STATUSES = ("current", "outdated", "missing", "broken")


def build_report(db: sqlite_utils.Database, run_id: int) -> dict:
    run = db["runs"].get(run_id)
    items = load_results(db, run_id)
    summary = {s: sum(1 for i in items if i["status"] == s) for s in STATUSES}
    summary["total"] = len(items)
    return {
        "schema": SCHEMA_ID,
        "run": {
            "id": run["id"], "site": run["start_url"], "started_at": run["started_at"],
            "finished_at": run["finished_at"], "status": "incomplete" if run["status"] == "running" else run["status"],
            "fiscal_year": run["fiscal_year"], "checklist": run["checklist"], "pages": run["pages"],
            "documents": run["documents"], "errors": run["errors"],
        },
        "summary": summary,
        "items": [
            {
                "code": i["code"], "title": i["title"], "group": i["sub_indicator"], "status": i["status"],
                "confidence": i["confidence"], "reason": i["reason"],
                "evidence": [
                    {"url": e["url"], "kind": e["kind"], "title": e["title"] or "", "match": e["match"],
                     "year": e["year"], "http_status": e["http_status"], "found_on": e["found_on"]}
                    for e in i["evidence"]
                ],
            }
            for i in items
        ],
    }
