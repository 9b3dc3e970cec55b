-- Schema version 5: how much of a run the HTTP cache saved (nightly re-scans of an unchanged site).

ALTER TABLE runs ADD COLUMN revalidated INTEGER NOT NULL DEFAULT 0;  -- conditional requests answered 304
ALTER TABLE runs ADD COLUMN cache_hits INTEGER NOT NULL DEFAULT 0;   -- responses served from the cache
