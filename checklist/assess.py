"""Judge a stored crawl against a checklist: candidates -> matches -> evidence years -> verdicts -> SQLite."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from checklist.candidates import load_candidates
from checklist.checklists import DEFAULT_CHECKLIST, Checklist, load
from checklist.currency import evidence_year, meets_rule
from checklist.dates import fiscal_year_of, procurement_months
from checklist.matching import ItemMatch, Matcher, Signal
from checklist.verdict import Evidence, ItemVerdict, judge
from results.assessments import store_verdicts
from results.decisions import decisions_for


def resolve(run: dict, checklist_id: str | None, fiscal_year: int | None) -> tuple[Checklist, int]:
    """The checklist and fiscal year to judge a run by: what the user asks, else what the scan was run
    with, else the checklist's own year."""
    checklist = load(checklist_id or run.get("checklist") or DEFAULT_CHECKLIST)
    if fiscal_year:
        return checklist, fiscal_year
    if run.get("fiscal_year") and run.get("checklist") in (None, checklist.id):
        return checklist, run["fiscal_year"]
    return checklist, checklist.fiscal_year


def assess_run(db: sqlite_utils.Database, run_id: int, checklist_id: str | None = None,
               fiscal_year: int | None = None, today: date | None = None) -> tuple[Checklist, int, list[ItemVerdict]]:
    run = db["runs"].get(run_id)
    checklist, fy = resolve(run, checklist_id, fiscal_year)
    decisions = decisions_for(db, run["site"])
    candidates, info, canonical = load_candidates(db, run_id, checklist)
    matches = Matcher(checklist).match(candidates)
    # decisions name URLs as first requested or finally reached: compare them by candidate key
    pinned = {(code, canonical.get(url, url)) for code, urls in decisions.pins.items() for url in urls}
    rejected = {(code, canonical.get(url, url)) for code, urls in decisions.rejects.items() for url in urls}
    for cand, found in zip(candidates, matches, strict=True):
        # A pinned URL is evidence for its item even when its words do not say so.
        for code in sorted({c for c, u in pinned if u == cand.url} - {m.code for m in found}):
            found.append(ItemMatch(code, 100.0, Signal("pin", cand.url, "", 100.0, 100.0)))
    evidence: dict[str, list[Evidence]] = {}
    texts_of: dict[str, str] = {}
    for cand, found in zip(candidates, matches, strict=True):
        if not found:
            continue
        ci = info[cand.url]
        link_texts = [f.text for f in cand.fields if f.name in ("link_text", "context", "heading")]
        texts_of[ci.url] = "\n".join([ci.own_text, *link_texts])
        sources = {f.found_on for f in cand.fields if f.found_on}
        # links are recorded with the final URL of the page they are on, which is how pages are keyed
        linking_pages = [info[u].heading for u in sorted(sources) if u in info and info[u].kind == "page"]
        year = evidence_year(kind=ci.kind, own_text=ci.own_text, link_texts=link_texts, filename=ci.filename,
                             metadata_dates=ci.metadata_dates, last_modified=ci.last_modified,
                             linking_pages=linking_pages, text_source=ci.text_source, today=today)
        first_source = next((f.found_on for f in cand.fields if f.found_on), None)
        for m in found:
            if (m.code, cand.url) in rejected:
                continue
            item = checklist.item(m.code)
            evidence.setdefault(m.code, []).append(Evidence(
                url=ci.url, kind=ci.kind, title=ci.title, match=m.match, year=year,
                meets=meets_rule(item.time_rule, year, fy), http_status=ci.http_status,
                error=None if ci.live else ci.error, found_on=m.found_on or first_source,
                signals=[m.signal.as_dict()],
                decision="pin" if (m.code, cand.url) in pinned else None,
            ))
    verdicts = [judge(item, evidence.get(item.code, []), fy, run["status"]) for item in checklist.items]
    for v in verdicts:
        texts = [texts_of.get(e.url, "") for e in v.evidence if e.live]
        months = sorted(m for m in procurement_months("\n".join(texts))
                        if fiscal_year_of(date(m[0], m[1], 1)) == fy)
        if months and v.status in ("current", "outdated"):
            # the monthly procurement summaries are what an assessor counts for this item
            v.reason += f" — พบรายงานรายเดือน {len(months)} เดือนของปีงบประมาณ {fy}"
    store_verdicts(db, run_id, checklist, fy, verdicts)
    return checklist, fy, verdicts
