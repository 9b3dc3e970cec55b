"""Turn a stored crawl into candidates: every page, document and external link with the texts about it.

A candidate is keyed by the URL it finally resolves to, so a menu link to /ita that redirects to the hub page
and a direct link to the hub are one piece of evidence. Its fields are what names it (the texts of links
to it with their row and heading, its title, the first lines of a document, the file name); its info is
what judges it (status, dates, text for the year).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import sqlite_utils

from checklist.checklists import Checklist
from checklist.codes import assessment_year_of, label_code
from checklist.matching import Candidate, Field, is_generic_link_text

# Field weights: how much a kind of text can be trusted to name an item.
W_LINK = 1.0
W_CONTEXT, W_CONTEXT_GENERIC = 0.8, 0.95
W_HEADING, W_HEADING_GENERIC, W_HEADING_ALONE = 0.6, 0.72, 0.8
W_PAGE_TITLE, W_PAGE_HEADING, W_BREADCRUMB, W_NEWS_TITLE = 1.0, 0.9, 0.8, 0.7
NEWS_FACTOR = 0.7
W_DOC_TITLE, W_DOC_LINE, W_FILENAME = 0.95, 0.95, 0.75

DOC_HEAD_CHARS = 600
_TITLE_SPLIT = re.compile(r"\s+[-|–:»]+\s+|\s*::\s*")
_OFFICE_PREFIX = re.compile(r"^(microsoft\s+(word|excel|powerpoint)\s*-\s*)", re.IGNORECASE)
_FILE_NOISE = re.compile(r"[_+]+|(?<=\D)-(?=\D)|%20")


@dataclass
class CandidateInfo:
    """What is known about a candidate besides the texts that name it."""

    url: str
    kind: str  # page | document | external
    title: str = ""
    http_status: int | None = None
    error: str | None = None  # dead: http_404, timeout, soft_404 ...; too_large is alive
    own_text: str = ""  # a document's head or a page's title, headings and text: its own words
    heading: str = ""  # a page's title and headings: what a document linked from it is filed under
    text_source: str | None = None  # a document's: layer | ocr
    filename: str = ""
    metadata_dates: list[str] = field(default_factory=list)
    last_modified: str | None = None

    @property
    def live(self) -> bool:
        return self.error is None or self.error == "too_large"


def _json_list(value: str | None) -> list:
    try:
        out = json.loads(value) if value else []
    except ValueError:
        return []
    return out if isinstance(out, list) else []


_NEWS_CRUMB = re.compile(r"ข่าว|news|ประชาสัมพันธ์|กิจกรรม", re.IGNORECASE)


def is_news_article(url: str, crumbs: list[str]) -> bool:
    """A page inside a news section: a news crumb above it, or a news folder in its path."""
    if any(_NEWS_CRUMB.search(c) for c in crumbs[:-1]):
        return True
    segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
    return any(_NEWS_CRUMB.search(s) for s in segments[:-1])


def site_title_parts(titles: list[str]) -> set[str]:
    """Title segments that most pages share (the agency's name): not part of what a page is about."""
    counts = Counter()
    for title in titles:
        for part in {p.strip() for p in _TITLE_SPLIT.split(title) if p.strip()}:
            counts[part] += 1
    floor = max(3, 0.3 * len(titles))
    return {part for part, n in counts.items() if n >= floor}


def page_topic(title: str, shared: set[str]) -> str:
    parts = [p.strip() for p in _TITLE_SPLIT.split(title or "") if p.strip()]
    kept = [p for p in parts if p not in shared]
    return " - ".join(kept) if kept else (title or "").strip()


def filename_text(url: str, filename: str | None) -> str:
    """A file name as words: "แผนปฏิบัติการ_2568-final.pdf" -> "แผนปฏิบัติการ 2568 final"."""
    name = filename or unquote(PurePosixPath(urlsplit(url).path).name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return _FILE_NOISE.sub(" ", stem).strip()


def doc_title_text(metadata_title: str | None) -> str:
    title = _OFFICE_PREFIX.sub("", (metadata_title or "").strip())
    return re.sub(r"\.(docx?|xlsx?|pptx?|pdf|odt)$", "", title, flags=re.IGNORECASE).strip()


def doc_lines(text: str | None, count: int = 5) -> list[str]:
    """The first lines of a document (its cover title), each alone and the first two together; the first
    is the document's heading."""
    lines = [ln.strip() for ln in (text or "")[:DOC_HEAD_CHARS].splitlines() if len(ln.strip()) >= 4]
    out = lines[:count]
    if len(lines) >= 2:
        out.append(f"{lines[0]} {lines[1]}")
    return out


def link_fields(text: str, context: str, heading: str, page_year: int | None,
                found_on: str | None = None) -> list[Field]:
    """The fields one link contributes: its text, and its row/list context and heading, which weigh more
    when the text itself names nothing ("ดาวน์โหลด"). A code in them follows the assessment year of the
    heading above the link, else of the page."""
    year = assessment_year_of(heading) or page_year
    generic = is_generic_link_text(text)
    fields = []
    if text and (not generic or label_code(text)):
        fields.append(Field("link_text", text, W_LINK, year, found_on))
    if context and context != text:
        fields.append(Field("context", context, W_CONTEXT_GENERIC if generic else W_CONTEXT, year, found_on))
    if heading:
        # Under a bare "ดาวน์โหลด" with no row around it, the heading is the only clue to the item.
        weight = W_HEADING if not generic else W_HEADING_ALONE if not context else W_HEADING_GENERIC
        fields.append(Field("heading", heading, weight, year, found_on))
    return fields


def load_candidates(db: sqlite_utils.Database, run_id: int, checklist: Checklist
                    ) -> tuple[list[Candidate], dict[str, CandidateInfo], dict[str, str]]:
    """The run's candidates, what is known about each (by URL), and every URL we know mapped to the URL
    its candidate is keyed by."""
    pages = list(db.query(
        "SELECT url, final_url, status, title, headings, breadcrumb, last_modified,"
        " substr(coalesce(main_text, text), 1, 20000) AS text FROM pages WHERE run_id = ?", [run_id]))
    shared = site_title_parts([p["title"] or "" for p in pages])
    canonical: dict[str, str] = {}  # any URL we know -> the URL it resolves to
    info: dict[str, CandidateInfo] = {}
    own_fields: dict[str, list[Field]] = {}
    page_year: dict[str, int | None] = {}
    news_pages: set[str] = set()

    for p in pages:
        key = p["final_url"]
        canonical[p["url"]] = canonical[key] = key
        headings = _json_list(p["headings"])
        page_year[p["url"]] = page_year[key] = assessment_year_of(" ".join([p["title"] or "", *headings[:3]]))
        if key in info:
            continue
        topic = page_topic(p["title"] or "", shared)
        crumbs = [c.strip() for c in (p["breadcrumb"] or "").split(" / ") if c.strip()]
        info[key] = CandidateInfo(
            url=key, kind="page", title=topic or (headings[0] if headings else key), http_status=p["status"],
            own_text="\n".join([topic, *headings[:5], p["text"] or ""]), last_modified=p["last_modified"],
            heading="\n".join([topic, *headings[:3]]))
        year = page_year[key]
        # A news article mentions plans, events and policies; it is evidence of news (O4), rarely of them.
        news = is_news_article(key, crumbs)
        if news:
            news_pages.add(key)
        fields = [Field("page_title", topic, W_NEWS_TITLE if news else W_PAGE_TITLE, year)] if topic else []
        fields += [Field("page_heading", h, W_NEWS_TITLE if news else W_PAGE_HEADING, year)
                   for h in headings[:2] if h and h != topic]
        if crumbs and crumbs[-1] not in (topic, *headings[:2]):
            fields.append(Field("breadcrumb", crumbs[-1], W_BREADCRUMB, year))
        own_fields[key] = fields

    for d in db.query("SELECT * FROM documents WHERE run_id = ?", [run_id]):
        key = d["url"]
        canonical[key] = key
        if d["final_url"]:
            canonical.setdefault(d["final_url"], key)
        metadata = json.loads(d["metadata"]) if d["metadata"] else {}
        title = doc_title_text(d["title"])
        lines = doc_lines(d["text"])
        fname = filename_text(key, d["filename"])
        external = bool(d["external"])
        info[key] = CandidateInfo(
            url=key, kind="external" if external else "document",
            title=title or (lines[0] if lines else ""),
            http_status=d["status"], error=d["error"],
            own_text="\n".join([title, (d["text"] or "")[:DOC_HEAD_CHARS * 4]]).strip(), filename=fname,
            metadata_dates=[metadata[k] for k in ("created", "modified") if metadata.get(k)],
            last_modified=d["last_modified"], text_source=d["text_source"])
        fields = [Field("doc_title", title, W_DOC_TITLE)] if title else []
        fields += [Field("doc_head" if n == 0 else "doc_line", line, W_DOC_LINE) for n, line in enumerate(lines)]
        if fname:
            fields.append(Field("filename", fname, W_FILENAME))
        own_fields[key] = fields

    for dead in db.query("SELECT url, kind, http_status, error FROM dead_links WHERE run_id = ?", [run_id]):
        key = canonical.setdefault(dead["url"], dead["url"])
        if key in info:
            info[key].error = info[key].error or dead["error"]
            continue
        info[key] = CandidateInfo(url=key, kind="document" if dead["kind"] == "document" else "page",
                                  http_status=dead["http_status"], error=dead["error"],
                                  filename=filename_text(key, None))
        own_fields[key] = [Field("filename", info[key].filename, W_FILENAME)] if dead["kind"] == "document" else []

    link_fields_of: dict[str, list[Field]] = {}
    link_title: dict[str, str] = {}
    seen: set[tuple] = set()
    for link in db.query(
        "SELECT source_url, target_url, text, heading, context, kind FROM links"
        " WHERE run_id = ? AND kind != 'other'", [run_id]
    ):
        target = canonical.get(link["target_url"], link["target_url"])
        text, heading, context = link["text"] or "", link["heading"] or "", link["context"] or ""
        dedupe = (target, text, heading, context)
        if dedupe in seen:
            continue
        seen.add(dedupe)
        if target not in info:
            if link["kind"] not in ("external", "external_document"):
                continue  # a page we never reached (skipped by a limit or robots.txt): nothing to judge
            info[target] = CandidateInfo(url=target, kind="external")
            own_fields[target] = []
        fields = link_fields(text, context, heading, page_year.get(link["source_url"]), link["source_url"])
        link_fields_of.setdefault(target, []).extend(fields)
        if fields and fields[0].name == "link_text":
            link_title.setdefault(target, text)

    candidates = []
    for key, ci in info.items():
        if not ci.title:  # a scan without text, a dead link: what links call it, else its file name
            ci.title = link_title.get(key, "") or ci.filename or key
        incoming = link_fields_of.get(key, [])
        if key in news_pages:
            # a news list links to its articles by their headlines: still news, not the disclosure
            incoming = [replace(f, weight=f.weight * NEWS_FACTOR) for f in incoming]
        fields = own_fields.get(key, []) + incoming
        if fields:
            candidates.append(Candidate(url=key, kind=ci.kind, fields=fields))
    return candidates, info, canonical
