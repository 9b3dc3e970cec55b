"""Crawler-trap guards: bound endless URL spaces without losing the real pages.

Real agency sites have JEvents/WordPress calendars that link to next month forever, relative-link bugs that
grow paths (/th/th/th/...), and lists re-sorted or filtered through the query string. Each check is cheap
and keeps per-pattern counters, so the first variants are crawled and the rest are recorded as skipped.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, unquote, urlsplit

# Query parameters that only re-render a page (print view, feed, sorting) or track visitors.
NOISE_PARAMS = {
    "tmpl", "print", "format", "type", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content",
    "fbclid", "gclid", "phpsessid", "sid", "sessionid", "jsessionid", "lang_switch", "replytocom",
    "filter_order", "filter_order_dir", "order", "orderby", "sort", "dir", "share",
}
# Which of these end a URL outright: a printable copy or a feed of a page we already read.
_DROP_IF = {("tmpl", "component"), ("print", "1"), ("format", "feed"), ("format", "raw"), ("type", "rss"),
            ("type", "atom")}
# Parameters that select which page a PHP front controller renders (Joomla option/view, WordPress p/page_id).
ROUTING_PARAMS = {"option", "view", "task", "layout", "controller", "module", "page", "mod", "act", "action",
                  "c", "m", "a"}
DATE_PARAMS = {"year", "month", "day", "date", "yr", "mo", "ym", "ymd", "week", "cal_date", "caldate", "d", "y",
               "start_date", "end_date", "from", "to", "monthyear", "jevday", "calendar_date", "tanggal"}
_CALENDAR_WORDS = ("calendar", "event", "jevents", "agenda", "ปฏิทิน", "kalender")
_DATE_VALUE = re.compile(r"^\d{4}(-\d{1,2}(-\d{1,2})?)?$|^\d{1,2}[-/]\d{1,2}[-/]\d{2,4}$")
_NUMERIC_SEGMENT = re.compile(r"^\d{1,4}$")


def _year_of(value: str) -> int | None:
    m = re.match(r"^(\d{4})", value)
    if not m:
        return None
    year = int(m.group(1))
    return year - 543 if year > 2400 else year  # Buddhist Era years appear in Thai calendars


@dataclass
class TrapGuard:
    max_url_length: int = 2083
    max_path_segments: int = 20
    max_segment_repeats: int = 3
    max_calendar_pages: int = 24
    max_query_variants: int = 1000
    years_back: int = 15
    years_ahead: int = 2
    today: date = field(default_factory=date.today)
    _calendar: dict = field(default_factory=lambda: defaultdict(set), repr=False)
    _variants: dict = field(default_factory=lambda: defaultdict(set), repr=False)
    rejected: Counter = field(default_factory=Counter, repr=False)

    def check(self, url: str) -> str | None:
        """None when the URL may be crawled, else the reason it is a trap. Remembers what it allowed."""
        reason = self._check(url)
        if reason:
            self.rejected[reason] += 1
        return reason

    def _check(self, url: str) -> str | None:
        if len(url) > self.max_url_length:
            return "url_too_long"
        parts = urlsplit(url)
        segments = [s for s in unquote(parts.path).split("/") if s]
        if len(segments) > self.max_path_segments:
            return "path_too_deep"
        if segments and Counter(segments).most_common(1)[0][1] > self.max_segment_repeats:
            return "repeated_path_segments"
        params = [(k.lower(), v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
        if any((k, v.lower()) in _DROP_IF for k, v in params):
            return "duplicate_view"

        date_params = [(k, v) for k, v in params if k in DATE_PARAMS and v]
        path_lower = unquote(parts.path).lower()
        calendar_path = any(w in path_lower or w in parts.query.lower() for w in _CALENDAR_WORDS)
        date_segments = [s for s in segments if _NUMERIC_SEGMENT.match(s)]
        if date_params or (calendar_path and date_segments):
            for _, v in date_params:
                year = _year_of(v) if _DATE_VALUE.match(v) or len(v) == 4 else None
                if year and not (self.today.year - self.years_back <= year <= self.today.year + self.years_ahead):
                    return "calendar_out_of_range"
            for s in date_segments:
                if len(s) == 4:
                    year = _year_of(s)
                    if year and not (self.today.year - self.years_back <= year <= self.today.year + self.years_ahead):
                        return "calendar_out_of_range"
            key = (
                parts.netloc,
                re.sub(r"/\d{1,4}(?=/|$)", "/#", parts.path),
                tuple(sorted((k, v) for k, v in params if k not in DATE_PARAMS and k not in NOISE_PARAMS)),
            )
            seen = self._calendar[key]
            variant = (tuple(date_params), tuple(date_segments))
            if variant not in seen and len(seen) >= self.max_calendar_pages:
                return "calendar_trap"
            seen.add(variant)

        if params:
            # A number in a routing parameter is a page of results (?page=7), not a different page type:
            # counting each number as its own pattern would leave endless pagination unbounded.
            routing = [(k, v) for k, v in params if k in ROUTING_PARAMS and not v.isdigit()]
            key = (
                parts.netloc,
                parts.path,
                tuple(sorted(routing)),
                tuple(sorted({k for k, _ in params} - {k for k, _ in routing})),
            )
            seen = self._variants[key]
            variant = parts.query
            if variant not in seen and len(seen) >= self.max_query_variants:
                return "query_variants"
            seen.add(variant)
        return None
