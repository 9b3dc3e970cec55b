-- Schema version 3: staff decisions that survive re-runs, and the alerts sent after each scan.

-- `oit pin O12 URL` / `oit reject O12 URL`: kept per site (not per run) so every later run and every
-- `oit assess` applies them. A pinned URL is always checked and ranked first for the item; a rejected
-- URL is never used for it.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,              -- runs.site of the site the decision is about
    code TEXT NOT NULL,              -- O12 ...
    url TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('pin', 'reject')),
    note TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (site, code, url)
);

-- Which decision shaped a piece of evidence ('pin'), so reports can show it.
ALTER TABLE evidence ADD COLUMN decision TEXT;

-- Every alert attempt: what was sent, to how many targets (their URLs are secrets and are not kept).
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    sent_at TEXT NOT NULL,
    kind TEXT NOT NULL,              -- worse | scan_failed | scan_incomplete | digest
    targets INTEGER NOT NULL,
    delivered INTEGER NOT NULL,      -- 1 when every target accepted the message
    title TEXT NOT NULL,
    body TEXT NOT NULL
);

ALTER TABLE runs ADD COLUMN report_path TEXT;  -- the HTML report written after the scan, if any
