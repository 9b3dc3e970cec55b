"""The ITAS sheet: what an officer copies into the NACC ITAS form for each item — มี/ไม่มี, a URL on the
agency's main website (assessors follow only those), and a draft explanation of where the item sits."""

from __future__ import annotations

import io
import re

from urllib.parse import urlsplit

import sqlite_utils

from checklist.thaitext import thai_digits_to_arabic
from crawler.urls import Scope, display_url
from results.render import _csv_bytes, _one_line, _Pages, _shorten

_CRUMB_SEPARATORS = re.compile(r"\s*(?:/|›|»|>|\|)\s*")

ITAS_HEADER = ["ข้อ (code)", "ชื่อข้อมูล (title)", "มี/ไม่มี (available)", "URL", "คำอธิบายเพิ่มเติม (explanation)"]
_ROW_CODE = re.compile(r"^\s*[OoＯ]\s*\.?\s*([0-9๐-๙]{1,2})(?![0-9๐-๙])")


def _scope(ctx: dict) -> Scope:
    extra = ctx["settings"].get("OIT_ALLOW_HOSTS") or []
    if isinstance(extra, str):
        extra = [h.strip() for h in extra.split(",") if h.strip()]
    return Scope(ctx["run"]["start_url"], tuple(extra))


def _menu(page: dict | None) -> str:
    """Breadcrumb without the page itself: 'หน้าหลัก / ITA / การเปิดเผย...' -> 'หน้าหลัก / ITA'."""
    if not page or not page["breadcrumb"]:
        return ""
    crumbs = [c for c in _CRUMB_SEPARATORS.split(page["breadcrumb"]) if c]
    title = page["short_title"] or page["title"]
    if len(crumbs) > 1 and title and (crumbs[-1] in title or title in crumbs[-1]):
        crumbs = crumbs[:-1]
    return " / ".join(crumbs)


def _row_code(context: str | None) -> str | None:
    m = _ROW_CODE.match(context or "")
    return f"O{int(thai_digits_to_arabic(m.group(1)))}" if m else None


def _links_to(db: sqlite_utils.Database, run_id: int, target: str) -> list[dict]:
    rows = db.execute("SELECT source_url, text, heading, context FROM links WHERE run_id = ? AND target_url = ?"
                      " AND kind != 'sitemap' AND source_url != target_url ORDER BY id", [run_id, target]).fetchall()
    return [{"source": r[0], "text": _one_line(r[1]), "heading": _one_line(r[2]), "context": _one_line(r[3]),
             "row": _row_code(r[3])} for r in rows]


def _choose_link(links: list[dict], scope: Scope, pages: _Pages, code: str, found_on: str | None) -> dict | None:
    """The link an assessor would follow to the evidence, on the agency's own domain: the item's row on the page
    the assessment found it on, else the item's row on any page (the ITA hub), else any link from that page,
    else any link."""
    on_site = [link for link in links if scope.allows(link["source"])]
    found_page = pages.get(found_on)

    def from_found_on(link: dict) -> bool:
        if link["source"] == found_on:
            return True
        page = pages.get(link["source"])
        return found_page is not None and page is not None and page["url"] == found_page["url"]

    for wanted in (lambda l: l["row"] == code and from_found_on(l), lambda l: l["row"] == code,
                   lambda l: from_found_on(l) and l["text"], from_found_on, lambda l: l["text"], lambda l: True):
        for link in on_site:
            if wanted(link):
                return link
    return None


def _page_phrase(pages: _Pages, url: str) -> str:
    page = pages.get(url)
    title = (page["short_title"] if page else "") or display_url(url)
    phrase = f"หน้า “{title}”"
    menu = _menu(page)
    if menu:
        phrase += f" (เมนู {menu})"
    return phrase


def _link_phrase(link: dict | None, code: str) -> str:
    if not link:
        return ""
    parts = []
    if link["row"] == code:
        parts.append(f"ในแถว {code}")
    elif link["heading"]:
        parts.append(f"หัวข้อ “{_shorten(link['heading'], 80)}”")
    if link["text"]:
        parts.append(f"ลิงก์ “{_shorten(link['text'], 80)}”")
    return " ".join(parts)


def _year_suffix(title: str, year_text: str) -> str:
    """' ปี 2568' unless the title already says the year."""
    if not year_text or str(year_text).split("–")[0] in thai_digits_to_arabic(title):
        return ""
    return f" ปี {year_text}"


def _file_type(url: str) -> str:
    path = urlsplit(url).path.lower()
    ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return ext.upper() if ext in ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf") else ""


def _where(db: sqlite_utils.Database, run_id: int, scope: Scope, pages: _Pages, item: dict) -> tuple[str, str]:
    """(URL on the agency's domain, where the evidence sits, in Thai) for the item's best evidence."""
    best, code = item["best"], item["code"]
    if not best:
        return "", ""
    link = _choose_link(_links_to(db, run_id, best["url"]), scope, pages, code, best["found_on"])
    via = ""
    if link:
        via = _page_phrase(pages, link["source"])
        phrase = _link_phrase(link, code)
        via += f" {phrase}" if phrase else ""
    elif best["found_on"] and scope.allows(best["found_on"]) and best["found_on"] != best["url"]:
        via = _page_phrase(pages, best["found_on"])
    title = best["title"] or display_url(best["url"])
    quoted = f"“{title}”{_year_suffix(title, best['year_text'])}"
    if scope.allows(best["url"]):
        if best["kind"] == "page":
            return best["url"], f"อยู่ที่{_page_phrase(pages, best['url'])}" + (f" เปิดได้จาก{via}" if via else "")
        kind = _file_type(best["url"])
        what = f"เอกสาร{' ' + kind if kind else ''} {quoted}"
        return best["url"], (f"อยู่ที่{via} — {what}" if via else what)
    host = urlsplit(best["url"]).hostname or ""
    external = f"ไฟล์อยู่นอกเว็บไซต์หลัก ที่ {host}: {quoted} {display_url(best['url'])}"
    source = link["source"] if link else (best["found_on"] if via else "")
    if source:
        return source, f"อยู่ที่{via} — {external}"
    return "", external + " (ไม่พบหน้าบนเว็บไซต์หลักที่ลิงก์ไปยังไฟล์นี้ ควรเพิ่มลิงก์จากหน้า ITA ของหน่วยงาน)"


def itas_rows(db: sqlite_utils.Database, ctx: dict) -> list[list[str]]:
    """One row per item: code, title, มี/ไม่มี, a URL on the agency's own domain, a draft explanation."""
    run_id = ctx["run"]["id"]
    pages = _Pages(db, run_id)
    scope = _scope(ctx)
    rows = []
    for item in ctx["items"]:
        url, where = _where(db, run_id, scope, pages, item)
        status, reason = item["status"], item["reason"]
        if status == "current":
            explanation = where or reason
        elif status == "missing":
            explanation = (f"ยังไม่มี: {reason} — ต้องเผยแพร่ข้อมูลนี้บนเว็บไซต์ก่อน จึงตอบว่า “มี” ได้"
                           + (f" (ที่พบใกล้เคียง: {where})" if where else ""))
        elif status == "outdated":
            explanation = (f"ยังไม่เป็นปัจจุบัน: {reason} — ต้องเผยแพร่ฉบับของปีที่ประเมินก่อน จึงตอบว่า “มี” ได้"
                           + (f" (ที่มีอยู่: {where})" if where else ""))
        else:
            explanation = (f"ลิงก์เสีย: {reason} — ต้องแก้ลิงก์ให้เปิดได้ก่อน จึงตอบว่า “มี” ได้"
                           + (f" (ตำแหน่ง: {where})" if where else ""))
        rows.append([item["code"], item["title"], "มี" if status == "current" else "ไม่มี", url, explanation])
    return rows


def render_itas_csv(db: sqlite_utils.Database, ctx: dict) -> bytes:
    return _csv_bytes(ITAS_HEADER, itas_rows(db, ctx))


def render_itas_xlsx(db: sqlite_utils.Database, ctx: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "ITAS"
    ws.append(ITAS_HEADER)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.alignment = Alignment(vertical="top", wrap_text=True)
    for row in itas_rows(db, ctx):
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
        for c in ws[ws.max_row]:
            c.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(c.value, str) and c.value[:1] in ("=", "+", "-", "@"):
                c.data_type = "s"          # text, never a formula
                c.quotePrefix = True       # and Excel keeps it text when edited
    for letter, width in zip("ABCDE", (8, 48, 12, 60, 90)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
