"""Progress lines on the terminal while a scan runs (pages, documents, errors, rate)."""

from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task


def progress_line(stats: dict, elapsed: float) -> str:
    pages = stats.get("oit/pages", 0)
    docs = stats.get("oit/documents", 0)
    errors = stats.get("oit/dead_links", 0) + stats.get("oit/extract_errors", 0)
    requests = stats.get("downloader/request_count", 0)
    rate = requests / elapsed if elapsed > 0 else 0.0
    return (
        f"หน้าเว็บ {pages} · เอกสาร {docs} · ข้อผิดพลาด {errors} · {rate:.1f} คำขอ/วินาที"
        f"  (pages {pages}, documents {docs}, errors {errors}, {rate:.1f} req/s, {elapsed:.0f}s)"
    )


class ProgressReporter:
    def __init__(self, stats, interval: float, stream=None):
        self.stats = stats
        self.interval = interval
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self._loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("OIT_PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured
        ext = cls(crawler.stats, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        self.started = time.monotonic()
        self._loop = task.LoopingCall(self.report)
        self._loop.start(self.interval, now=False)

    def report(self):
        print(progress_line(self.stats.get_stats(), time.monotonic() - self.started), file=self.stream,
              flush=True)

    def spider_closed(self, spider, reason):
        if self._loop and self._loop.running:
            self._loop.stop()
