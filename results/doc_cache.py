"""Text already read from the same bytes: an unchanged document is not read again the next night.

Reading a scanned PDF costs seconds of OCR per page; most of a site's documents do not change between runs.
Only results of the same oit-crawler version are reused (a newer version may read better), and never a
failure that might not repeat (a timeout, a crashed reader, OCR not installed).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

_TRANSIENT = ("timeout", "crashed", "failed", "ocr_")


class DocumentCache:
    def __init__(self, db_path: str | Path, tool_version: str):
        self.db_path = str(db_path)
        self.tool_version = tool_version

    def lookup(self, content_hash: str | None) -> dict | None:
        """The stored reading of these bytes, or None. Opens its own short connection: it runs in a worker
        thread while the crawl's writer owns another."""
        if not content_hash or not Path(self.db_path).exists():
            return None
        conn = sqlite3.connect(self.db_path, timeout=30)
        conn.row_factory = sqlite3.Row
        try:
            for row in conn.execute(
                """SELECT d.run_id, d.has_text, d.text, d.page_count, d.extractor, d.extract_error, d.metadata,
                          d.title, d.text_source, d.ocr_confidence
                   FROM documents d JOIN runs r ON r.id = d.run_id
                   WHERE d.content_hash = ? AND d.extractor IS NOT NULL AND r.tool_version = ?
                   ORDER BY d.id DESC LIMIT 5""", (content_hash, self.tool_version)):
                error = row["extract_error"] or ""
                if error.startswith(_TRANSIENT):
                    continue
                found = dict(row)
                found["metadata"] = json.loads(found["metadata"]) if found["metadata"] else {}
                return found
        except sqlite3.Error:
            return None  # an unreadable cache only costs time: read the document again
        finally:
            conn.close()
        return None
