"""Item pipelines: read documents' text, then store everything in SQLite."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict

from scrapy import signals

from crawler import __version__
from crawler.extractor_pool import ExtractorPool
from crawler.items import DeadLinkItem, DocumentItem, LinksItem, PageItem, SkippedItem
from results.doc_cache import DocumentCache
from results.resume import copy_run
from results.runs import CrawlOutcome, create_run, finish_run, judge_run, unreadable_hub
from results.writer import BackgroundWriter

logger = logging.getLogger(__name__)


class DocumentTextPipeline:
    """Extracts the text of fetched documents in worker processes, then drops their bytes."""

    def __init__(self, crawler):
        s = crawler.settings
        self.stats = crawler.stats
        self.pool = ExtractorPool(
            workers=s.getint("OIT_EXTRACT_WORKERS"),
            timeout=s.getfloat("OIT_EXTRACT_TIMEOUT"),
            max_pages=s.getint("OIT_PDF_MAX_PAGES"),
            max_chars=s.getint("OIT_MAX_TEXT_CHARS"),
            ocr_pages=s.getint("OIT_OCR_PAGES"),
            ocr_dpi=s.getint("OIT_OCR_DPI"),
            ocr_langs=s.get("OIT_OCR_LANGS"),
        )
        self.cache = DocumentCache(s.get("OIT_DB"), __version__) if s.getbool("OIT_REUSE_TEXT") else None
        self.ocr_warned = False

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_item(self, item):
        if not isinstance(item, DocumentItem) or item.body is None:
            return item
        body, item.body = item.body, None
        if not body:
            item.extract_error = "empty: the server sent 0 bytes"
            self.stats.inc_value("oit/extract_errors")
            return item
        cached = await asyncio.to_thread(self.cache.lookup, item.content_hash) if self.cache else None
        if cached:
            self.stats.inc_value("oit/extract_cached")
            item.has_text = bool(cached["has_text"])
            item.text, item.page_count, item.extractor = cached["text"], cached["page_count"], cached["extractor"]
            item.extract_error, item.metadata = cached["extract_error"], cached["metadata"]
            item.ocr_confidence = cached["ocr_confidence"]
            item.text_source = cached["text_source"]
        else:
            result = await self.pool.extract(body, item.kind)
            item.has_text = result.has_text
            item.text = result.text or None
            item.page_count = result.pages
            item.extractor = result.extractor
            item.extract_error = result.error
            item.metadata = result.metadata or {}
            item.text_source = result.source
            item.ocr_confidence = result.ocr_confidence
        item.title = (item.metadata.get("title") or "").strip() or None
        if item.extract_error:
            self.stats.inc_value("oit/extract_errors")
            if item.extract_error.startswith("ocr_unavailable"):
                self.stats.inc_value("oit/ocr_unavailable")
                if not self.ocr_warned:
                    self.ocr_warned = True  # once per scan; the report lists every document left unread
                    logger.warning("Tesseract OCR is not installed: scanned documents cannot be read "
                                   "(apt-get install tesseract-ocr tesseract-ocr-tha)")
        return item

    def close_spider(self):
        self.pool.close()


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


class SqlitePipeline:
    """Writes every item into the run's rows and, when the crawl ends, judges and closes the run."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.writer: BackgroundWriter | None = None
        self.run_id: int | None = None
        self.pages = 0

    @classmethod
    def from_crawler(cls, crawler):
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self):
        spider = self.crawler.spider
        self.writer = BackgroundWriter(self.settings.get("OIT_DB"))
        run_id = self.settings.get("OIT_RUN_ID")
        if run_id:
            self.run_id = int(run_id)
        else:
            fiscal_year = self.settings.get("OIT_FISCAL_YEAR")
            settings = {"max_pages": spider.max_pages or self.settings.getint("OIT_MAX_PAGES")}
            self.run_id = self.writer.call(
                lambda db: create_run(
                    db, start_url=spider.start_url, fiscal_year=int(fiscal_year) if fiscal_year else None,
                    checklist=self.settings.get("OIT_CHECKLIST"), settings=settings, tool_version=__version__,
                )
            ).result()
        spider.run_id = self.run_id
        self.stats.set_value("oit/run_id", self.run_id)
        resume_from = self.settings.get("OIT_RESUME_FROM")
        if resume_from:
            state = self.writer.call(lambda db: copy_run(db, int(resume_from), self.run_id)).result()
            spider.resume_state = state
            self.pages = state.pages
            self.stats.set_value("oit/resumed_from", state.resumed_from)
            logger.info("resuming run %s: %d pages already read, %d links to follow", resume_from, state.pages,
                        len(state.frontier))
        logger.info("recording run %s in %s", self.run_id, self.settings.get("OIT_DB"))

    def process_item(self, item):
        run = {"run_id": self.run_id}
        w = self.writer
        if isinstance(item, PageItem):
            row = asdict(item)
            links = row.pop("links")
            row.update(run, headings=_json(row["headings"]), redirects=_json(row["redirects"]))
            w.insert("pages", row, links=[{**run, **link} for link in links])
            self.pages += 1
            self.stats.inc_value("oit/pages")
        elif isinstance(item, DocumentItem):
            row = asdict(item)
            row.pop("body")
            row.pop("depth")
            row.update(run, external=int(item.external), has_text=int(item.has_text),
                       metadata=_json(item.metadata), text_chars=len(item.text or ""))
            w.insert("documents", row)
            self.stats.inc_value("oit/documents")
        elif isinstance(item, DeadLinkItem):
            w.insert("dead_links", {**run, **asdict(item)})
            self.stats.inc_value("oit/dead_links")
        elif isinstance(item, SkippedItem):
            w.insert("skipped", {**run, **asdict(item)})
        elif isinstance(item, LinksItem):
            w.insert("links", [{**run, **link} for link in item.links])
        return item

    async def close_spider(self):
        if self.writer is not None:
            await asyncio.to_thread(self.writer.flush)

    def spider_closed(self, spider, reason):
        if self.writer is None or self.run_id is None:
            return
        try:
            bounds = getattr(spider, "bounds", None)
            run_id, hub_error = self.run_id, None
            if not self.writer.failure:
                hub_error = self.writer.call(lambda db: unreadable_hub(db, run_id)).result(120)
            outcome = CrawlOutcome(
                close_reason=reason,
                pages=self.pages,
                start_error=getattr(spider, "start_error", None),
                page_limit_hit=bool(bounds and bounds.page_limit_hit),
                transport_errors=self.stats.get_value("oit/transport_errors", 0),
                requests=self.stats.get_value("downloader/request_count", 0),
                max_error_rate=self.settings.getfloat("OIT_MAX_ERROR_RATE"),
                writer_error=str(self.writer.failure) if self.writer.failure else None,
                robots_blocked=getattr(spider, "robots_blocked", 0),
                robots_example=getattr(spider, "robots_example", None),
                hub_error=hub_error,
            )
            status, why = judge_run(outcome)
            stats = self.stats.get_stats()
            counts = self.writer.call(lambda db: finish_run(db, self.run_id, status, why, stats)).result(120)
            logger.info("run %s %s%s: %s", self.run_id, status, f" ({why})" if why else "", counts)
        finally:
            self.writer.close()
