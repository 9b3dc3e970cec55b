"""A single background thread that owns the SQLite connection during a scan.

Scrapy runs everything on one reactor thread; a commit there stalls every download. The crawl hands rows to
this writer, which batches them into short transactions. Rows are committed within about a second, so a
killed scan loses at most the last batch and the database stays consistent.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from concurrent.futures import Future
from typing import Any, Callable

import sqlite_utils

from results import db as dbmod

logger = logging.getLogger(__name__)

_STOP = object()


class WriterError(Exception):
    pass


class BackgroundWriter:
    def __init__(self, path: str | os.PathLike, *, batch_size: int = 200, max_delay: float = 0.5):
        self.path = path
        self.batch_size = batch_size
        self.max_delay = max_delay
        self._queue: queue.Queue = queue.Queue()
        self._ready: Future = Future()
        self.failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="oit-sqlite-writer", daemon=True)
        self._thread.start()
        self._ready.result()  # re-raises a DatabaseError from opening/migrating

    # -- called from the crawl thread -------------------------------------------------------------

    def insert(self, table: str, rows: dict | list[dict], **more: list[dict]) -> None:
        """Queue rows for insertion; a row whose unique key already exists in this run is kept as is.
        Rows for other tables given as keywords (a page and its links) land in the same transaction, so a
        killed scan never keeps a page without its links."""
        if isinstance(rows, dict):
            rows = [rows]
        groups = [(t, r) for t, r in [(table, rows), *more.items()] if r]
        if groups:
            self._queue.put(("insert", groups))

    def call(self, fn: Callable[[sqlite_utils.Database], Any]) -> Future:
        """Run ``fn(db)`` on the writer thread, after everything queued before it."""
        fut: Future = Future()
        self._queue.put(("call", fn, fut))
        return fut

    def flush(self, timeout: float | None = 60) -> None:
        self.call(lambda db: None).result(timeout)

    def close(self, timeout: float | None = 60) -> None:
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)

    # -- writer thread ----------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            db = dbmod.open_db(self.path, check_same_thread=True)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            self._ready.set_exception(exc)
            return
        self._ready.set_result(True)
        try:
            self._loop(db)
        finally:
            db.conn.close()

    def _loop(self, db: sqlite_utils.Database) -> None:
        stop = False
        while not stop:
            try:
                first = self._queue.get(timeout=1.0)
            except queue.Empty:
                continue
            ops = [first]
            # Gather what else is waiting, so one transaction carries many rows.
            while len(ops) < self.batch_size:
                try:
                    ops.append(self._queue.get(timeout=self.max_delay if len(ops) < 2 else 0))
                except queue.Empty:
                    break
            if _STOP in ops:
                stop = True
                ops = [op for op in ops if op is not _STOP]
            self._apply(db, ops)

    def _apply(self, db: sqlite_utils.Database, ops: list) -> None:
        pending: dict[str, list[dict]] = {}

        def write_pending() -> None:
            for table, rows in pending.items():
                db[table].insert_all(rows, ignore=True, batch_size=100)
            pending.clear()

        try:
            with db.conn:
                for op in ops:
                    if op[0] == "insert":
                        for table, rows in op[1]:
                            pending.setdefault(table, []).extend(rows)
                    else:
                        write_pending()
                        _, fn, fut = op
                        try:
                            fut.set_result(fn(db))
                        except BaseException as exc:  # noqa: BLE001 - the caller decides
                            fut.set_exception(exc)
                write_pending()
        except Exception as exc:  # noqa: BLE001 - a failed write must be visible, not crash the crawl
            logger.error("database write failed: %s", exc)
            self.failure = exc
            for op in ops:
                if op[0] == "call" and not op[2].done():
                    op[2].set_exception(WriterError(str(exc)))
