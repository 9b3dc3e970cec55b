from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request

FIXTURES = Path(__file__).parent / "fixtures"


def file_response(name: str, url: str, headers: dict | None = None, status: int = 200) -> HtmlResponse:
    """A Scrapy response built from a saved page, as if downloaded from ``url``."""
    body = (FIXTURES / "html" / name).read_bytes()
    return HtmlResponse(url=url, body=body, headers=headers or {"Content-Type": "text/html"},
                        status=status, request=Request(url))


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


def query(path: Path, sql: str, *params) -> list[dict]:
    """Rows of a query on a database file, as dicts (a fresh connection, closed at once)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def copy_db(src: Path, dest: Path) -> Path:
    """A consistent copy (the WAL included) that a test may change freely."""
    source, target = sqlite3.connect(src), sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return dest


@pytest.fixture(scope="session")
def sample_scan(tmp_path_factory) -> dict:
    """One `oit scan` of the bundled sample site, shared by the whole session: its database, the
    command's output, and the requests the site saw.

    Exit code 1 is expected: the scan is complete and, as designed, some of the site's items are not current.
    Tests that change the database must work on a copy.
    """
    from crawler.sample_site import serve_sample_site

    db = tmp_path_factory.mktemp("sample_scan") / "oit.db"
    with serve_sample_site() as site:
        result = subprocess.run(
            [sys.executable, "-m", "crawler.cli", "scan", site.url, "--db", str(db), "-q",
             "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"],
            check=False, capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[1])
        hits, errors = dict(site.hits), list(site.errors)
    assert result.returncode == 1, (result.returncode, result.stdout[-2000:], result.stderr[-3000:])
    return {"db": db, "result": result, "hits": hits, "server_errors": errors}


@pytest.fixture(scope="session")
def sample_scan_db(sample_scan) -> Path:
    return sample_scan["db"]
