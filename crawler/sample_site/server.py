"""Local HTTP server for the offline sample site (127.0.0.1 only).

Static files come from ``www/``; behaviours come from ``routes.json``.

routes.json format
==================
A JSON object. Each key is a request target in *decoded* form (percent-escapes undone, UTF-8), path plus
``?query`` exactly as linked, e.g. ``"/download.php?id=12"`` or ``"/2018/th/ข่าวประชาสัมพันธ์.html?start=10"``.
Lookup order for a request: (1) the exact ``path?query`` key; (2) the longest key ending in ``*`` that is a
prefix of ``path?query`` (e.g. ``"/2018/index.php?option=com_jevents*"``); (3) the bare ``path`` key, whatever
the query. No match: a static file.

Each value is an object with any of these keys (applied in this order):

``delay``         seconds to sleep before answering (float).
``fail_first``    answer the first N requests (GET or HEAD, counted per route and per server instance) with
                  ``fail_status`` (default 503) and a small Thai error page; later requests are served normally.
``redirect``      ``{"to": "/decoded/target?q", "status": 301|302|303|307|308}``; ``to`` is percent-encoded
                  and made absolute with the server's base URL in the ``Location`` header.
``status``        an HTTP status to answer with (e.g. 404). The body is ``file`` if given, else a small page.
``generate``      ``{"size": bytes, "content_type": "...", "seed": "..."}``: stream ``size`` deterministic bytes
                  (they start like a PDF) with a correct Content-Length; nothing on disk. With
                  ``"content_length": false`` the length is not announced and the connection closes at the
                  end, as scripts that stream a file do.
``calendar``      ``{"itemid": 140, "default_year": 2025, "default_month": 8}``: a JEvents month view for
                  ``year``/``month`` query parameters (day view when ``task=day.*`` and ``day`` are given),
                  with links to the previous/next month and to each day, rendered on the fly for any date.
``file``          serve this file (relative to ``www/``) instead of the request path.
``template``      true: replace ``{BASE}`` in the body with the base URL (``http://127.0.0.1:PORT``).
``headers``       ``{"Name": "value"}`` added to, or replacing, the default headers (e.g. a Content-Type with
                  ``charset=tis-620``, a bare ``text/html``, or a ``Content-Disposition``). Values may hold
                  non-ASCII text; it is sent as raw UTF-8 bytes, as careless PHP scripts do.

Static files: paths are unquoted (UTF-8), ``..``/absolute/backslash/NUL paths and anything that resolves
(through symlinks) outside ``www/`` answer 404, as do dotfiles and the ``_routed/`` folder (files there are only
reachable through routes). A directory serves its ``index.html`` or ``index.php`` (``/dir`` redirects to
``/dir/``). Every 200 carries Content-Length, a deterministic ``Last-Modified`` and a content-hash ``ETag``;
``If-None-Match`` / ``If-Modified-Since`` get 304.
"""

from __future__ import annotations

import collections
import email.utils
import hashlib
import json
import mimetypes
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from . import layout

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".php": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".svg": "image/svg+xml",
}

HIDDEN_DIR = "_routed"
# Synthetic but deterministic Last-Modified: a point in FY2568 derived from the content hash.
_LM_START = 1727740800  # 2024-10-01T00:00:00Z
_LM_SPAN = 330 * 86400

_APACHE_404 = (
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n'
    "</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n"
    "</body></html>\n"
)
_STATUS_PAGES = {
    503: "<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>503 Service Unavailable</title>"
         "</head><body><h1>ขออภัย ระบบไม่สามารถให้บริการได้ชั่วคราว</h1><p>เซิร์ฟเวอร์มีผู้ใช้งานจำนวนมาก "
         "กรุณาลองใหม่อีกครั้งในภายหลัง</p></body></html>\n",
    500: "<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"><title>500 Internal Server Error</title>"
         "</head><body><h1>เกิดข้อผิดพลาดภายในระบบ</h1></body></html>\n",
}


def load_routes(routes_file: Path | str | None, override: dict | None = None) -> dict:
    routes: dict = {}
    if routes_file and Path(routes_file).exists():
        routes = json.loads(Path(routes_file).read_text(encoding="utf-8"))
    for k, v in (override or {}).items():
        if v is None:
            routes.pop(k, None)
        else:
            routes[k] = v
    return routes


def find_route(routes: dict, path: str, query: str) -> tuple[str | None, dict | None]:
    """(key, behaviour) for a decoded path and query: exact ``path?query``, longest ``*`` prefix, bare path."""
    full = f"{path}?{query}" if query else path
    if full in routes:
        return full, routes[full]
    best = None
    for key in routes:
        if key.endswith("*") and full.startswith(key[:-1]) and (best is None or len(key) > len(best)):
            best = key
    if best is not None:
        return best, routes[best]
    if path in routes:
        return path, routes[path]
    return None, None


class SampleSiteServer(ThreadingHTTPServer):
    """Threaded server bound to 127.0.0.1 with a deep accept backlog (the stock 5 stalls Scrapy)."""

    request_queue_size = 1024
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site_dir: Path | str, routes: dict, port: int = 0):
        self.site_dir = Path(site_dir).resolve()
        self.routes = routes
        self.hits: collections.Counter = collections.Counter()
        self.lock = threading.Lock()
        self._fail_counts: collections.Counter = collections.Counter()
        self._etag_cache: dict = {}
        self.errors: list[str] = []
        super().__init__(("127.0.0.1", port), SampleSiteHandler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address):  # quiet: clients that hang up are normal here
        import sys
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, socket.timeout, TimeoutError)):
            with self.lock:
                self.errors.append(repr(exc))

    # -- helpers used by the handler -------------------------------------------------------------------
    def count(self, key: str) -> None:
        with self.lock:
            self.hits[key] += 1

    def take_failure(self, route_key: str, n: int) -> bool:
        with self.lock:
            self._fail_counts[route_key] += 1
            return self._fail_counts[route_key] <= n

    def find_route(self, path: str, query: str) -> tuple[str | None, dict | None]:
        return find_route(self.routes, path, query)

    def resolve(self, rel: str) -> Path | None:
        """A file (or directory) under site_dir for a decoded URL path, or None if unsafe or missing."""
        if "\x00" in rel or "\\" in rel:
            return None
        parts = [p for p in rel.split("/") if p != ""]
        if any(p in (".", "..") or p.startswith(".") for p in parts):
            return None
        cand = self.site_dir.joinpath(*parts) if parts else self.site_dir
        try:
            real = cand.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if real != self.site_dir and self.site_dir not in real.parents:
            return None
        return real

    def validators(self, path: Path, body: bytes) -> tuple[str, str]:
        st = path.stat()
        key = (str(path), st.st_mtime_ns, st.st_size)
        with self.lock:
            cached = self._etag_cache.get(key)
        if cached is None:
            digest = hashlib.sha1(body).hexdigest()
            cached = (f'"{digest[:20]}"', _last_modified(digest))
            with self.lock:
                self._etag_cache[key] = cached
        return cached


def _last_modified(digest: str) -> str:
    ts = _LM_START + int(digest[:8], 16) % _LM_SPAN
    return email.utils.formatdate(ts, usegmt=True)


def _content_type(name: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    return CONTENT_TYPES.get(ext) or mimetypes.guess_type(name)[0] or "application/octet-stream"


class SampleSiteHandler(BaseHTTPRequestHandler):
    server: SampleSiteServer
    protocol_version = "HTTP/1.1"
    server_version = "Apache/2.4.41 (Ubuntu)"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are closed after this

    def log_message(self, format, *args):  # no per-request noise
        pass

    def send_header(self, keyword, value):
        # Like the stock method, but non-Latin-1 values go out as raw UTF-8 instead of raising.
        if not hasattr(self, "_headers_buffer"):
            self._headers_buffer = []
        self._headers_buffer.append(f"{keyword}: {value}\r\n".encode("utf-8"))
        if keyword.lower() == "connection":
            if value.lower() == "close":
                self.close_connection = True
            elif value.lower() == "keep-alive":
                self.close_connection = False

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    # ------------------------------------------------------------------------------------------------
    def _target(self) -> tuple[str, str]:
        raw = self.path
        try:  # the request line is read as Latin-1; raw (unencoded) UTF-8 paths arrive mangled
            raw = raw.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        parts = urlsplit(raw)
        path = unquote(parts.path or "/", encoding="utf-8", errors="replace")
        query = unquote(parts.query, encoding="utf-8", errors="replace")
        return path, query

    def _serve(self, head: bool) -> None:
        srv = self.server
        path, query = self._target()
        srv.count(f"{path}?{query}" if query else path)
        key, route = srv.find_route(path, query)
        route = route or {}
        try:
            if route.get("delay"):
                time.sleep(float(route["delay"]))
            if route.get("fail_first") and srv.take_failure(key, int(route["fail_first"])):
                status = int(route.get("fail_status", 503))
                body = _STATUS_PAGES.get(status, _STATUS_PAGES[500]).encode("utf-8")
                extra = {"Retry-After": "1"} if status == 503 else {}
                return self._send(status, body, "text/html; charset=utf-8", head, extra)
            if "redirect" in route:
                r = route["redirect"]
                loc = srv.base + layout.href(r["to"])
                body = (f'<!DOCTYPE html><html><head><title>{r.get("status", 301)} Moved</title></head>'
                        f'<body><p>The document has moved <a href="{loc}">here</a>.</p></body></html>\n').encode()
                return self._send(int(r.get("status", 301)), body, "text/html; charset=iso-8859-1", head,
                                  {"Location": loc, **route.get("headers", {})})
            if "status" in route:
                status = int(route["status"])
                body = None
                if route.get("file"):
                    f = srv.resolve(route["file"])
                    body = f.read_bytes() if f and f.is_file() else None
                if body is None:
                    body = (_APACHE_404 if status == 404 else _STATUS_PAGES.get(status, _STATUS_PAGES[500])).encode()
                return self._send(status, body, "text/html; charset=utf-8", head, route.get("headers", {}))
            if "generate" in route:
                return self._generate(route, head)
            if "calendar" in route:
                cfg = route["calendar"]
                params = dict(parse_qsl(query, keep_blank_values=True))
                html = layout.render_calendar(params, int(cfg.get("itemid", 140)), int(cfg.get("default_year", 2025)),
                                              int(cfg.get("default_month", 1)))
                if html is None:
                    return self._not_found(head)
                return self._send(200, html.encode("utf-8"), "text/html; charset=utf-8", head,
                                  route.get("headers", {}))
            return self._static(path, route, head)
        except (ConnectionError, socket.timeout, TimeoutError):
            self.close_connection = True

    def _static(self, path: str, route: dict, head: bool) -> None:
        srv = self.server
        if route.get("file"):
            target = srv.resolve(route["file"])
        else:
            first = path.lstrip("/").split("/", 1)[0]
            target = None if first == HIDDEN_DIR else srv.resolve(path)
        if target is None:
            return self._not_found(head)
        if target.is_dir():
            if not path.endswith("/") and not route.get("file"):
                loc = srv.base + layout.href(path + "/")
                return self._send(301, b"", "text/html; charset=iso-8859-1", head, {"Location": loc})
            for index in ("index.html", "index.php"):
                if (target / index).is_file():
                    target = target / index
                    break
            else:
                return self._not_found(head)
        if not target.is_file():
            return self._not_found(head)
        body = target.read_bytes()
        headers = dict(route.get("headers", {}))
        ctype = headers.pop("Content-Type", None) or _content_type(target.name)
        if route.get("template"):
            body = body.replace(b"{BASE}", srv.base.encode("ascii"))
            etag = f'"{hashlib.sha1(body).hexdigest()[:20]}"'
            last_mod = srv.validators(target, target.read_bytes())[1]
        else:
            etag, last_mod = srv.validators(target, body)
        headers.setdefault("ETag", etag)
        headers.setdefault("Last-Modified", last_mod)
        headers.setdefault("Accept-Ranges", "bytes")
        if self._not_modified(etag, last_mod):
            return self._send(304, b"", None, head, {"ETag": etag, "Last-Modified": last_mod})
        self._send(200, body, ctype, head, headers)

    def _not_modified(self, etag: str, last_mod: str) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims)
                modified = email.utils.parsedate_to_datetime(last_mod)
                return modified <= since
            except (TypeError, ValueError):
                return False
        return False

    def _generate(self, route: dict, head: bool) -> None:
        cfg = route["generate"]
        size = int(cfg["size"])
        seed = str(cfg.get("seed", "sample-site")).encode()
        headers = dict(route.get("headers", {}))
        ctype = headers.pop("Content-Type", None) or cfg.get("content_type", "application/octet-stream")
        etag = f'"gen-{hashlib.sha1(seed + str(size).encode()).hexdigest()[:14]}"'
        last_mod = _last_modified(hashlib.sha1(seed).hexdigest())
        headers.setdefault("ETag", etag)
        headers.setdefault("Last-Modified", last_mod)
        if self._not_modified(etag, last_mod):
            return self._send(304, b"", None, head, {"ETag": etag, "Last-Modified": last_mod})
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if cfg.get("content_length", True):
            self.send_header("Content-Length", str(size))
        else:
            self.close_connection = True
            self.send_header("Connection", "close")
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if head:
            return
        for chunk in generated_chunks(size, seed):
            self.wfile.write(chunk)

    def _not_found(self, head: bool) -> None:
        self._send(404, _APACHE_404.encode(), "text/html; charset=iso-8859-1", head)

    def _send(self, status: int, body: bytes, ctype: str | None, head: bool, headers: dict | None = None) -> None:
        headers = dict(headers or {})
        self.send_response(status)
        if ctype and "Content-Type" not in headers:
            self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and status != 304 and body:
            self.wfile.write(body)


def generated_chunks(size: int, seed: bytes, chunk: int = 1 << 16):
    """Deterministic bytes that begin like a PDF: a header, then a repeated hash-derived block."""
    header = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n% generated filler for the oversize-document test\n"
    block = b"".join(hashlib.sha256(seed + i.to_bytes(4, "big")).digest() for i in range(chunk // 32))
    sent = 0
    first = header + block[len(header):]
    while sent < size:
        part = first if sent == 0 else block
        part = part[: size - sent]
        yield part
        sent += len(part)


def serve_in_thread(site_dir: Path | str, routes: dict, port: int = 0) -> tuple[SampleSiteServer, threading.Thread]:
    server = SampleSiteServer(site_dir, routes, port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name=f"sample-site:{server.server_address[1]}", daemon=True)
    thread.start()
    return server, thread
