from __future__ import annotations

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
