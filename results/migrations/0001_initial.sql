-- Schema version 1: one scan = one row in runs; everything else hangs off run_id.
-- Migrations are applied in order by results.db.migrate(); never edit a released file, add a new one.

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,              -- scheme://host[:port] of the start URL, the key for "same site"
    start_url TEXT NOT NULL,
    started_at TEXT NOT NULL,        -- ISO 8601, UTC
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'complete', 'incomplete', 'failed')),
    status_reason TEXT,              -- why a run is incomplete or failed, for people
    fiscal_year INTEGER,             -- Buddhist Era, e.g. 2568
    checklist TEXT,                  -- e.g. ITA-2568
    pages INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0,
    links INTEGER NOT NULL DEFAULT 0,
    dead_links INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0,
    tool_version TEXT,
    pid INTEGER,                     -- lets the next scan tell a crashed run from a live one
    hostname TEXT,
    settings TEXT,                   -- JSON: the options the scan ran with
    stats TEXT                       -- JSON: Scrapy and oit counters at the end of the run
);
CREATE INDEX runs_site ON runs (site, started_at);

CREATE TABLE pages (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    url TEXT NOT NULL,               -- the URL first requested (before redirects)
    final_url TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT,
    charset TEXT,                    -- the encoding the text was decoded with
    title TEXT,
    headings TEXT,                   -- JSON list of h1-h3 texts
    breadcrumb TEXT,
    text TEXT,                       -- visible text
    last_modified TEXT,
    etag TEXT,
    content_hash TEXT,               -- sha256 of the body
    size INTEGER,
    depth INTEGER,
    redirects TEXT,                  -- JSON list of {url, status} hops before final_url
    fetched_at TEXT,
    UNIQUE (run_id, url)
);
CREATE INDEX pages_final_url ON pages (run_id, final_url);

CREATE TABLE links (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    source_url TEXT NOT NULL,        -- page (or sitemap) the link was found on
    target_url TEXT NOT NULL,        -- absolute, percent-encoded, without fragment
    text TEXT,                       -- anchor text, with title/alt of linked images
    heading TEXT,                    -- nearest heading above the link
    context TEXT,                    -- text of the table row / list item / block around the link
    kind TEXT NOT NULL               -- page | document | external | external_document | other | sitemap
);
CREATE INDEX links_target ON links (run_id, target_url);
CREATE INDEX links_source ON links (run_id, source_url);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    url TEXT NOT NULL,
    final_url TEXT,
    external INTEGER NOT NULL DEFAULT 0,   -- 1: on another host, recorded as evidence, not fetched
    status INTEGER,                  -- HTTP status, NULL when not fetched or no response
    error TEXT,                      -- why it could not be fetched or read (too_large, http_404, timeout ...)
    content_type TEXT,
    kind TEXT,                       -- pdf | docx | xlsx | doc | xls | ...
    filename TEXT,
    size INTEGER,
    content_hash TEXT,
    has_text INTEGER NOT NULL DEFAULT 0,
    text TEXT,
    text_chars INTEGER,
    page_count INTEGER,
    extractor TEXT,
    extract_error TEXT,
    metadata TEXT,                   -- JSON: title, subject, author, created, modified ...
    title TEXT,                      -- document title from its metadata, when it has one
    last_modified TEXT,
    etag TEXT,
    fetched_at TEXT,
    link_texts TEXT,                 -- JSON list of distinct anchor texts pointing here
    linked_from TEXT,                -- JSON list of pages linking here
    UNIQUE (run_id, url)
);

CREATE TABLE dead_links (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    url TEXT NOT NULL,
    kind TEXT,                       -- page | document
    http_status INTEGER,             -- 4xx/5xx, NULL for network errors
    error TEXT NOT NULL,             -- http_404, http_503, timeout, dns, connection_refused, connection_lost, redirect_loop ...
    detail TEXT,
    UNIQUE (run_id, url)
);

-- URLs the crawl chose not to fetch: trap guards, limits, robots.txt, off-site redirects.
CREATE TABLE skipped (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    found_on TEXT
);
CREATE INDEX skipped_run ON skipped (run_id, reason);

-- Full-text search. Thai has no spaces between words, so unicode61 would index whole runs of Thai as one
-- token; trigram finds any substring of three or more characters.
CREATE VIRTUAL TABLE pages_fts USING fts5 (title, text, content='pages', content_rowid='id', tokenize='trigram');
CREATE TRIGGER pages_ai AFTER INSERT ON pages BEGIN
    INSERT INTO pages_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER pages_ad AFTER DELETE ON pages BEGIN
    INSERT INTO pages_fts (pages_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER pages_au AFTER UPDATE ON pages BEGIN
    INSERT INTO pages_fts (pages_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO pages_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIRTUAL TABLE documents_fts USING fts5 (title, link_texts, text, content='documents', content_rowid='id', tokenize='trigram');
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, link_texts, text) VALUES (new.id, new.title, new.link_texts, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, link_texts, text) VALUES ('delete', old.id, old.title, old.link_texts, old.text);
END;
CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, link_texts, text) VALUES ('delete', old.id, old.title, old.link_texts, old.text);
    INSERT INTO documents_fts (rowid, title, link_texts, text) VALUES (new.id, new.title, new.link_texts, new.text);
END;

-- Every dead target with each page that links to it: what the webmaster must fix.
CREATE VIEW dead_link_sources AS
SELECT d.run_id, d.url, d.kind, d.http_status, d.error, l.source_url, l.text AS link_text, l.context
FROM dead_links d
LEFT JOIN links l ON l.run_id = d.run_id AND l.target_url = d.url;
