"""Runs over time: the run history, and what changed between two runs of a site."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from results.assessments import load_results

STATUS_ORDER = {"current": 0, "outdated": 1, "missing": 2, "broken": 3}


def list_runs(db: sqlite_utils.Database, limit: int = 50, site: str | None = None) -> list[dict]:
    where, params = ("WHERE r.site = ?", [site]) if site else ("", [])
    return list(db.query(
        f"""SELECT r.*, (SELECT count(*) FROM item_results i WHERE i.run_id = r.id AND i.status = 'current')
                   AS items_current,
                  (SELECT count(*) FROM item_results i WHERE i.run_id = r.id) AS items_total
            FROM runs r {where} ORDER BY r.id DESC LIMIT ?""", [*params, limit]))


def duration_seconds(run: dict) -> float | None:
    try:
        return (datetime.fromisoformat(run["finished_at"]) - datetime.fromisoformat(run["started_at"])
                ).total_seconds()
    except (TypeError, ValueError):
        return None


def previous_complete_run(db: sqlite_utils.Database, run: dict) -> dict | None:
    """The latest complete run of the same site before ``run``: what "worse since last night" compares to."""
    rows = list(db.query("SELECT * FROM runs WHERE site = ? AND id < ? AND status = 'complete' "
                         "ORDER BY id DESC LIMIT 1", [run["site"], run["id"]]))
    return rows[0] if rows else None


def last_two_complete_runs(db: sqlite_utils.Database) -> tuple[dict, dict] | None:
    latest = list(db.query("SELECT * FROM runs WHERE status = 'complete' ORDER BY id DESC LIMIT 1"))
    if not latest:
        return None
    before = previous_complete_run(db, latest[0])
    return (before, latest[0]) if before else None


@dataclass
class ItemChange:
    code: str
    title: str
    status_a: str | None
    status_b: str | None
    url_a: str | None
    url_b: str | None
    year_a: int | None
    year_b: int | None
    documents_added: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (self.status_a != self.status_b or self.url_a != self.url_b or self.year_a != self.year_b
                or bool(self.documents_added or self.documents_removed))

    @property
    def worse(self) -> bool:
        """Left `current`, or went from a lesser problem to a worse one (e.g. outdated -> broken)."""
        if self.status_a is None or self.status_b is None:
            return False
        return STATUS_ORDER[self.status_b] > STATUS_ORDER[self.status_a]


def _best(item: dict) -> dict | None:
    return item["evidence"][0] if item["evidence"] else None


def diff_runs(db: sqlite_utils.Database, run_a: int, run_b: int) -> list[ItemChange]:
    """Per item of run B's checklist: status, best URL and year in both runs, documents that appeared or
    disappeared among its evidence."""
    a = {i["code"]: i for i in load_results(db, run_a)}
    changes = []
    for item in load_results(db, run_b):
        old = a.get(item["code"])
        best_a, best_b = (_best(old) if old else None), _best(item)
        docs_a = {e["url"] for e in (old["evidence"] if old else []) if e["kind"] != "page"}
        docs_b = {e["url"] for e in item["evidence"] if e["kind"] != "page"}
        changes.append(ItemChange(
            code=item["code"], title=item["title"],
            status_a=old["status"] if old else None, status_b=item["status"],
            url_a=best_a["url"] if best_a else None, url_b=best_b["url"] if best_b else None,
            year_a=best_a["year"] if best_a else None, year_b=best_b["year"] if best_b else None,
            documents_added=sorted(docs_b - docs_a), documents_removed=sorted(docs_a - docs_b),
        ))
    return changes


def new_dead_evidence(db: sqlite_utils.Database, run_a: int, run_b: int) -> list[dict]:
    """Evidence links that are dead in run B and were not dead in run A."""
    return list(db.query(
        """SELECT DISTINCT b.code, b.url, b.http_status, b.error, b.found_on FROM evidence b
           WHERE b.run_id = ? AND b.error IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM evidence a WHERE a.run_id = ? AND a.url = b.url AND a.error IS NOT NULL)
           ORDER BY b.code""", [run_b, run_a]))
