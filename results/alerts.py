"""Alerts after a scan, sent through apprise (e-mail, LINE, Telegram, Slack, JSON webhooks …).

Only when something got worse since the last complete run of the site (an item left `current`, evidence
that went dead), or when the scan itself failed or came out incomplete — and then the message is about the
scan, never "items missing". Target URLs carry credentials: they are never printed or stored.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import sqlite_utils

from crawler.urls import display_url
from results.db import utcnow
from results.labels import STATUS_TH
from results.history import diff_runs, new_dead_evidence, previous_complete_run

UNREACHABLE = ("dns", "connection_refused", "timeout", "connection_lost", "redirects to another host")
MAX_LINES = 15


@dataclass(frozen=True)
class Alert:
    kind: str  # worse | scan_failed | scan_incomplete | digest
    title: str
    body: str


def expand_targets(urls: list[str]) -> list[str]:
    """Targets may name environment variables ("$OIT_LINE_URL") so secrets stay out of crontabs and
    config files."""
    return [u for u in (os.path.expandvars(u).strip() for u in urls) if u and "$" not in u]


def _footer(run: dict, report_path: str | None) -> list[str]:
    lines = [f"run {run['id']} · {run['started_at']}"]
    if report_path:
        lines.append(f"รายงาน (report): {report_path}")
    return lines


def plan_alert(db: sqlite_utils.Database, run_id: int, *, always: bool = False,
               report_path: str | None = None) -> Alert | None:
    """The one message this run deserves, or None."""
    run = db["runs"].get(run_id)
    site = run["start_url"]
    reason = run["status_reason"] or ""
    if run["status"] == "failed":
        down = reason.startswith("start URL unreachable") or any(w in reason for w in UNREACHABLE)
        head = (f"เว็บไซต์ {site} เข้าไม่ได้ (site unreachable)" if down
                else f"สแกนเว็บไซต์ {site} ไม่สำเร็จ (scan failed)")
        body = [head, f"สาเหตุ: {reason}",
                "ผลรายข้อของครั้งนี้ใช้ไม่ได้ ผลครั้งก่อนยังอยู่ในฐานข้อมูล "
                "(ที่ปรึกษา ITA อาจหักคะแนนเมื่อเข้าเว็บไซต์ไม่ได้)" if down else
                "ผลรายข้อของครั้งนี้ใช้ไม่ได้ ผลครั้งก่อนยังอยู่ในฐานข้อมูล"]
        return Alert("scan_failed", f"[oit] {head}", "\n".join(body + _footer(run, report_path)))
    if run["status"] != "complete":
        head = f"สแกนเว็บไซต์ {site} ไม่ครบ (scan incomplete)"
        body = [head, f"สาเหตุ: {reason}", "ยังไม่สรุปว่าข้อใดหายไป จนกว่าจะสแกนได้ครบ"]
        return Alert("scan_incomplete", f"[oit] {head}", "\n".join(body + _footer(run, report_path)))

    previous = previous_complete_run(db, run)
    worse, dead = [], []
    if previous:
        worse = [c for c in diff_runs(db, previous["id"], run_id) if c.worse]
        dead = new_dead_evidence(db, previous["id"], run_id)
    counts = {s: n for s, n in db.execute(
        "SELECT status, count(*) FROM item_results WHERE run_id = ? GROUP BY status", [run_id]).fetchall()}
    summary = " · ".join(f"{STATUS_TH[s]} {counts.get(s, 0)}" for s in STATUS_TH)
    if not worse and not dead and not always:
        return None
    lines = []
    for c in worse[:MAX_LINES]:
        lines.append(f"{c.code} {c.title[:60]}: {STATUS_TH[c.status_a]} → {STATUS_TH[c.status_b]}")
    for d in dead[:MAX_LINES]:
        where = f" (ที่หน้า {display_url(d['found_on'])})" if d["found_on"] else ""
        lines.append(f"{d['code']} ลิงก์เสีย {d['error']}: {display_url(d['url'])}{where}")
    if worse or dead:
        title = f"[oit] {site}: {len(worse)} ข้อแย่ลง, ลิงก์หลักฐานเสียใหม่ {len(dead)}"
        head = [f"ผลการตรวจ {site} แย่ลงจากครั้งก่อน (run {previous['id']}):"]
        kind = "worse"
    else:
        title = f"[oit] {site}: สรุปประจำวัน"
        head = ["ไม่มีข้อใดแย่ลงจากครั้งก่อน" if previous else "การสแกนครั้งแรกของเว็บไซต์นี้"]
        kind = "digest"
    return Alert(kind, title, "\n".join(head + lines + [f"สรุป: {summary}"] + _footer(run, report_path)))


def send(targets: list[str], alert: Alert) -> bool:
    """Deliver to every target; True only when all accepted it. Never raises: an alert that cannot go
    out must not turn a finished scan into a crash."""
    import apprise

    # apprise logs details of failed deliveries, which can include parts of the target URLs
    logging.getLogger("apprise").setLevel(logging.CRITICAL)
    sender = apprise.Apprise()
    added = sum(1 for t in targets if sender.add(t))
    if added < len(targets):
        logging.getLogger(__name__).warning("%d of %d notification targets are not valid apprise URLs",
                                            len(targets) - added, len(targets))
    if not added:
        return False
    try:
        return bool(sender.notify(title=alert.title, body=alert.body)) and added == len(targets)
    except Exception:  # noqa: BLE001 - a broken notifier plugin must not crash the nightly job
        logging.getLogger(__name__).exception("sending the alert failed")
        return False


def alert_after_run(db: sqlite_utils.Database, run_id: int, targets: list[str], *, always: bool = False,
                    report_path: str | None = None) -> Alert | None:
    """Plan, send and record the alert of a run. Returns what was sent (or attempted), None if nothing."""
    targets = expand_targets(targets)
    if not targets:
        return None
    alert = plan_alert(db, run_id, always=always, report_path=report_path)
    if alert is None:
        return None
    delivered = send(targets, alert)
    with db.conn:
        db["notifications"].insert({"run_id": run_id, "sent_at": utcnow(), "kind": alert.kind,
                                    "targets": len(targets), "delivered": int(delivered), "title": alert.title,
                                    "body": alert.body})
    return alert
