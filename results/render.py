"""Reports of a run for people: HTML (one self-contained, printable file), Markdown (e-mail and chat), CSV
(Excel) and the ITAS sheet an officer copies into the NACC ITAS form.

    render_report(db, run_id, "html")                       -> bytes (UTF-8)
    render_report(db, run_id, "itas", output_name="x.xlsx") -> bytes (an XLSX workbook)

Everything the formats share is gathered once by :func:`report_context`, so each renderer only lays it out.
Every value that comes from the crawled site (titles, link texts, URLs, breadcrumbs, reasons quoting them) is
untrusted: HTML goes through Jinja2 with autoescape on and only http(s) URLs become links, Markdown escapes its
special characters, CSV and XLSX cells cannot start a formula.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlsplit

import sqlite_utils
from jinja2 import Environment, PackageLoader, StrictUndefined

from crawler import __version__
from crawler.urls import display_url
from results.assessments import load_results
from results.labels import ERROR_TH, KIND_TH, RUN_STATUS_TH, STATUS_TH, UNREAD_TH

FORMATS = ("html", "md", "csv", "itas")
STATUSES = ("current", "outdated", "missing", "broken")
STATUS_LETTER = {"current": "C", "outdated": "O", "missing": "M", "broken": "B"}
STATUS_EMOJI = {"current": "✅", "outdated": "⚠️", "missing": "❌", "broken": "🔗"}
ACTION_TH = {"pin": "ปักหมุด", "reject": "ไม่ใช้"}
ACTION_EN = {"pin": "pinned", "reject": "rejected"}
THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
ICT = timezone(timedelta(hours=7), "ICT")  # Thailand has no daylight saving time
MAX_DEAD_LINK_SOURCES = 5


# ---------------------------------------------------------------------------------------------- small helpers

def safe_href(url: str | None) -> str | None:
    """The URL when it may be a link target (http or https with a host), else None: shown as text only."""
    if not url or any(c in url for c in "\r\n\t\x00"):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def status_label(status: str | None) -> str:
    if status is None:
        return "ไม่มีผล (no result)"
    return f"{STATUS_TH.get(status, status)} ({status})"


def run_status_label(status: str) -> str:
    return f"{RUN_STATUS_TH.get(status, status)} ({status})"


def error_label(error: str | None, http_status: int | None = None) -> str:
    if http_status:
        return f"HTTP {http_status}"
    if not error:
        return ""
    if error.startswith("http_") and error[5:].isdigit():
        return f"HTTP {error[5:]}"
    return f"{ERROR_TH[error]} ({error})" if error in ERROR_TH else error


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def thai_time(value: str | None) -> str:
    """'2025-08-20T03:04:05+00:00' -> '20 ส.ค. 2568 10:04:05 น.' (Thai time, Buddhist Era)."""
    moment = _parse_time(value)
    if moment is None:
        return value or "—"
    local = moment.astimezone(ICT)
    return f"{local.day} {THAI_MONTHS[local.month - 1]} {local.year + 543} {local:%H:%M:%S} น."


def utc_time(value: str | None) -> str:
    moment = _parse_time(value)
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC" if moment else (value or "")


def duration_label(started: str | None, finished: str | None) -> str:
    a, b = _parse_time(started), _parse_time(finished)
    if a is None or b is None:
        return "—"
    seconds = max(0, int((b - a).total_seconds()))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    th, en = [], []
    if h:
        th.append(f"{h} ชั่วโมง")
        en.append(f"{h} h")
    if m:
        th.append(f"{m} นาที")
        en.append(f"{m} min")
    if s or not (h or m):
        th.append(f"{s} วินาที")
        en.append(f"{s} s")
    return f"{' '.join(th)} ({' '.join(en)})"


def _code_key(code: str) -> tuple:
    m = re.search(r"\d+", code or "")
    return (int(m.group()) if m else 10**6, code or "")


_TITLE_SEPARATORS = re.compile(r"\s+[-–—|:»]\s+")


def _one_line(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _shorten(text: str, limit: int = 90) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------------------------------- shared context

class _Pages:
    """Titles and breadcrumbs of the run's pages, looked up by requested or final URL."""

    def __init__(self, db: sqlite_utils.Database, run_id: int):
        self.db, self.run_id = db, run_id
        self._cache: dict[str, dict | None] = {}
        titles = [r[0] for r in db.execute("SELECT title FROM pages WHERE run_id = ? AND title IS NOT NULL",
                                           [run_id]).fetchall()]
        self.site_name = _site_name(titles)

    def get(self, url: str | None) -> dict | None:
        if not url:
            return None
        if url not in self._cache:
            row = self.db.execute(
                "SELECT url, final_url, title, breadcrumb FROM pages WHERE run_id = ? AND (url = ? OR final_url = ?)"
                " ORDER BY url = ? DESC LIMIT 1", [self.run_id, url, url, url]).fetchone()
            self._cache[url] = None if row is None else {
                "url": row[0], "final_url": row[1], "title": _one_line(row[2]), "breadcrumb": _one_line(row[3]),
                "short_title": self.clean_title(row[2]),
            }
        return self._cache[url]

    def clean_title(self, title: str | None) -> str:
        """'การเปิดเผยข้อมูลสาธารณะ (OIT) ... - จังหวัดยโสธร' -> without the site name every page repeats."""
        title = _one_line(title)
        if self.site_name:
            parts = _TITLE_SEPARATORS.split(title)
            if len(parts) > 1 and parts[-1] == self.site_name:
                return " - ".join(parts[:-1]).strip()
            if len(parts) > 1 and parts[0] == self.site_name:
                return " - ".join(parts[1:]).strip()
        return title

    def title_of(self, url: str | None) -> str:
        page = self.get(url)
        return page["short_title"] if page and page["short_title"] else ""


def _site_name(titles: list[str]) -> str:
    """The agency's name as its page titles repeat it ('... - จังหวัดยโสธร'), or ''."""
    ends: Counter = Counter()
    for title in titles:
        parts = _TITLE_SEPARATORS.split(_one_line(title))
        if len(parts) > 1:
            ends[parts[-1]] += 1
    if not ends:
        return ""
    name, count = ends.most_common(1)[0]
    return name if count >= max(2, len(titles) * 0.3) else ""


def _history_runs(db: sqlite_utils.Database, run: dict, history: int) -> list[dict]:
    rows = db.execute(
        "SELECT id, status, status_reason, started_at FROM runs WHERE site = ?"
        " AND (started_at < ? OR (started_at = ? AND id <= ?)) ORDER BY started_at DESC, id DESC LIMIT ?",
        [run["site"], run["started_at"], run["started_at"], run["id"], max(1, history)]).fetchall()
    runs = [{"id": r[0], "status": r[1], "status_reason": r[2], "started_at": r[3]} for r in reversed(rows)]
    if not any(r["id"] == run["id"] for r in runs):  # the reported run always ends its own history
        runs.append({"id": run["id"], "status": run["status"], "status_reason": run["status_reason"],
                     "started_at": run["started_at"]})
    ids = [r["id"] for r in runs]
    statuses: dict[int, dict[str, str]] = {i: {} for i in ids}
    marks = ",".join("?" * len(ids))
    for run_id, code, status in db.execute(
            f"SELECT run_id, code, status FROM item_results WHERE run_id IN ({marks})", ids).fetchall():
        statuses[run_id][code] = status
    for r in runs:
        r["statuses"] = statuses[r["id"]]
        r["counts"] = {s: sum(1 for v in r["statuses"].values() if v == s) for s in STATUSES}
        r["total"] = len(r["statuses"])
        r["current"] = r["counts"]["current"]
        r["trusted"] = r["status"] == "complete"
        r["date"] = thai_time(r["started_at"])
    return runs


def _chart(runs: list[dict]) -> dict:
    """Geometry of the inline SVG bar chart: current items per run, oldest to newest."""
    top = max([r["total"] for r in runs] + [1])
    bar_w, gap, left, right, plot_top, plot_h = 34, 18, 40, 12, 22, 150
    width = left + right + len(runs) * (bar_w + gap)
    width = max(width, 320)
    height = plot_top + plot_h + 46
    grid = []
    for frac in (0, 0.25, 0.5, 0.75, 1):
        value = round(top * frac)
        y = plot_top + plot_h - plot_h * (value / top)
        grid.append({"y": round(y, 1), "value": value})
    bars = []
    for i, r in enumerate(runs):
        h = plot_h * (r["current"] / top) if top else 0
        x = left + gap / 2 + i * (bar_w + gap)
        bars.append({
            "x": round(x, 1), "y": round(plot_top + plot_h - h, 1), "w": bar_w, "h": round(h, 1),
            "cx": round(x + bar_w / 2, 1), "run_id": r["id"], "current": r["current"], "total": r["total"],
            "trusted": r["trusted"],
            "title": (f"run {r['id']} ({r['date']}): เป็นปัจจุบัน (current) {r['current']}/{r['total']}"
                      + ("" if r["trusted"] else f" — การสแกน{run_status_label(r['status'])}")),
        })
    return {"width": width, "height": height, "left": left, "right": width - right, "plot_top": plot_top,
            "base": plot_top + plot_h, "grid": grid, "bars": bars, "top": top}


def _dead_links(db: sqlite_utils.Database, run_id: int, pages: _Pages, evidence_codes: dict[str, list[str]]):
    dead = [dict(zip(("id", "url", "kind", "http_status", "error", "detail"), r)) for r in db.execute(
        "SELECT id, url, kind, http_status, error, detail FROM dead_links WHERE run_id = ? ORDER BY url",
        [run_id]).fetchall()]
    sources: dict[int, list[dict]] = {d["id"]: [] for d in dead}
    counts: dict[int, int] = dict(db.execute(
        "SELECT d.id, COUNT(DISTINCT l.source_url) FROM dead_links d JOIN links l"
        " ON l.run_id = d.run_id AND l.target_url = d.url WHERE d.run_id = ? GROUP BY d.id", [run_id]).fetchall())
    # the first few distinct pages linking to each dead target (a dead menu link is on every page)
    for dead_id, source_url, text in db.execute(
            "SELECT dead_id, source_url, text FROM ("
            " SELECT d.id AS dead_id, l.source_url, l.text, MIN(l.id) AS first,"
            " ROW_NUMBER() OVER (PARTITION BY d.id ORDER BY MIN(l.id)) AS n"
            " FROM dead_links d JOIN links l ON l.run_id = d.run_id AND l.target_url = d.url"
            " WHERE d.run_id = ? GROUP BY d.id, l.source_url)"
            " WHERE n <= ? ORDER BY dead_id, n", [run_id, MAX_DEAD_LINK_SOURCES]).fetchall():
        sources[dead_id].append({"url": source_url, "display": display_url(source_url), "href": safe_href(source_url),
                                 "title": pages.title_of(source_url), "text": _shorten(text or "", 80)})
    out = []
    for d in dead:
        src, count = sources[d["id"]], counts.get(d["id"], 0)
        out.append({
            "url": d["url"], "display": display_url(d["url"]), "href": safe_href(d["url"]),
            "kind": d["kind"] or "", "kind_label": f"{KIND_TH.get(d['kind'], d['kind'] or '')} ({d['kind']})"
            if d["kind"] else "", "http_status": d["http_status"], "error": d["error"],
            "error_label": error_label(d["error"], d["http_status"]), "codes": evidence_codes.get(d["url"], []),
            "sources": src, "source_count": count, "more_sources": max(0, count - len(src)),
        })
    out.sort(key=lambda d: (not d["codes"], d["display"]))  # dead evidence of an item first
    return out


def _unread_documents(db: sqlite_utils.Database, run_id: int) -> list[dict]:
    """Documents of the site whose text could not be read: an item may be missing only because of them."""
    rows = db.execute(
        "SELECT url, coalesce(title, filename, '') AS name, error, extract_error, has_text FROM documents"
        " WHERE run_id = ? AND external = 0 AND has_text = 0 AND (error IS NULL OR error = 'too_large')"
        " ORDER BY url", [run_id]).fetchall()
    out = []
    for url, name, error, extract_error, _ in rows:
        code = (error or extract_error or "no_text").split(":", 1)[0].strip()
        out.append({"url": url, "display": display_url(url), "href": safe_href(url), "name": _one_line(name),
                    "reason": f"{UNREAD_TH.get(code, code)} ({code})"})
    return out


def _decisions(db: sqlite_utils.Database, site: str) -> list[dict]:
    if not db["decisions"].exists():
        return []
    rows = [dict(zip(("code", "url", "action", "note", "created_at"), r)) for r in db.execute(
        "SELECT code, url, action, note, created_at FROM decisions WHERE site = ?", [site]).fetchall()]
    rows.sort(key=lambda r: (_code_key(r["code"]), r["created_at"] or ""))
    for r in rows:
        r.update(display=display_url(r["url"]), href=safe_href(r["url"]), note=r["note"] or "",
                 action_label=f"{ACTION_TH.get(r['action'], r['action'])} ({ACTION_EN.get(r['action'], r['action'])})",
                 created=thai_time(r["created_at"]))
    return rows


def _evidence(e: dict, pages: _Pages) -> dict:
    year = e.get("year")
    end_year = e.get("end_year")
    year_text = f"{year}–{end_year}" if year and end_year and end_year != year else (str(year) if year else "")
    found_on = e.get("found_on")
    return {
        "rank": e["rank"], "kind": e["kind"], "kind_label": f"{KIND_TH.get(e['kind'], e['kind'])} ({e['kind']})",
        "title": _one_line(e.get("title")), "url": e["url"], "display_url": display_url(e["url"]),
        "href": safe_href(e["url"]), "year": year, "end_year": end_year, "year_text": year_text,
        "http_status": e.get("http_status"), "error": e.get("error"),
        "error_label": error_label(e.get("error"), None) if e.get("error") else "",
        "found_on": found_on, "found_on_display": display_url(found_on) if found_on else "",
        "found_on_href": safe_href(found_on), "found_on_title": pages.title_of(found_on),
        "pinned": e.get("decision") == "pin", "meets_rule": e.get("meets_rule"),
    }


def report_context(db: sqlite_utils.Database, run_id: int, history: int = 10) -> dict:
    """Everything the report formats share: the run, its items grouped by sub-indicator with their evidence
    and history, counts, the per-run chart, dead links and the staff decisions in force for the site."""
    found = list(db.query("SELECT * FROM runs WHERE id = ?", [run_id]))
    if not found:
        raise ValueError(f"run {run_id} not found")
    run = found[0]
    pages = _Pages(db, run_id)
    items = load_results(db, run_id)
    runs = _history_runs(db, run, history)

    status = run["status"]
    banner = None
    if status in ("incomplete", "failed", "running"):
        reason = run.get("status_reason") or ""
        if status == "failed":
            head = "การสแกนล้มเหลว (the scan failed)"
            body = ("ผลการประเมินในรายงานนี้เชื่อถือไม่ได้ รายการที่ขึ้นว่า “ไม่พบ” อาจไม่ถูกต้อง "
                    "(these results cannot be trusted: items shown as missing may be false)")
        else:
            head = ("การสแกนไม่สมบูรณ์ (the scan is incomplete)" if status == "incomplete"
                    else "การสแกนยังไม่เสร็จ (the scan is still running)")
            body = ("บางหน้าของเว็บไซต์ยังไม่ได้อ่าน รายการที่ขึ้นว่า “ไม่พบ” อาจไม่ถูกต้อง "
                    "(some pages were not read: items shown as missing may be false)")
        banner = {"status": status, "head": head, "reason": reason, "body": body}

    evidence_codes: dict[str, list[str]] = {}
    out_items, groups = [], []
    by_group: dict[str, dict] = {}
    for item in items:
        evidence = [_evidence(e, pages) for e in item["evidence"]]
        for e in evidence:
            evidence_codes.setdefault(e["url"], [])
            if item["code"] not in evidence_codes[e["url"]]:
                evidence_codes[e["url"]].append(item["code"])
        hist = []
        for r in runs:
            s = r["statuses"].get(item["code"])
            title = f"run {r['id']}: {status_label(s)}"
            if not r["trusted"]:
                title += f" — การสแกน{run_status_label(r['status'])}"
            hist.append({"run_id": r["id"], "status": s, "letter": STATUS_LETTER.get(s, "–"), "title": title,
                         "trusted": r["trusted"], "this": r["id"] == run_id})
        entry = {
            "code": item["code"], "title": _one_line(item["title"]), "sub_indicator": item["sub_indicator"],
            "position": item["position"], "time_rule": item["time_rule"], "status": item["status"],
            "status_th": STATUS_TH.get(item["status"], item["status"]), "status_label": status_label(item["status"]),
            "confidence": item["confidence"], "confidence_pct": round((item["confidence"] or 0) * 100),
            "reason": _one_line(item["reason"]), "evidence": evidence, "best": evidence[0] if evidence else None,
            "history": hist,
        }
        out_items.append(entry)
        group = by_group.get(item["sub_indicator"])
        if group is None:
            group = by_group[item["sub_indicator"]] = {"name": item["sub_indicator"], "items": []}
            groups.append(group)
        group["items"].append(entry)
    for group in groups:
        group["counts"] = {s: sum(1 for i in group["items"] if i["status"] == s) for s in STATUSES}
        group["count_labels"] = [f"{status_label(s)} {n}" for s, n in group["counts"].items() if n]

    now = datetime.now(UTC).isoformat(timespec="seconds")
    summary = [{"status": s, "th": STATUS_TH[s], "label": status_label(s),
                "count": sum(1 for i in out_items if i["status"] == s)} for s in STATUSES]
    start_page = pages.get(run["start_url"])
    agency = pages.site_name or (start_page["title"] if start_page else "")
    return {
        "run": {
            **{k: run.get(k) for k in ("id", "site", "start_url", "started_at", "finished_at", "status",
                                       "status_reason", "fiscal_year", "checklist", "pages", "documents", "links",
                                       "dead_links", "skipped", "errors")},
            "start_href": safe_href(run["start_url"]), "start_display": display_url(run["start_url"]),
            "status_label": run_status_label(status), "started": thai_time(run["started_at"]),
            "finished": thai_time(run["finished_at"]) if run["finished_at"] else "—",
            "started_utc": utc_time(run["started_at"]), "finished_utc": utc_time(run["finished_at"]),
            "duration": duration_label(run["started_at"], run["finished_at"]),
        },
        "agency": agency,
        "banner": banner,
        "summary": summary,
        "total": len(out_items),
        "items": out_items,
        "groups": groups,
        "history_runs": runs,
        "chart": _chart(runs),
        "dead_links": _dead_links(db, run_id, pages, evidence_codes),
        "decisions": _decisions(db, run["site"]),
        "unread": _unread_documents(db, run_id),
        "settings": _json(run.get("settings")),
        "generated_at": now,
        "generated": thai_time(now),
        "tool_version": __version__,
        "legend": [{"status": s, "letter": STATUS_LETTER[s], "label": status_label(s)} for s in STATUSES],
    }


def _json(text: str | None) -> dict:
    try:
        value = json.loads(text) if text else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


# ---------------------------------------------------------------------------------------------- HTML

@functools.lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("results", "templates"), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def render_html(ctx: dict) -> bytes:
    return _environment().get_template("report.html").render(**ctx).encode("utf-8")


# ---------------------------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def md_escape(text: str | None) -> str:
    """Crawled text as literal Markdown: no links, emphasis, HTML or table breaks can come out of it."""
    return _MD_SPECIAL.sub(r"\\\1", _one_line(text))


def md_url(url: str | None) -> str:
    """An autolink for http(s) URLs (decoded for people when that stays one token), else escaped text."""
    if not url:
        return ""
    if safe_href(url) is None:
        return md_escape(display_url(url))
    for candidate in (display_url(url), url):
        if not re.search(r"[\s<>\x00-\x1f\x7f`]", candidate):
            return "<" + candidate.replace("|", "%7C") + ">"
    return md_escape(url)


def render_md(ctx: dict) -> bytes:
    run = ctx["run"]
    name = f"{md_escape(ctx['agency'])} — " if ctx["agency"] else ""
    lines = [
        f"# รายงานการเปิดเผยข้อมูลสาธารณะ (OIT report) — {name}{md_escape(run['site'])}",
        "",
        (f"**การสแกน (scan):** run {run['id']} · {run_status_label(run['status'])} · "
         f"{md_escape(run['checklist'] or '')} ปีงบประมาณ (fiscal year) {run['fiscal_year'] or '—'} · "
         f"{run['started']} · ใช้เวลา (duration) {run['duration']}"),
        "",
        (f"**เว็บไซต์ (site):** {md_url(run['start_url'])} · หน้าเว็บ (pages) {run['pages']} · "
         f"เอกสาร (documents) {run['documents']} · ลิงก์เสีย (dead links) {run['dead_links']}"),
    ]
    if ctx["banner"]:
        b = ctx["banner"]
        reason = f": {md_escape(b['reason'])}" if b["reason"] else ""
        lines += ["", f"> ⚠️ **{b['head']}**{reason}", f"> {b['body']}"]
    lines += ["", "**สรุป (summary):** " + " · ".join(f"{STATUS_EMOJI[s['status']]} {s['label']} {s['count']}"
                                                       for s in ctx["summary"]) + f" · รวม (total) {ctx['total']}"]
    lines += ["", "| ข้อ (code) | สถานะ (status) | เหตุผล (reason) | หลักฐานที่ดีที่สุด (best evidence) |",
              "|---|---|---|---|"]
    for item in ctx["items"]:
        best = item["best"]
        evidence = ""
        if best:
            title = md_escape(_shorten(best["title"], 80)) if best["title"] else ""
            evidence = " — ".join(x for x in (title, md_url(best["url"])) if x)
            if best["pinned"]:
                evidence = "ปักหมุด (pinned) · " + evidence
        lines.append(f"| {md_escape(item['code'])} | {STATUS_EMOJI.get(item['status'], '')} {item['status_label']} "
                     f"| {md_escape(item['reason'])} | {evidence} |")
    if ctx["dead_links"]:
        lines += ["", f"**ลิงก์เสีย (dead links):** {len(ctx['dead_links'])}"]
        for d in ctx["dead_links"]:
            codes = f" ({', '.join(d['codes'])})" if d["codes"] else ""
            lines.append(f"- {md_url(d['url'])} — {md_escape(d['error_label'])}{codes} · "
                         f"ลิงก์จาก (linked from) {d['source_count']} หน้า (pages)")
    lines += ["", f"_oit-crawler {__version__} · {ctx['generated']}_", ""]
    return "\n".join(lines).encode("utf-8")


# ---------------------------------------------------------------------------------------------- CSV

def cell(value) -> str | int | float:
    """A CSV/XLSX cell that a spreadsheet cannot run as a formula (=, +, -, @, tab, CR lead)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _csv_bytes(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")  # the BOM makes Excel read Thai as UTF-8


CSV_HEADER = ["รหัส (code)", "รายการ (title)", "ตัวชี้วัดย่อย (sub_indicator)", "สถานะ (status)",
              "สถานะภาษาไทย (status_th)", "ความเชื่อมั่น % (confidence)", "เหตุผล (reason)",
              "URL หลักฐาน (best_url)", "ปี (year)", "HTTP (http_status)", "พบที่หน้า (found_on)",
              "จำนวนหลักฐาน (evidence_count)"]


def render_csv(ctx: dict) -> bytes:
    rows = []
    for item in ctx["items"]:
        best = item["best"] or {}
        rows.append([item["code"], item["title"], item["sub_indicator"], item["status"], item["status_th"],
                     item["confidence_pct"], item["reason"], best.get("display_url", ""), best.get("year_text", ""),
                     best.get("http_status") if best.get("http_status") is not None else "",
                     best.get("found_on_display", ""), len(item["evidence"])])
    return _csv_bytes(CSV_HEADER, rows)


# ---------------------------------------------------------------------------------------------- entry point

def render_report(db: sqlite_utils.Database, run_id: int, fmt: str, *, history: int = 10,
                  output_name: str | None = None) -> bytes:
    """The report of a run as bytes: ``html``, ``md``, ``csv`` or ``itas`` (CSV, or XLSX when ``output_name``
    ends with ``.xlsx``). Raises ValueError for an unknown format or run."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r} (expected one of: {', '.join(FORMATS)})")
    ctx = report_context(db, run_id, history)
    if fmt == "html":
        return render_html(ctx)
    if fmt == "md":
        return render_md(ctx)
    if fmt == "csv":
        return render_csv(ctx)
    from results.itas import render_itas_csv, render_itas_xlsx  # it builds on this module's helpers

    if output_name and output_name.lower().endswith(".xlsx"):
        return render_itas_xlsx(db, ctx)
    return render_itas_csv(db, ctx)
