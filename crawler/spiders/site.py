"""The ``site`` spider: walks one agency website and records its pages, links, documents and dead links.

    scrapy crawl site -a url=https://www.yasothon.go.th/ [-a max_pages=N] [-s OIT_DB=oit.db]
"""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.internet import defer
from twisted.internet import error as twisted_error

from crawler.doctext import detect_kind, filename_from
from crawler.items import DeadLinkItem, DocumentItem, LinksItem, PageItem, SkippedItem
from crawler.middlewares import OFFSITE_PREFIX, REDIRECT_LOOP
from crawler.pageparse import parse_page, parse_tree
from crawler.urls import (
    Scope,
    looks_like_asset,
    looks_like_document,
    looks_like_image,
    normalize_url,
    unwrap_viewer,
)
from results.runs import TRANSPORT_ERRORS

# What robots.txt usually keeps crawlers out of, rightly: back offices, not disclosures.
_ADMIN_PATH = re.compile(
    r"/(administrator|wp-admin|wp-login\.php|admin|login|logout|user|users|member|cgi-bin|bin|cache|tmp|includes|"
    r"libraries|plugins|modules|components|layouts|language|installation|logs|cli|search)(/|\.php|$)", re.IGNORECASE)
MAX_SITEMAPS = 50
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


def validate_start_url(url: str) -> str:
    """The start URL as we will request it, or ValueError with a message for people."""
    url = (url or "").strip()
    if not url:
        raise ValueError("no start URL given")
    if "://" not in url:
        url = "https://" + url  # "www.yasothon.go.th" is what people type
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise ValueError(f"malformed URL {url!r}: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"only http and https sites can be scanned, not {parts.scheme}:")
    host = parts.hostname or ""
    if not host or " " in parts.netloc or host.startswith(".") or ".." in host:
        raise ValueError(f"malformed URL {url!r}: no valid host name")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def classify_failure(failure) -> tuple[str, int | None, str]:
    """(error code, HTTP status, detail) for a failed request, in the words stored in dead_links."""
    exc = failure.value
    detail = str(exc)[:500]
    if failure.check(HttpError):
        status = exc.response.status
        return f"http_{status}", status, detail
    if failure.check(IgnoreRequest):
        if detail.startswith(OFFSITE_PREFIX):
            return "offsite_redirect", None, detail
        if detail == REDIRECT_LOOP or "max redirections" in detail:
            return "redirect_loop", None, detail
        if "robots.txt" in detail:
            return "robots", None, detail
        return "ignored", None, detail
    if failure.check(DownloadTimeoutError, twisted_error.TimeoutError, twisted_error.TCPTimedOutError):
        return "timeout", None, detail
    if failure.check(CannotResolveHostError, twisted_error.DNSLookupError):
        return "dns", None, detail
    if failure.check(DownloadConnectionRefusedError, twisted_error.ConnectionRefusedError):
        return "connection_refused", None, detail
    if failure.check(ResponseDataLossError):
        return "data_loss", None, detail
    if failure.check(DownloadCancelledError, defer.CancelledError):
        # Scrapy cancels a download only for DOWNLOAD_MAXSIZE: up front from Content-Length (with a
        # message), or silently once a streamed body without Content-Length passes the cap.
        return "too_large", None, detail or "larger than the download size limit (streamed without Content-Length)"
    if failure.check(DownloadFailedError, twisted_error.ConnectionLost, twisted_error.ConnectionDone,
                     twisted_error.ConnectError):
        return "connection_lost", None, detail
    return f"error_{type(exc).__name__}", None, detail


def _header(response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, url: str | None = None, max_pages: str | int | None = None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_url = validate_start_url(url or "")
        self.max_pages = int(max_pages) if max_pages else None
        self.start_error: str | None = None
        self.external_seen: set[str] = set()
        self.sitemaps_seen = 0
        self.sitemap_urls: set[str] = set()  # robots.txt usually names the /sitemap.xml we probe anyway
        self.images_fetched = 0
        self.robots_blocked = 0
        self.robots_example: str | None = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.scope = Scope(spider.start_url, crawler.settings.getlist("OIT_ALLOW_HOSTS"))
        spider.max_links = crawler.settings.getint("OIT_MAX_LINKS_PER_PAGE")
        spider.max_text = crawler.settings.getint("OIT_MAX_TEXT_CHARS")
        spider.max_images = crawler.settings.getint("OIT_MAX_IMAGE_DOCUMENTS")
        return spider

    async def start(self):
        state = getattr(self, "resume_state", None)
        if state is not None:
            for request in self._resume_requests(state):
                yield request
        else:
            yield scrapy.Request(
                self.start_url, callback=self.parse, errback=self.on_error, dont_filter=True,
                meta={"oit_kind": "page", "oit_start": True},
            )
        # URLs staff pinned as evidence, robots.txt and sitemap.xml are asked for every run, resumed or not:
        # a killed run may have died before they answered; the crawl bounds drop what was already read.
        for url in self.settings.getlist("OIT_EXTRA_URLS"):
            if self.scope.allows(url):
                kind = "document" if looks_like_document(url) else "page"
                yield scrapy.Request(url, callback=self.parse, errback=self.on_error, dont_filter=True,
                                     meta={"oit_kind": kind, "oit_found_on": None})
            elif looks_like_document(url) and url not in self.external_seen:
                self.external_seen.add(url)
                yield DocumentItem(url=url, external=True, kind=detect_kind(url), filename=filename_from(url, None))
        root = urlunsplit(urlsplit(self.start_url)._replace(path="/", query="", fragment=""))
        self.sitemap_urls.add(root + "sitemap.xml")
        for path, callback in (("robots.txt", self.parse_robots), ("sitemap.xml", self.parse_sitemap)):
            yield scrapy.Request(
                root + path, callback=callback, errback=self.on_probe_error, dont_filter=True,
                meta={"oit_probe": True, "dont_obey_robotstxt": path == "robots.txt"}, priority=-1,
            )

    def _resume_requests(self, state):
        """Carry on where an interrupted run stopped: only the links it found but did not follow."""
        self.bounds.adopt(state)
        if not state.pages:  # it never read the start page: begin again
            yield scrapy.Request(self.start_url, callback=self.parse, errback=self.on_error, dont_filter=True,
                                 meta={"oit_kind": "page", "oit_start": True})
        for url, kind, found_on, depth in state.frontier:
            if self.scope.allows(url):
                kind = "document" if looks_like_document(url) else kind
                yield scrapy.Request(url, callback=self.parse, errback=self.on_error, dont_filter=True,
                                     meta={"oit_kind": kind, "oit_found_on": found_on, "depth": depth})

    # -- pages ------------------------------------------------------------------------------------

    def parse(self, response):
        kind = detect_kind(
            response.url, _header(response, "Content-Type"), _header(response, "Content-Disposition"),
            response.body[:8], images=response.meta.get("oit_kind") == "document",
        )
        if kind:
            yield self._document_item(response, kind)
            return
        if response.meta.get("oit_kind") == "document" and isinstance(response, TextResponse):
            # A link to x.pdf answered with a web page: many sites serve their 404 page with status 200.
            # Counting that page as the document would hide a missing disclosure.
            yield from self._soft_404(response)
            return
        if not isinstance(response, HtmlResponse):
            # A page URL that turned out to be an image, a feed or plain text: nothing to assess.
            self.crawler.stats.inc_value("oit/not_html")
            return
        try:
            root, flattened = parse_tree(response.text)
            parsed = parse_page(root)
        except Exception as exc:  # noqa: BLE001 - lxml can choke on hostile markup; record and move on
            self.logger.warning("could not parse %s: %s", response.url, exc)
            self.crawler.stats.inc_value("oit/parse_errors")
            return
        if flattened:
            self.logger.warning("%s nests deeper than the HTML parser allows; read without its layout tags",
                                response.url)
            self.crawler.stats.inc_value("oit/pages_flattened")
        base = response.url
        if parsed.base_href:
            candidate = normalize_url(parsed.base_href, response.url, response.encoding)
            if candidate:
                base = candidate
        links, requests = [], []
        for link in parsed.links[: self.max_links]:
            row, request = self._link(link, base, response)
            if row:
                links.append(row)
            if request is not None:
                requests.append(request)
        if len(parsed.links) > self.max_links:
            self.crawler.stats.inc_value("oit/links_truncated", len(parsed.links) - self.max_links)
            yield SkippedItem(url=response.url, reason="too_many_links", found_on=response.url)
        chain = response.meta.get("redirect_urls") or []
        reasons = response.meta.get("redirect_reasons") or []
        yield PageItem(
            url=chain[0] if chain else response.url,
            final_url=response.url,
            status=response.status,
            content_type=_header(response, "Content-Type"),
            charset=response.encoding,
            title=parsed.title,
            headings=parsed.headings,
            breadcrumb=parsed.breadcrumb,
            text=parsed.text[: self.max_text],
            main_text=parsed.main_text[: self.max_text] if parsed.main_text else None,
            last_modified=_header(response, "Last-Modified"),
            etag=_header(response, "ETag"),
            content_hash=hashlib.sha256(response.body).hexdigest(),
            size=len(response.body),
            depth=response.meta.get("depth", 0),
            redirects=[{"url": u, "status": r} for u, r in zip(chain, reasons)],
            links=links,
        )
        for extra in self._external_documents(links):
            yield extra
        yield from requests

    def _link(self, link, base, response):
        target = normalize_url(link.url, base, response.encoding)
        if target is None:
            href = link.url.strip()
            scheme = href.split(":", 1)[0].lower() if ":" in href else ""
            if scheme in ("mailto", "tel", "line", "fax"):
                return self._row(response.url, href[:500], link, "other"), None
            return None, None
        target = unwrap_viewer(target)
        in_scope = self.scope.allows(target)
        if not in_scope:
            kind = "external_document" if looks_like_document(target) else "external"
            return self._row(response.url, target, link, kind), None
        if looks_like_image(target) and self._image_is_a_document(link):
            kind = "document"
        elif looks_like_asset(target):
            return self._row(response.url, target, link, "other"), None
        else:
            kind = "document" if looks_like_document(target) else "page"
        request = scrapy.Request(
            target, callback=self.parse, errback=self.on_error, dont_filter=True,
            meta={"oit_kind": kind, "oit_found_on": response.url},
        )
        return self._row(response.url, target, link, kind), request

    def _image_is_a_document(self, link) -> bool:
        """An announcement posted as a picture and linked by its name ("ประกาศเจตนารมณ์ No Gift Policy
        (ภาพ)") is evidence to read; a thumbnail opening a photo gallery is not."""
        if link.tag != "a" or link.image_only or not link.text or self.images_fetched >= self.max_images:
            return False
        self.images_fetched += 1
        return True

    @staticmethod
    def _row(source, target, link, kind):
        return {"source_url": source, "target_url": target, "text": link.text[:500], "heading": link.heading,
                "context": link.context, "kind": kind}

    def _external_documents(self, links):
        for row in links:
            if row["kind"] == "external_document" and row["target_url"] not in self.external_seen:
                self.external_seen.add(row["target_url"])
                yield DocumentItem(url=row["target_url"], external=True, kind=detect_kind(row["target_url"]),
                                   filename=filename_from(row["target_url"], None))

    # -- documents --------------------------------------------------------------------------------

    def _document_item(self, response, kind):
        chain = response.meta.get("redirect_urls") or []
        body = response.body
        return DocumentItem(
            url=chain[0] if chain else response.url,
            final_url=response.url,
            status=response.status,
            content_type=_header(response, "Content-Type"),
            kind=kind,
            filename=filename_from(response.url, _header(response, "Content-Disposition")),
            size=len(body),
            content_hash=hashlib.sha256(body).hexdigest(),
            last_modified=_header(response, "Last-Modified"),
            etag=_header(response, "ETag"),
            depth=response.meta.get("depth", 0),
            body=body,
        )

    def _soft_404(self, response):
        chain = response.meta.get("redirect_urls") or []
        url = chain[0] if chain else response.url
        detail = f"expected a document, got {_header(response, 'Content-Type') or 'a web page'}"
        yield DeadLinkItem(url=url, kind="document", error="soft_404", http_status=response.status, detail=detail)
        yield DocumentItem(url=url, final_url=response.url, status=response.status, error="soft_404",
                           content_type=_header(response, "Content-Type"), kind=detect_kind(url),
                           filename=filename_from(url, None))

    # -- failures ---------------------------------------------------------------------------------

    def on_error(self, failure):
        request = failure.request
        meta = request.meta
        code, status, detail = classify_failure(failure)
        chain = meta.get("redirect_urls") or []
        url = chain[0] if chain else request.url
        stats = self.crawler.stats
        if meta.get("oit_start") and self.start_error is None:
            self.start_error = f"{code} ({detail})" if code.startswith("error_") else code
            if code == "offsite_redirect":
                self.start_error = f"redirects to another host: {request.url}"
        if code in TRANSPORT_ERRORS:
            stats.inc_value("oit/transport_errors")
        kind = meta.get("oit_kind", "page")
        if code in ("robots", "offsite_redirect", "ignored"):
            yield SkippedItem(url=url, reason=code, found_on=meta.get("oit_found_on"))
            if code == "robots" and not _ADMIN_PATH.search(urlsplit(url).path):
                # a page the site links to but forbids us: evidence may be there, unseen
                self.robots_blocked += 1
                self.robots_example = self.robots_example or url
            if code == "offsite_redirect" and kind == "document" and request.url not in self.external_seen:
                self.external_seen.add(request.url)
                yield DocumentItem(url=url, final_url=request.url, external=True,
                                   kind=detect_kind(request.url), filename=filename_from(request.url, None))
            return
        if code == "too_large":
            stats.inc_value("oit/too_large")
            yield DocumentItem(url=url, final_url=request.url, error="too_large", kind=detect_kind(request.url),
                               filename=filename_from(request.url, None))
            return
        yield DeadLinkItem(url=url, kind=kind, error=code, http_status=status, detail=detail)
        if kind == "document":
            yield DocumentItem(url=url, final_url=request.url, status=status, error=code,
                               kind=detect_kind(request.url), filename=filename_from(request.url, None))

    def on_probe_error(self, failure):
        # robots.txt and sitemap.xml are optional; their absence is not a finding.
        self.crawler.stats.inc_value("oit/probe_missing")

    # -- robots.txt and sitemaps ------------------------------------------------------------------

    def parse_robots(self, response):
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            if self.scope.allows(url) and url not in self.sitemap_urls:
                yield self._sitemap_request(url)

    def _sitemap_request(self, url):
        self.sitemap_urls.add(url)
        return scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_probe_error,
                              meta={"oit_probe": True})

    def parse_sitemap(self, response):
        self.sitemaps_seen += 1
        if self.sitemaps_seen > MAX_SITEMAPS:
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=MAX_SITEMAP_BYTES)
            except (OSError, ValueError):
                return
        if b"<urlset" not in body[:2000] and b"<sitemapindex" not in body[:2000]:
            return  # a soft 404 page, not a sitemap
        try:
            sitemap = Sitemap(body)
        except Exception:  # noqa: BLE001 - malformed XML from the site is not our failure
            return
        if sitemap.type == "sitemapindex":
            for entry in sitemap:
                loc = normalize_url(entry.get("loc", ""), response.url)
                if loc and self.scope.allows(loc) and loc not in self.sitemap_urls:
                    yield self._sitemap_request(loc)
            return
        rows, requests = [], []
        for entry in sitemap:
            loc = normalize_url(entry.get("loc", ""), response.url)
            if not loc or not self.scope.allows(loc) or looks_like_asset(loc):
                continue
            kind = "document" if looks_like_document(loc) else "page"
            rows.append({"source_url": response.url, "target_url": loc, "text": "", "heading": "",
                         "context": json.dumps({k: v for k, v in entry.items() if k != "loc"}, ensure_ascii=False)
                         if len(entry) > 1 else "", "kind": "sitemap"})
            requests.append(scrapy.Request(loc, callback=self.parse, errback=self.on_error, dont_filter=True,
                                           meta={"oit_kind": kind, "oit_found_on": response.url}))
        state = getattr(self, "resume_state", None)
        if rows and not (state and response.url in state.link_sources):
            yield LinksItem(source_url=response.url, links=rows)
        yield from requests
