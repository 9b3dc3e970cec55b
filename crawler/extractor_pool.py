"""Document text extraction in worker processes.

Parsing a hostile PDF or spreadsheet can hang, eat memory or crash the interpreter (pdfium is C++). Doing
it in worker processes keeps Scrapy's reactor free while documents are read, caps each worker's memory,
and lets a stuck document time out without taking the crawl with it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import resource
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from crawler.doctext import ExtractedText, extract_text

logger = logging.getLogger(__name__)

WORKER_MEMORY_LIMIT = 2 * 1024**3


def _limit_memory(limit: int) -> None:
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):  # not permitted in some containers; the timeout still applies
        pass


def _failed(kind: str, error: str) -> ExtractedText:
    return ExtractedText(text="", has_text=False, pages=None, extractor=kind, error=error, metadata={})


class ExtractorPool:
    def __init__(self, workers: int = 2, timeout: float = 120, memory_limit: int = WORKER_MEMORY_LIMIT,
                 **limits):
        self.workers = max(1, workers)
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.limits = limits
        self._executor: ProcessPoolExecutor | None = None
        self._generation = 0  # bumped on every reset, so innocent victims of a reset can retry

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # forkserver: workers are forked from a clean process, not from the crawler with its threads.
            ctx = multiprocessing.get_context("forkserver")
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=ctx, initializer=_limit_memory, initargs=(self.memory_limit,)
            )
        return self._executor

    async def extract(self, body: bytes, kind: str, *, _retry: bool = True) -> ExtractedText:
        generation = self._generation
        try:
            future = self._pool().submit(extract_text, body, kind, **self.limits)
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except (asyncio.TimeoutError, TimeoutError):
            logger.warning("document extraction timed out after %ss", self.timeout)
            self._reset(generation)
            return _failed(kind, f"timeout: no result after {self.timeout:.0f}s")
        except BrokenProcessPool:
            if generation != self._generation and _retry:
                # Another document's timeout killed the pool under us; this one deserves a second try.
                return await self.extract(body, kind, _retry=False)
            self._reset(generation)
            return _failed(kind, "crashed: the extractor process died (out of memory or a parser crash)")
        except Exception as exc:  # noqa: BLE001 - whatever happens to one document, the crawl goes on
            return _failed(kind, f"failed: {type(exc).__name__}: {exc}"[:300])

    def _reset(self, generation: int) -> None:
        """Kill the workers (one of them is stuck or dead) and start afresh on the next document."""
        if generation != self._generation:
            return  # already reset by another document
        self._generation += 1
        executor, self._executor = self._executor, None
        if executor is None:
            return
        for proc in list(getattr(executor, "_processes", {}).values()):
            proc.kill()
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
