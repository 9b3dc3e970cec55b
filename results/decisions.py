"""Staff decisions about evidence, kept per site so every later run and re-assessment applies them.

`oit pin O12 URL`: this URL is the evidence for O12 (always fetched, ranked first, and the item is judged on
it). `oit reject O12 URL`: never use this URL for O12 (a look-alike the matcher keeps choosing).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils
from w3lib.url import safe_url_string

from results.db import utcnow

PIN, REJECT = "pin", "reject"


def normalize_decision_url(url: str) -> str:
    """URLs as people paste them (Thai, spaces) in the percent-encoded form the crawl stores."""
    return safe_url_string(url.strip().split("#", 1)[0])


@dataclass
class SiteDecisions:
    pins: dict[str, list[str]] = field(default_factory=dict)  # code -> URLs
    rejects: dict[str, set[str]] = field(default_factory=dict)

    @property
    def pinned_urls(self) -> list[str]:
        return sorted({u for urls in self.pins.values() for u in urls})


def set_decision(db: sqlite_utils.Database, site: str, code: str, url: str, action: str,
                 note: str | None = None) -> str:
    """Record a pin or reject; it replaces the opposite decision on the same URL and item."""
    url = normalize_decision_url(url)
    with db.conn:
        db.conn.execute("DELETE FROM decisions WHERE site = ? AND code = ? AND url = ?", (site, code, url))
        db["decisions"].insert({"site": site, "code": code, "url": url, "action": action, "note": note,
                                "created_at": utcnow()})
    return url


def remove_decision(db: sqlite_utils.Database, site: str, code: str, url: str, action: str) -> bool:
    url = normalize_decision_url(url)
    with db.conn:
        cur = db.conn.execute("DELETE FROM decisions WHERE site = ? AND code = ? AND url = ? AND action = ?",
                              (site, code, url, action))
    return cur.rowcount > 0


def decisions_for(db: sqlite_utils.Database, site: str) -> SiteDecisions:
    found = SiteDecisions()
    for row in db.query("SELECT code, url, action FROM decisions WHERE site = ? ORDER BY id", [site]):
        if row["action"] == PIN:
            found.pins.setdefault(row["code"], []).append(row["url"])
        else:
            found.rejects.setdefault(row["code"], set()).add(row["url"])
    return found
