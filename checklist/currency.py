"""Which fiscal year a piece of evidence is for, and whether that meets the item's time rule.

Sources of a year, in order of trust: the document's own title and text, the link text with its row and
heading, the page text, the file name, the document's metadata dates, the server's Last-Modified. The first
source that states a year decides; a later one is never used to overrule an earlier one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from checklist.dates import YearMention, find_years, fiscal_year_of, primary_year

# How far a year read from each source (and of each kind) can be trusted: used for the confidence.
SOURCE_TRUST = {"document": 1.0, "page": 0.95, "link": 0.9, "filename": 0.75, "ocr": 0.6, "metadata": 0.6,
                "last_modified": 0.5}
_THAI_DIGIT_RUN = re.compile("[\u0e50-\u0e59]+")
KIND_TRUST = {"fiscal": 1.0, "span": 1.0, "month": 0.95, "be": 0.9, "date": 0.8, "ce": 0.7}


@dataclass(frozen=True)
class EvidenceYear:
    year: int | None
    end_year: int | None = None  # last year of a multi-year plan
    kind: str | None = None
    source: str | None = None
    raw: str | None = None

    @property
    def trust(self) -> float:
        if self.year is None:
            return 0.0
        return SOURCE_TRUST.get(self.source, 0.5) * KIND_TRUST.get(self.kind, 0.7)


UNKNOWN = EvidenceYear(None)


def _from_mention(m: YearMention | None, source: str) -> EvidenceYear | None:
    if m is None:
        return None
    return EvidenceYear(m.year, m.end_year, m.kind, source, m.raw)


def latest_dated_year(text: str, today: date | None = None) -> YearMention | None:
    """The latest fiscal year a page's dated entries fall in (news lists: is anything from this year?),
    ignoring years after today's, which are typos or plans."""
    ceiling = fiscal_year_of(today or date.today())
    mentions = [m for m in find_years(text) if m.kind in ("date", "month", "fiscal") and m.year <= ceiling]
    return max(mentions, key=lambda m: m.year, default=None)


def _date_fiscal_year(value: str | None) -> int | None:
    """Fiscal year of an ISO date (document metadata) or an HTTP date (Last-Modified)."""
    if not value:
        return None
    for parse in (datetime.fromisoformat, parsedate_to_datetime):
        try:
            return fiscal_year_of(parse(value.strip()).date())
        except (TypeError, ValueError, IndexError):
            continue
    return None


def evidence_year(*, kind: str, own_text: str, link_texts: list[str], filename: str,
                  metadata_dates: list[str], last_modified: str | None, linking_pages: list[str] = (),
                  text_source: str | None = None, today: date | None = None) -> EvidenceYear:
    """The fiscal year a candidate is for, read from the most trusted source that states one.
    ``linking_pages`` are the titles and headings of the pages that link to a document. Text that OCR read
    comes after the link and the file name, and its Thai digits are ignored: Tesseract's Thai model
    misreads them (๒๕๖๘ comes out as ๒๕๒๕)."""
    ocr = kind == "document" and text_source == "ocr"
    if kind == "document" and own_text and not ocr:
        found = _from_mention(primary_year(own_text), "document")
        if found:
            return found
    if kind == "page" and own_text:
        found = _from_mention(primary_year(own_text.split("\n", 1)[0]), "page")
        if found is None:
            found = _from_mention(latest_dated_year(own_text, today), "page")
        if found:
            return found
    for text in link_texts:
        found = _from_mention(primary_year(text), "link")
        if found:
            return found
    for text in linking_pages:
        found = _from_mention(primary_year(text), "page")
        if found:
            return found
    found = _from_mention(primary_year(filename), "filename") if filename else None
    if found:
        return found
    if ocr and own_text:
        found = _from_mention(primary_year(_THAI_DIGIT_RUN.sub("#", own_text)), "ocr")
        if found:
            return found
    for value in metadata_dates:
        year = _date_fiscal_year(value)
        if year:
            return EvidenceYear(year, None, "date", "metadata", value)
    year = _date_fiscal_year(last_modified)
    if year:
        return EvidenceYear(year, None, "date", "last_modified", last_modified)
    return UNKNOWN


def meets_rule(rule: str, found: EvidenceYear, fiscal_year: int) -> bool | None:
    """True/False for the item's time rule, None when no year could be read (an assessor cannot check it).

    Newer than required also passes: a site that already shows next year's plan is not stale.
    """
    if rule == "none":
        return True
    if found.year is None:
        return None
    if rule == "current":
        return found.year >= fiscal_year or found.year <= fiscal_year <= (found.end_year or 0)
    if rule == "previous":
        return max(found.year, found.end_year or 0) >= fiscal_year - 1
    if rule == "either":
        return max(found.year, found.end_year or 0) >= fiscal_year - 1
    if rule == "span":
        end = found.end_year or found.year
        return end >= fiscal_year
    raise ValueError(f"unknown time rule {rule!r}")


def required_year_th(rule: str, fiscal_year: int) -> str:
    return {
        "current": f"ต้องเป็นปี {fiscal_year}",
        "previous": f"ต้องเป็นรายงานของปี {fiscal_year - 1}",
        "either": f"ต้องเป็นปี {fiscal_year - 1} หรือ {fiscal_year}",
        "span": f"ต้องเป็นแผนที่ครอบคลุมปี {fiscal_year}",
    }.get(rule, "")
