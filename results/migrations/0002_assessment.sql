-- Schema version 2: the per-item verdicts of a run and the evidence behind them, and the content area of
-- pages (without menus and sidebars, whose "latest news" dates must not date the page).

ALTER TABLE pages ADD COLUMN main_text TEXT;

-- `oit assess` replaces a run's rows, so a run can be re-judged (new checklist, staff decisions) without
-- crawling again.

CREATE TABLE item_results (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    checklist TEXT NOT NULL,         -- e.g. ITA-2568
    fiscal_year INTEGER NOT NULL,    -- the Buddhist Era fiscal year assessed
    position INTEGER NOT NULL,       -- order of the item in its checklist
    code TEXT NOT NULL,              -- O1 .. O28
    title TEXT NOT NULL,
    sub_indicator TEXT NOT NULL,     -- e.g. ข้อมูลพื้นฐาน
    time_rule TEXT NOT NULL,         -- none | current | previous | span | either
    status TEXT NOT NULL CHECK (status IN ('current', 'outdated', 'missing', 'broken')),
    confidence REAL NOT NULL,        -- 0..1
    reason TEXT NOT NULL,            -- one line in Thai a staff member can act on
    assessed_at TEXT NOT NULL,
    UNIQUE (run_id, code)
);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    code TEXT NOT NULL,
    rank INTEGER NOT NULL,           -- 1 = best
    url TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('page', 'document', 'external')),
    title TEXT,
    match REAL NOT NULL,             -- 0..1
    year INTEGER,                    -- Buddhist Era year the evidence is for, when one could be read
    end_year INTEGER,                -- last year of a multi-year plan
    year_source TEXT,                -- where the year was read: document, link, page, filename, metadata, last_modified
    meets_rule INTEGER,              -- 1 when it satisfies the item's time rule, NULL when unknown
    http_status INTEGER,
    error TEXT,                      -- why the evidence is dead (http_404, timeout, soft_404 ...)
    found_on TEXT,                   -- the page linking to it
    signals TEXT,                    -- JSON: which texts matched which item name, with penalties
    UNIQUE (run_id, code, rank)
);
CREATE INDEX evidence_url ON evidence (run_id, url);
