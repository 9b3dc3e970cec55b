"""Downloader and spider middlewares: scope, Thai charsets, crawl bounds."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from w3lib.url import canonicalize_url

from crawler.encoding import better_encoding
from crawler.items import SkippedItem
from crawler.traps import TrapGuard

logger = logging.getLogger(__name__)

OFFSITE_PREFIX = "offsite:"
REDIRECT_LOOP = "redirect loop"


class ScopeMiddleware:
    """Never let a request leave the agency's site, whichever way it was produced (link, redirect,
    meta refresh, sitemap entry). Unlike Scrapy's OffsiteMiddleware it also applies to ``dont_filter``
    requests and compares ports, and it stops a redirect that comes back to a URL of its own chain."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        spider = self.crawler.spider
        scope = getattr(spider, "scope", None)
        if scope is not None and not scope.allows(request.url):
            self.crawler.stats.inc_value("oit/offsite_blocked")
            raise IgnoreRequest(f"{OFFSITE_PREFIX} {request.url}")
        chain = request.meta.get("redirect_urls") or []
        if request.url in chain:
            raise IgnoreRequest(REDIRECT_LOOP)
        return None


class RetryAfterMiddleware:
    """Honour Retry-After on 429 and 503: a government server asking for a pause gets it, instead of
    Scrapy's immediate retries that turn a busy night into dead links."""

    def __init__(self, crawler):
        self.max_wait = crawler.settings.getfloat("OIT_MAX_RETRY_AFTER")
        self.max_retries = crawler.settings.getint("RETRY_TIMES")
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_response(self, request, response, spider=None):
        if response.status not in (429, 503) or request.meta.get("retry_times", 0) >= self.max_retries:
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait and wait <= self.max_wait:
            self.stats.inc_value("oit/retry_after_waits")
            await asyncio.sleep(wait)
        return response


def retry_after_seconds(value: bytes | None) -> float | None:
    """Retry-After as seconds: "120" or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class ThaiEncodingMiddleware:
    """Re-decode pages whose declared (or guessed) charset does not fit their bytes; see crawler.encoding."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        if not isinstance(response, TextResponse) or not response.body:
            return response
        fixed = better_encoding(response.body, response.encoding)
        if fixed:
            self.stats.inc_value(f"oit/charset_fixed/{response.encoding}->{fixed}")
            return response.replace(encoding=fixed)
        return response


class CrawlBoundsMiddleware:
    """Decides which requests the spider may make: once per URL, within depth and page limits, and not
    into crawler traps. What it refuses is recorded as a SkippedItem (up to a cap per reason) so a user can
    see that a limit, not the site, hid something."""

    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_pages = s.getint("OIT_MAX_PAGES")
        self.depth_limit = s.getint("OIT_DEPTH_LIMIT")
        self.max_records = s.getint("OIT_MAX_SKIPPED_RECORDS")
        self.guard = TrapGuard(
            max_url_length=s.getint("OIT_MAX_URL_LENGTH"),
            max_calendar_pages=s.getint("OIT_MAX_CALENDAR_PAGES"),
            max_query_variants=s.getint("OIT_MAX_QUERY_VARIANTS"),
        )
        self.seen: set[str] = set()
        self.pages_scheduled = 0
        self.page_limit_hit = False
        self.recorded: Counter = Counter()

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider):
        spider_max = getattr(spider, "max_pages", None)
        if spider_max:
            self.max_pages = int(spider_max)
        spider.bounds = self  # the spider reports page_limit_hit with the run

    def adopt(self, state) -> None:
        """A resumed run: what the interrupted run already read is neither fetched nor counted again."""
        self.seen |= state.done
        self.pages_scheduled = state.pages

    async def process_start(self, start):
        async for obj in start:
            out = self._filter(obj, None)
            if out is not None:
                yield out

    def process_spider_output(self, response, result, spider=None):
        for obj in result:
            out = self._filter(obj, response)
            if out is not None:
                yield out

    async def process_spider_output_async(self, response, result, spider=None):
        async for obj in result:
            out = self._filter(obj, response)
            if out is not None:
                yield out

    def _filter(self, obj, response):
        if not isinstance(obj, Request):
            return obj
        meta = obj.meta
        if meta.get("oit_probe"):
            return obj
        key = canonicalize_url(obj.url)
        if key in self.seen:
            self.stats.inc_value("oit/duplicates_filtered")
            return None
        found_on = meta.get("oit_found_on") or (response.url if response is not None else None)
        reason = self.guard.check(obj.url)
        if reason is None and self.depth_limit and meta.get("depth", 0) > self.depth_limit:
            reason = "depth_limit"
        if reason is None and meta.get("oit_kind") == "page":
            if self.max_pages and self.pages_scheduled >= self.max_pages:
                reason = "page_limit"
                self.page_limit_hit = True
            else:
                self.pages_scheduled += 1
        if reason:
            return self._skip(obj.url, reason, found_on)
        self.seen.add(key)
        return obj

    def _skip(self, url, reason, found_on):
        self.stats.inc_value(f"oit/skipped/{reason}")
        self.stats.inc_value("oit/skipped")
        self.seen.add(canonicalize_url(url))
        if self.recorded[reason] >= self.max_records:
            return None
        self.recorded[reason] += 1
        return SkippedItem(url=url, reason=reason, found_on=found_on)
