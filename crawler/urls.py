"""URL scope and normalisation: which links are the agency's own, which are documents, which are noise."""

from __future__ import annotations

import posixpath
from urllib.parse import parse_qs, unquote, urljoin, urlsplit, urlunsplit

from w3lib.url import safe_url_string

from crawler.doctext import is_document_url

HTTP_SCHEMES = {"http", "https"}

# Fetching these never helps the assessment and costs bandwidth.
ASSET_EXTENSIONS = {
    ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".svg", ".ico", ".tif", ".tiff",
    ".css", ".js", ".json", ".woff", ".woff2", ".ttf", ".eot", ".otf",
    ".mp3", ".wav", ".mp4", ".m4v", ".avi", ".mov", ".wmv", ".flv", ".webm", ".mkv",
    ".zip", ".rar", ".7z", ".gz", ".tgz", ".tar", ".exe", ".msi", ".iso", ".apk", ".dmg",
}
# Hosts whose links are documents even without an extension (agencies often publish evidence there).
_DOCUMENT_HOST_PATHS = (
    ("drive.google.com", ("/file/d/", "/open", "/uc")),
    ("docs.google.com", ("/document/", "/spreadsheets/", "/presentation/", "/file/d/", "/viewer", "/viewerng")),
    ("onedrive.live.com", ("/",)),
    ("1drv.ms", ("/",)),
    ("www.dropbox.com", ("/s/", "/scl/")),
)
# Online document viewers wrap the real file in a query parameter.
_VIEWER_PARAMS = {("docs.google.com", "/viewer"): "url", ("docs.google.com", "/viewerng/viewer"): "url",
                  ("drive.google.com", "/viewerng/viewer"): "url"}


def normalize_url(href: str, base_url: str, encoding: str = "utf-8") -> str | None:
    """Absolute, percent-encoded URL without in-page anchor, or None for what is not a web link.

    Query strings are encoded in the page's own charset, as browsers do (a TIS-620 page's Thai query
    goes out as cp874 bytes); paths are always UTF-8.
    """
    href = (href or "").strip().replace("\n", "").replace("\r", "").replace("\t", "")
    if not href or href.startswith("#"):
        return None
    try:
        absolute = urljoin(base_url, href)
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in HTTP_SCHEMES or not parts.hostname:
        return None
    path = parts.path or "/"
    # "#!/th/search/1" and "#/page" route single-page apps (info.go.th); other fragments are in-page anchors.
    fragment = parts.fragment if parts.fragment.startswith(("!", "/")) else ""
    absolute = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, fragment))
    try:
        return safe_url_string(absolute, encoding=encoding, path_encoding="utf-8")
    except (UnicodeError, ValueError):
        return None


def unwrap_viewer(url: str) -> str:
    """docs.google.com/viewer?url=https://site/x.pdf -> https://site/x.pdf"""
    parts = urlsplit(url)
    param = _VIEWER_PARAMS.get(((parts.hostname or "").lower(), parts.path.rstrip("/")))
    if param:
        inner = parse_qs(parts.query).get(param)
        if inner and urlsplit(inner[0]).scheme in HTTP_SCHEMES:
            return safe_url_string(inner[0])
    return url


def extension(url: str) -> str:
    path = unquote(urlsplit(url).path)
    return posixpath.splitext(path)[1].lower()


def looks_like_document(url: str) -> bool:
    """A document judged by the URL alone (Content-Type decides for the rest once fetched): a document
    extension in the path or a query value, or a file-sharing host."""
    if is_document_url(url):
        return True
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for doc_host, prefixes in _DOCUMENT_HOST_PATHS:
        if host == doc_host and parts.path.startswith(prefixes):
            return True
    return False


IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff"}


def looks_like_asset(url: str) -> bool:
    return extension(url) in ASSET_EXTENSIONS


def looks_like_image(url: str) -> bool:
    return extension(url) in IMAGE_EXTENSIONS


def _effective_port(scheme: str, port: int | None) -> int | None:
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return None
    return port


class Scope:
    """The agency's site: the start URL's host, its www./bare twin, and any hosts the user adds.

    http and https of the same host are the same site (many agencies serve both). A different port is a
    different site, except that the default ports are interchangeable.
    """

    def __init__(self, start_url: str, extra_hosts: tuple[str, ...] | list[str] = ()):
        parts = urlsplit(start_url)
        host = (parts.hostname or "").lower()
        if not host:
            raise ValueError(f"no host in {start_url!r}")
        self.port = _effective_port(parts.scheme, parts.port)
        twin = host[4:] if host.startswith("www.") else f"www.{host}"
        self.hosts = {host}
        if not _is_ip(host):
            self.hosts.add(twin)
        for extra in extra_hosts:
            self.hosts.add(extra.lower().strip())

    def allows(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return False
        if parts.scheme not in HTTP_SCHEMES:
            return False
        return (parts.hostname or "").lower() in self.hosts and _effective_port(parts.scheme, port) == self.port


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def display_url(url: str) -> str:
    """Percent-decoded form for people: /2018/th/%E0%B8%95... -> /2018/th/ติดต่อเรา"""
    try:
        return unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url
