"""What the spider hands to the pipelines. Field names match the columns of results/migrations."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageItem:
    url: str
    final_url: str
    status: int
    content_type: str | None
    charset: str | None
    title: str
    headings: list[str]
    breadcrumb: str
    text: str
    last_modified: str | None
    etag: str | None
    content_hash: str
    size: int
    depth: int
    redirects: list[dict]
    links: list[dict] = field(default_factory=list)
    main_text: str | None = None


@dataclass
class DocumentItem:
    url: str
    final_url: str | None = None
    external: bool = False
    status: int | None = None
    error: str | None = None
    content_type: str | None = None
    kind: str | None = None
    filename: str | None = None
    size: int | None = None
    content_hash: str | None = None
    last_modified: str | None = None
    etag: str | None = None
    depth: int | None = None
    body: bytes | None = field(default=None, repr=False)  # dropped once the text is extracted
    has_text: bool = False
    text: str | None = field(default=None, repr=False)
    page_count: int | None = None
    extractor: str | None = None
    extract_error: str | None = None
    metadata: dict = field(default_factory=dict)
    title: str | None = None
    text_source: str | None = None  # layer (the file's own text) | ocr
    ocr_confidence: float | None = None


@dataclass
class DeadLinkItem:
    url: str
    kind: str
    error: str
    http_status: int | None = None
    detail: str | None = None


@dataclass
class SkippedItem:
    url: str
    reason: str
    found_on: str | None = None


@dataclass
class LinksItem:
    """Links found outside an HTML page, e.g. in a sitemap."""

    source_url: str
    links: list[dict]
