"""The verdict per item: current, outdated, missing or broken, with a confidence and a reason in Thai.

Pure functions over already-matched evidence, so every rule can be tested without a crawl.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checklist.checklists import Item
from checklist.currency import EvidenceYear, required_year_th
from crawler.urls import display_url
from results.labels import ERROR_TH

CURRENT, OUTDATED, MISSING, BROKEN = "current", "outdated", "missing", "broken"
MAX_EVIDENCE = 10


@dataclass
class Evidence:
    url: str
    kind: str  # page | document | external
    title: str
    match: float  # 0..1
    year: EvidenceYear
    meets: bool | None  # the item's time rule; None when no year could be read
    http_status: int | None
    error: str | None  # set when the evidence is dead
    found_on: str | None
    signals: list[dict] = field(default_factory=list)
    decision: str | None = None  # "pin" when staff chose this URL as the item's evidence

    @property
    def live(self) -> bool:
        return self.error is None or self.error == "too_large"


@dataclass
class ItemVerdict:
    item: Item
    status: str
    confidence: float
    reason: str
    evidence: list[Evidence]


def _short(text: str, limit: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_th(ev: Evidence) -> str:
    if ev.error and ev.error.startswith("http_"):
        return f"HTTP {ev.http_status or ev.error[5:]}"
    return ERROR_TH.get(ev.error or "", ev.error or "")


def rank(evidence: list[Evidence], time_rule: str = "current") -> list[Evidence]:
    """Best first: meets the time rule, reachable, then the newest year (what staff should look at) and
    the strongest match; for an item without a time rule the year does not matter."""
    def key(e: Evidence) -> tuple:
        year = 0 if time_rule == "none" else (e.year.year or 0)
        return (e.meets is True, e.live, year, e.match)

    return sorted(evidence, key=key, reverse=True)


def judge(item: Item, evidence: list[Evidence], fiscal_year: int, run_status: str = "complete") -> ItemVerdict:
    pinned = [e for e in evidence if e.decision == "pin"]
    if not pinned:
        return _judge(item, evidence, fiscal_year, run_status)
    # Staff chose the evidence: the item stands or falls with it, whatever else the site has.
    others = [e for e in evidence if e.decision != "pin"]
    verdict = _judge(item, pinned, fiscal_year, run_status)
    verdict.evidence = (rank(pinned, item.time_rule) + rank(others, item.time_rule))[:MAX_EVIDENCE]
    verdict.reason += " (ตามที่ปักหมุดไว้)"
    return verdict


def _judge(item: Item, evidence: list[Evidence], fiscal_year: int, run_status: str) -> ItemVerdict:
    ranked = rank(evidence, item.time_rule)[:MAX_EVIDENCE]
    title = _short(item.title, 60)
    if run_status == "failed":
        return ItemVerdict(item, MISSING, 0.0, "ประเมินไม่ได้: การสแกนล้มเหลว (scan failed) — ผลนี้ไม่ใช่การไม่พบข้อมูล",
                           ranked)
    partial = run_status != "complete"
    caveat = " — การสแกนไม่สมบูรณ์ อาจยังตรวจไม่ครบ (scan incomplete)" if partial else ""
    if not ranked:
        confidence = 0.3 if partial else 0.85
        return ItemVerdict(item, MISSING, confidence, f"ไม่พบ{title}บนเว็บไซต์{caveat}", [])
    live = [e for e in ranked if e.live]
    if not live:
        best = ranked[0]
        where = f" ที่หน้า {display_url(best.found_on)}" if best.found_on else ""
        return ItemVerdict(item, BROKEN, round(best.match, 3),
                           f"ลิงก์ไปยัง{title}เสีย ({_error_th(best)}){where}", ranked)
    passing = [e for e in live if e.meets is True]
    if passing:
        best = passing[0]
        confidence = best.match if item.time_rule == "none" else best.match * max(best.year.trust, 0.5)
        year = f" ปี {best.year.year}" if best.year.year and item.time_rule != "none" else ""
        unverified = " (ลิงก์ภายนอก ไม่ได้ตรวจสอบ)" if best.kind == "external" else ""
        inferred = " (ปีอ่านจากวันที่ไฟล์)" if best.year.source in ("metadata", "last_modified") \
            and item.time_rule != "none" else ""
        return ItemVerdict(item, CURRENT, round(confidence, 3),
                           f"พบ “{_short(best.title)}”{year}{inferred}{unverified}", ranked)
    required = required_year_th(item.time_rule, fiscal_year)
    dated = [e for e in live if e.meets is False]
    if not dated:
        best = live[0]
        return ItemVerdict(item, OUTDATED, round(best.match * 0.5, 3),
                           f"พบ “{_short(best.title)}” แต่ไม่ระบุปี {required}", ranked)
    best = dated[0]
    years = sorted({e.year.year for e in dated}, reverse=True)
    shown = ", ".join(str(y) for y in years[:3])
    return ItemVerdict(item, OUTDATED, round(best.match * max(best.year.trust, 0.5), 3),
                       f"พบ{title} ปี {shown} เท่านั้น {required}", ranked)
