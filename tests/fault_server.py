"""A small, deterministic Thai agency website on 127.0.0.1 that misbehaves on request (tests/test_faults.py).

    from tests.fault_server import serve_faults
    with serve_faults(faults=True) as site:
        site.url                      # http://127.0.0.1:PORT/
        site.hits["/ita/2568.html"]   # requests seen per decoded path?query
        site.requests                 # every request: time, method, Host header, path, status
        site.set(robots_disallow_hub=True)   # switch behaviour between two scans (same port)

The healthy site
================
``/`` (สำนักงานจังหวัดตัวอย่าง) links to the ITA hub ``/ita/2568.html``, whose table names O1, O2, O3 and O25
(the O25 plan is ``tests/fixtures/docs/thai_report.pdf``: แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘),
to the contact page, and to ``articles`` neutral article pages (``/articles/N.html``). ``/sitemap.xml`` (named in
``/robots.txt``) adds the orphan page ``/about/history.html``. Every 200 carries Content-Length, an ETag (hash of
the body) and a Last-Modified; ``If-None-Match`` / ``If-Modified-Since`` are answered 304.

Faults (``faults=True`` links them from the home page, under "ทดสอบระบบ")
=====================================================================
==============================  =========================================================================
``/fault/flaky-500.html`` …502/503  the first ``flaky_failures`` requests answer 500/502/503, then 200
``/fault/down-503.html``        always 503 (no Retry-After)
``/fault/hang.html``            answers after ``hang_seconds`` (default 60; cut short when the server stops)
``/fault/reset-before.html``    the connection is reset before any byte of a response
``/fault/reset-partial.html``   headers and part of the body (Content-Length 20000), then a reset
``/fault/truncated.html``       Content-Length 20000, 2000 bytes, then a clean close
``/fault/loop-a.html``          302 to loop-b, which 302s back to loop-a
``/fault/chain/15.html``        15 redirects: chain/15 -> chain/14 -> … -> chain/0.html (a page)
``/fault/offsite-redirect.html``  302 to the "other host" (``other_port``) or to ``http://localhost:PORT/…``
``/fault/localhost-redirect.html``  302 to ``http://localhost:PORT/about/structure.html`` (another host name)
``/fault/file-redirect.html``   302 to ``file:///etc/passwd``
``/fault/metadata-redirect.html``  302 to ``http://169.254.169.254/latest/meta-data/…`` (cloud metadata)
``/events/calendar.php``        a month calendar (``year``/``month``) linking to the previous and next month forever
``/search.php``                 search results (``searchword``/``start``) linking to the next page and to
                                related searches, forever
``/fault/search-paged.php``     (``paged_search=True`` only) search results whose "next page" (``page=N+1``) never ends
``/fault/list.php``             the same list under endless ``?sessionid=…`` and ``?sort=…&dir=…&limitstart=…``
``/fault/huge-stream.pdf``      2 GB of PDF-looking bytes, streamed lazily without Content-Length
``/fault/huge-length.pdf``      the same with ``Content-Length: 2147483648``
``/fault/empty.pdf``            a 0-byte PDF
``/fault/garbage.html``         ``text/html`` whose body is 64 KB of binary garbage
``/fault/deep.html``            text, then 5000 nested ``<div>`` (a link at the bottom), then text and a link
``/fault/many-links.html``      50,000 links (to 25 distinct pages ``/fault/many/N.html``)
``/fault/429.html``             429 with ``Retry-After: 2`` on the first request, then 200
``/fault/hostile.html``         ``<base href>`` to the other host, and links to ``file:``, ``data:``, ``javascript:``,
                                10.0.0.1, 169.254.169.254, ``localhost:PORT``, the other host (several spellings)
``/fault/refresh.html``         ``<meta http-equiv="refresh">`` to the other host
``/fault/download.php?id=7``    a PDF with ``Content-Disposition: attachment; filename="../../etc/passwd.pdf"``
``/fault/download.php?id=8``    the same with ``filename*=UTF-8''..%2F..%2F..%2Ftmp%2Foit-evil.pdf``
``/fault/links.pdf``            a PDF whose text and link annotation point to the other host
``/fault/no-such-notice.pdf``   404, linked with markup as its text (``HOSTILE_TEXT``)
==============================  =========================================================================

Switches (constructor options, or ``site.set(...)`` between scans)
=================================================================
``faults``               link the faults above from the home page
``flaky_failures``       how many requests of each ``/fault/flaky-*`` page fail (default 2 = RETRY_TIMES)
``hang_seconds``         how long ``/fault/hang.html`` sleeps (default 60)
``robots_disallow_hub``  robots.txt disallows ``/ita/`` (the ITA hub)
``flaky``                ``{path: (status, n)}``: the first n requests of any path answer ``status``
``always_fail``          ``{path: status}``: a path answers ``status`` forever (e.g. the start page)
``reset_paths``          paths whose connection is reset before any response ("a flapping server")
``removed``              paths answering 404 (a document taken down)
``executive_name``       the name on the O2 page (switch it to change that page's content)
``articles``             number of article pages linked from the home page (default 12)
``paged_search``         link the endless ``?keyword=…&page=N`` search from the home page
``delay``                ``{path: seconds}``: answer that path only after a pause (e.g. a slow sitemap)
``other_port``           port of a second server, "another host", that hostile links point to

Site down: ``site = start_faults(); port = site.port; site.stop()`` - the port now refuses connections.
"""

from __future__ import annotations

import collections
import email.utils
import hashlib
import html
import random
import socket
import struct
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

FIXTURE_PDF = Path(__file__).parent / "fixtures" / "docs" / "thai_report.pdf"
SITE_TITLE = "สำนักงานจังหวัดตัวอย่าง"
HUB = "/ita/2568.html"
O1_PAGE = "/about/structure.html"
O2_PAGE = "/about/executives.html"
O3_PAGE = "/contact.html"
O25_PDF = "/images/ita2568/o25-plan-2568.pdf"
ORPHAN = "/about/history.html"
HUGE = 2 * 1024**3
FLAKY_FAULTS = {"/fault/flaky-500.html": 500, "/fault/flaky-502.html": 502, "/fault/flaky-503.html": 503}
CHAIN_HOPS = 15
MANY_LINKS = 50_000
MANY_TARGETS = 25
DEEP_LEVELS = 5000
HOSTILE_DEAD = "/fault/no-such-notice.pdf"  # 404
HOSTILE_TEXT = '<script>alert("oit")</script><img src=x onerror=alert(2)>'

# Paths linked from the home page when faults=True (the pages only other pages link to are not listed).
FAULT_LINKS = [
    *FLAKY_FAULTS,
    "/fault/down-503.html",
    "/fault/hang.html",
    "/fault/reset-before.html",
    "/fault/reset-partial.html",
    "/fault/truncated.html",
    "/fault/loop-a.html",
    f"/fault/chain/{CHAIN_HOPS}.html",
    "/fault/offsite-redirect.html",
    "/fault/localhost-redirect.html",
    "/fault/file-redirect.html",
    "/fault/metadata-redirect.html",
    "/events/calendar.php?year=2025&month=8",
    "/search.php?searchword=%E0%B8%97%E0%B8%B8%E0%B8%88%E0%B8%A3%E0%B8%B4%E0%B8%95&start=0",
    "/fault/list.php?sessionid=s0",
    "/fault/huge-stream.pdf",
    "/fault/huge-length.pdf",
    "/fault/empty.pdf",
    "/fault/garbage.html",
    "/fault/deep.html",
    "/fault/many-links.html",
    "/fault/429.html",
    "/fault/hostile.html",
    "/fault/refresh.html",
    "/fault/download.php?id=7",
    "/fault/download.php?id=8",
    "/fault/links.pdf",
]

DEFAULTS = {
    "faults": False,
    "robots_disallow_hub": False,
    "flaky": {},
    "always_fail": {},
    "reset_paths": set(),
    "removed": set(),
    "executive_name": "นายสมชาย ใจดี",
    "articles": 12,
    "other_port": None,
    "flaky_failures": 2,
    "hang_seconds": 60.0,
    "paged_search": False,
    "delay": {},
}


def make_pdf(lines: list[str], link: str | None = None) -> bytes:
    """A minimal valid one-page PDF (Helvetica, ASCII text), optionally with a URI link annotation."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(f"({esc(t)}) '" for t in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >>" + (" /Annots [6 0 R]" if link else "") + " >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if link:
        objects.append(f"<< /Type /Annot /Subtype /Link /Rect [72 700 400 780] /Border [0 0 0] "
                       f"/A << /S /URI /URI ({esc(link)}) >> >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _page(title: str, body: str, head: str = "") -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8"><title>{title}</title>{head}</head>\n'
            f"<body>{body}</body></html>\n").encode()


def _last_modified(body: bytes) -> str:
    # deterministic, inside fiscal year 2568 (Oct 2024 .. Sep 2025)
    ts = 1727740800 + int(hashlib.sha1(body).hexdigest()[:8], 16) % (300 * 86400)
    return email.utils.formatdate(ts, usegmt=True)


class FaultServer(ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int = 0, **options):
        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown fault-site options: {sorted(unknown)}")
        self.lock = threading.Lock()
        self.options = {**DEFAULTS, **options}
        self.hits: collections.Counter = collections.Counter()
        self.requests: list[dict] = []
        self.bytes_sent: collections.Counter = collections.Counter()
        self.not_modified = 0
        self.errors: list[str] = []
        self._failures: collections.Counter = collections.Counter()
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", port), FaultHandler)
        self.port = self.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def handle_error(self, request, client_address):  # quiet: clients hanging up are what we test
        import sys

        exc = sys.exc_info()[1]
        if not isinstance(exc, (OSError, ValueError)):  # ConnectionError, TimeoutError: clients hanging up
            with self.lock:
                self.errors.append(repr(exc))

    def take_failure(self, key: str, n: int) -> bool:
        with self.lock:
            self._failures[key] += 1
            return self._failures[key] <= n


class FaultHandler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"
    server_version = "Apache/2.4.52 (Ubuntu)"
    sys_version = ""
    timeout = 30

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    # -- bookkeeping ------------------------------------------------------------------------------

    def _target(self) -> tuple[str, str, dict]:
        parts = urlsplit(self.path)
        path = unquote(parts.path or "/", errors="replace")
        query = unquote(parts.query, errors="replace")
        return path, query, dict(parse_qsl(parts.query, keep_blank_values=True))

    def _record(self, key: str) -> dict:
        srv = self.server
        entry = {"t": time.monotonic(), "method": self.command, "host": self.headers.get("Host"),
                 "path": key, "raw": self.path, "status": None}
        with srv.lock:
            srv.hits[key] += 1
            srv.requests.append(entry)
        return entry

    # -- dispatch ---------------------------------------------------------------------------------

    def _serve(self, head: bool) -> None:
        srv = self.server
        path, query, params = self._target()
        key = f"{path}?{query}" if query else path
        self.entry = self._record(key)
        try:
            with srv.lock:
                opts = dict(srv.options)
            if path in opts["delay"]:
                srv.stopping.wait(opts["delay"][path])
            if path in opts["reset_paths"]:
                return self._reset()
            if path in opts["always_fail"]:
                return self._error(opts["always_fail"][path], head)
            flaky = dict(opts["flaky"])
            if opts["faults"]:
                for p, status in FLAKY_FAULTS.items():
                    flaky.setdefault(p, (status, opts["flaky_failures"]))
            if path in flaky:
                status, n = flaky[path]
                if srv.take_failure(path, n):
                    return self._error(status, head)
            if path in opts["removed"]:
                return self._error(404, head)
            handler = ROUTES.get(path)
            if handler is None:
                for prefix, fn in PREFIX_ROUTES:
                    if path.startswith(prefix):
                        handler = fn
                        break
            if handler is None:
                return self._error(404, head)
            handler(self, head=head, path=path, query=query, params=params, opts=opts)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    # -- responses --------------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, ctype: str | None, head: bool, headers: dict | None = None,
              validators: bool = False) -> None:
        headers = dict(headers or {})
        if validators and status == 200:
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
            last_mod = _last_modified(body)
            headers.setdefault("ETag", etag)
            headers.setdefault("Last-Modified", last_mod)
            if self._not_modified(etag, last_mod):
                with self.server.lock:
                    self.server.not_modified += 1
                status, body = 304, b""
                headers = {"ETag": etag, "Last-Modified": last_mod}
        self.entry["status"] = status
        self.send_response(status)
        if ctype and status != 304:
            self.send_header("Content-Type", ctype)
        for k, v in headers.items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and status != 304 and body:
            self.wfile.write(body)
            with self.server.lock:
                self.server.bytes_sent[self.entry["path"]] += len(body)

    def _not_modified(self, etag: str, last_mod: str) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return any(t.strip().removeprefix("W/") in (etag, "*") for t in inm.split(","))
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return email.utils.parsedate_to_datetime(last_mod) <= email.utils.parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
        return False

    def html(self, body: bytes, head: bool, status: int = 200, headers: dict | None = None) -> None:
        self._send(status, body, "text/html; charset=utf-8", head, headers, validators=True)

    def _error(self, status: int, head: bool, headers: dict | None = None) -> None:
        words = {404: "ไม่พบหน้าที่ต้องการ (Not Found)", 429: "คำขอมากเกินไป (Too Many Requests)",
                 500: "เกิดข้อผิดพลาดภายในระบบ (Internal Server Error)", 502: "Bad Gateway",
                 503: "ขออภัย ระบบไม่สามารถให้บริการได้ชั่วคราว (Service Unavailable)"}
        text = words.get(status, f"HTTP {status}")
        self._send(status, _page(f"{status} {text}", f"<h1>{text}</h1>"), "text/html; charset=utf-8", head, headers)

    def _redirect(self, location: str, head: bool, status: int = 302) -> None:
        body = f'<html><body><a href="{html.escape(location)}">moved</a></body></html>'.encode()
        self._send(status, body, "text/html; charset=iso-8859-1", head, {"Location": location})

    def _reset(self) -> None:
        """Abort the connection with a TCP RST (SO_LINGER 0), whatever was sent before."""
        self.entry["status"] = "reset"
        try:
            self.wfile.flush()
        except OSError:
            pass
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def other(self, opts: dict) -> str:
        """Base URL of "another host": the second server when there is one, else localhost on our port."""
        port = opts["other_port"]
        return f"http://127.0.0.1:{port}" if port else f"http://localhost:{self.server.port}"


# -- the healthy site -------------------------------------------------------------------------------

def home(h: FaultHandler, head, opts, **_):
    articles = "".join(f'<li><a href="/articles/{n}.html">บทความที่ {n}</a></li>' for n in range(1, opts["articles"] + 1))
    faults = ""
    if opts["faults"]:
        faults = ("<h2>ทดสอบระบบ</h2><ul id=\"faults\">"
                  + "".join(f'<li><a href="{html.escape(p)}">test {i}</a></li>' for i, p in enumerate(FAULT_LINKS))
                  + "</ul>")
        # a dead link whose text is markup: the HTML report must show it as text
        faults += f'<p><a href="{HOSTILE_DEAD}">{html.escape(HOSTILE_TEXT)} ประกาศ</a></p>'
    if opts["paged_search"]:
        faults += '<p><a href="/fault/search-paged.php?keyword=report&amp;page=1">search</a></p>'
    body = (f"<header><h1>{SITE_TITLE}</h1><nav><ul><li><a href=\"/\">หน้าแรก</a></li>"
            f'<li><a href="{HUB}">การเปิดเผยข้อมูลสาธารณะ (OIT) ITA 2568</a></li>'
            f'<li><a href="{O3_PAGE}">ติดต่อเรา</a></li></ul></nav></header>'
            f"<main><h2>บทความ</h2><ul>{articles}</ul>{faults}</main>"
            "<footer>ศาลากลางจังหวัดตัวอย่าง ถนนตัวอย่าง</footer>")
    h.html(_page(SITE_TITLE, body), head)


def hub(h: FaultHandler, head, **_):
    rows = [
        ("O1", "โครงสร้างและอำนาจหน้าที่", O1_PAGE, "รายละเอียด"),
        ("O2", "ข้อมูลผู้บริหาร", O2_PAGE, "รายละเอียด"),
        ("O3", "ข้อมูลการติดต่อ", O3_PAGE, "รายละเอียด"),
        ("O25", "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568", O25_PDF, "ดาวน์โหลด"),
    ]
    table = "".join(f'<tr><td>{c}</td><td>{t}</td><td><a href="{quote(u)}">{a}</a></td></tr>' for c, t, u, a in rows)
    body = (f'<nav class="breadcrumb"><a href="/">หน้าแรก</a> / ITA 2568</nav>'
            "<h1>การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. 2568</h1>"
            "<h2>การเปิดเผยข้อมูลสาธารณะ (OIT)</h2>"
            f"<table><tr><th>ข้อ</th><th>ข้อมูล</th><th>ลิงก์</th></tr>{table}</table>")
    h.html(_page(f"ITA 2568 การเปิดเผยข้อมูลสาธารณะ - {SITE_TITLE}", body), head)


def structure(h: FaultHandler, head, **_):
    body = ("<h1>โครงสร้างและอำนาจหน้าที่</h1><h2>แผนผังโครงสร้างส่วนราชการ</h2>"
            "<p>สำนักงานจังหวัดตัวอย่าง แบ่งส่วนราชการออกเป็น กลุ่มงานอำนวยการ กลุ่มงานยุทธศาสตร์ "
            "และกลุ่มงานข้อมูลสารสนเทศ</p><h2>อำนาจหน้าที่</h2><p>จัดทำแผนพัฒนาจังหวัด ประสานงานส่วนราชการ "
            "และปฏิบัติงานตามที่ผู้ว่าราชการจังหวัดมอบหมาย</p>")
    h.html(_page(f"โครงสร้างและอำนาจหน้าที่ - {SITE_TITLE}", body), head)


def executives(h: FaultHandler, head, opts, **_):
    body = (f"<h1>ข้อมูลผู้บริหาร</h1><p>{opts['executive_name']} ผู้ว่าราชการจังหวัดตัวอย่าง "
            "โทรศัพท์ 0 4500 0001 อีเมล governor@example.go.th</p>"
            "<p>นางสาวสมหญิง รักดี รองผู้ว่าราชการจังหวัดตัวอย่าง</p>")
    h.html(_page(f"ข้อมูลผู้บริหาร - {SITE_TITLE}", body), head)


def contact(h: FaultHandler, head, **_):
    body = ("<h1>ข้อมูลการติดต่อ</h1><p>ที่อยู่ ศาลากลางจังหวัดตัวอย่าง ถนนตัวอย่าง อำเภอเมือง จังหวัดตัวอย่าง 35000</p>"
            "<p>โทรศัพท์ 0 4500 0000 โทรสาร 0 4500 0009 อีเมล saraban@example.go.th</p>"
            '<p><a href="mailto:saraban@example.go.th">อีเมล</a> แผนที่ตั้งสำนักงาน</p>')
    h.html(_page(f"ติดต่อเรา - {SITE_TITLE}", body), head)


def history(h: FaultHandler, head, **_):
    h.html(_page(f"ประวัติความเป็นมา - {SITE_TITLE}", "<h1>ประวัติความเป็นมา</h1><p>ก่อตั้งเมื่อ พ.ศ. 2515</p>"), head)


def article(h: FaultHandler, head, path, opts, **_):
    name = path.rsplit("/", 1)[-1].removesuffix(".html")
    if not name.isdigit() or not 1 <= int(name) <= opts["articles"]:
        return h._error(404, head)
    body = f"<h1>บทความที่ {name}</h1><p>เนื้อหาบทความทั่วไปลำดับที่ {name} ของสำนักงาน</p>"
    h.html(_page(f"บทความที่ {name} - {SITE_TITLE}", body), head)


def o25_pdf(h: FaultHandler, head, **_):
    h._send(200, FIXTURE_PDF.read_bytes(), "application/pdf", head, validators=True)


def robots(h: FaultHandler, head, opts, **_):
    lines = ["User-agent: *", "Disallow: /administrator/"]
    if opts["robots_disallow_hub"]:
        lines.append("Disallow: /ita/")
    lines.append(f"Sitemap: {h.server.base}/sitemap.xml")
    if opts["other_port"]:
        lines.append(f"Sitemap: http://127.0.0.1:{opts['other_port']}/sitemap.xml")
    h._send(200, ("\n".join(lines) + "\n").encode(), "text/plain; charset=utf-8", head, validators=True)


def sitemap(h: FaultHandler, head, opts, **_):
    locs = [f"{h.server.base}/", f"{h.server.base}{ORPHAN}", f"http://localhost:{h.server.port}{ORPHAN}"]
    if opts["other_port"]:
        locs.append(f"http://127.0.0.1:{opts['other_port']}/from-sitemap.html")
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in locs) + "</urlset>\n")
    h._send(200, body.encode(), "application/xml; charset=utf-8", head, validators=True)


# -- faults -----------------------------------------------------------------------------------------

def fault_page(title: str):
    def serve(h: FaultHandler, head, path, **_):
        h.html(_page(title, f"<h1>{title}</h1><p>{path}</p>"), head)
    return serve


def down_503(h: FaultHandler, head, **_):
    h._error(503, head)


def hang(h: FaultHandler, head, opts, **_):
    h.server.stopping.wait(opts["hang_seconds"])
    h.html(_page("slow", "<p>too late</p>"), head)


def reset_before(h: FaultHandler, head, **_):
    h._reset()


def _partial(h: FaultHandler, announced: int, sent: int) -> None:
    body = _page("partial", "<p>" + "ข้อมูล " * 4000 + "</p>")
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", str(announced))
    h.end_headers()
    h.wfile.write(body[:sent])
    h.wfile.flush()


def reset_partial(h: FaultHandler, head, **_):
    _partial(h, 20000, 2000)
    time.sleep(0.05)
    h._reset()


def truncated(h: FaultHandler, head, **_):
    h.entry["status"] = "truncated"
    _partial(h, 20000, 2000)
    h.connection.shutdown(socket.SHUT_WR)  # a clean FIN, 18000 bytes short
    h.close_connection = True


def loop(h: FaultHandler, head, path, **_):
    h._redirect(h.server.base + ("/fault/loop-b.html" if path.endswith("loop-a.html") else "/fault/loop-a.html"), head)


def chain(h: FaultHandler, head, path, **_):
    n = path.rsplit("/", 1)[-1].removesuffix(".html")
    if not n.isdigit() or int(n) > CHAIN_HOPS:
        return h._error(404, head)
    if int(n) == 0:
        return h.html(_page("chain end", "<p>end of the redirect chain</p>"), head)
    h._redirect(f"{h.server.base}/fault/chain/{int(n) - 1}.html", head)


def offsite_redirect(h: FaultHandler, head, opts, **_):
    h._redirect(f"{h.other(opts)}/stolen.html", head)


def localhost_redirect(h: FaultHandler, head, **_):
    h._redirect(f"http://localhost:{h.server.port}{O1_PAGE}", head)


def file_redirect(h: FaultHandler, head, **_):
    h._redirect("file:///etc/passwd", head)


def metadata_redirect(h: FaultHandler, head, **_):
    h._redirect("http://169.254.169.254/latest/meta-data/iam/security-credentials/", head)


def calendar(h: FaultHandler, head, params, **_):
    try:
        year, month = int(params.get("year", 2025)), int(params.get("month", 8))
    except ValueError:
        return h._error(404, head)
    prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
    body = (f"<h1>calendar {year}-{month:02d}</h1>"
            f'<a href="/events/calendar.php?year={prev_y}&amp;month={prev_m}">previous</a> '
            f'<a href="/events/calendar.php?year={next_y}&amp;month={next_m}">next</a>')
    h.html(_page(f"calendar {year}-{month:02d}", body), head)


def search(h: FaultHandler, head, params, **_):
    word = params.get("searchword", "")
    try:
        start = int(params.get("start", "0"))
    except ValueError:
        start = 0
    q = quote(word)
    body = (f"<h1>search results</h1><p>{html.escape(word)} from {start}</p>"
            f'<a href="/search.php?searchword={q}&amp;start={start + 10}">next</a> '
            f'<a href="/search.php?searchword={q}{start}&amp;start=0">related</a>')
    h.html(_page("search", body), head)


def search_paged(h: FaultHandler, head, params, **_):
    """Search results whose "next page" link never ends (pages past the last result are empty)."""
    word = params.get("keyword", "")
    try:
        page = int(params.get("page", "1"))
    except ValueError:
        page = 1
    body = (f"<h1>search results page {page}</h1><p>no more results</p>"
            f'<a href="/fault/search-paged.php?keyword={quote(word)}&amp;page={page + 1}">next page</a>')
    h.html(_page("search", body), head)


def variants(h: FaultHandler, head, query, params, **_):
    n = int(hashlib.sha1(query.encode()).hexdigest()[:8], 16)  # a new value for every variant, forever
    body = ("<h1>list</h1>"
            f'<a href="/fault/list.php?sessionid=s{n}">again</a> '
            f'<a href="/fault/list.php?sort=title&amp;dir=asc&amp;limitstart={n}">sorted</a> '
            f'<a href="/fault/list.php?sort=date&amp;dir=desc&amp;limitstart={n}">by date</a>')
    h.html(_page("list", body), head)


def _stream_huge(h: FaultHandler, head, with_length: bool) -> None:
    h.entry["status"] = 200
    h.send_response(200)
    h.send_header("Content-Type", "application/pdf")
    if with_length:
        h.send_header("Content-Length", str(HUGE))
    else:
        h.send_header("Connection", "close")
    h.end_headers()
    if head:
        return
    block = bytes(random.Random(5).randbytes(1 << 16))
    first = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + block[16:]
    sent = 0
    try:
        while sent < HUGE and not h.server.stopping.is_set():
            chunk = first if sent == 0 else block
            h.wfile.write(chunk)
            sent += len(chunk)
            with h.server.lock:
                h.server.bytes_sent[h.entry["path"]] += len(chunk)
    except OSError:  # the client went away: stop generating
        pass
    h.close_connection = True


def huge_stream(h: FaultHandler, head, **_):
    _stream_huge(h, head, with_length=False)


def huge_length(h: FaultHandler, head, **_):
    _stream_huge(h, head, with_length=True)


def empty_pdf(h: FaultHandler, head, **_):
    h._send(200, b"", "application/pdf", head, validators=True)


def garbage(h: FaultHandler, head, **_):
    h._send(200, random.Random(7).randbytes(64 * 1024), "text/html", head, validators=True)


def deep(h: FaultHandler, head, **_):
    body = ("<h1>deep nesting</h1><p>ข้อความก่อนส่วนที่ซ้อนลึก</p>"
            + "<div>" * DEEP_LEVELS + '<a href="/fault/deep-bottom.html">bottom</a>' + "</div>" * DEEP_LEVELS
            + '<p>ข้อความหลังส่วนที่ซ้อนลึก</p><a href="/fault/deep-after.html">after the nesting</a>')
    h.html(_page("deep nesting", body), head)


def many_links(h: FaultHandler, head, **_):
    links = "".join(f'<a href="/fault/many/{i % MANY_TARGETS}.html">link {i}</a>\n' for i in range(MANY_LINKS))
    h.html(_page("many links", f"<h1>many links</h1><div>{links}</div>"), head)


def too_many_requests(h: FaultHandler, head, **_):
    if h.server.take_failure("/fault/429.html", 1):
        return h._error(429, head, {"Retry-After": "2"})
    h.html(_page("after the pause", "<h1>after the pause</h1><p>served after Retry-After</p>"), head)


def hostile(h: FaultHandler, head, opts, **_):
    port, other = h.server.port, h.other(opts)
    other_port = opts["other_port"] or port
    hrefs = [
        "via-base.html",  # relative: resolves against <base href>, i.e. the other host
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "data:application/pdf;base64,JVBERi0xLjQK",
        "javascript:alert(document.cookie)",
        "http://10.0.0.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        f"http://localhost:{port}/",
        f"http://localhost:{port}/fault/hostile-localhost.pdf",
        f"{other}/direct.html",
        f"//127.0.0.1:{other_port}/protocol-relative.html",
        f"http://127.0.0.1:{port}@127.0.0.1:{other_port}/userinfo.html",
        f"http://[::1]:{port}/ipv6.html",
        f"http://2130706433:{port}/decimal-ip.html",
        f"https://127.0.0.1:{other_port}/tls.html",
        f"ftp://127.0.0.1:{other_port}/file.pdf",
    ]
    links = "".join(f'<li><a href="{html.escape(u)}">hostile {i}</a></li>' for i, u in enumerate(hrefs))
    h.html(_page("hostile links", f"<h1>hostile links</h1><ul>{links}</ul>",
                 head=f'<base href="{other}/">'), head)


def refresh(h: FaultHandler, head, opts, **_):
    h.html(_page("refresh", "<p>moved</p>",
                 head=f'<meta http-equiv="refresh" content="0; url={h.other(opts)}/refreshed.html">'), head)


def download(h: FaultHandler, head, params, **_):
    names = {"7": 'attachment; filename="../../etc/passwd.pdf"',
             "8": "attachment; filename*=UTF-8''..%2F..%2F..%2Ftmp%2Foit-evil.pdf"}
    disposition = names.get(params.get("id", ""))
    if disposition is None:
        return h._error(404, head)
    pdf = make_pdf([f"Attachment number {params['id']}", "Internal memo"])
    h._send(200, pdf, "application/octet-stream", head, {"Content-Disposition": disposition}, validators=True)


def links_pdf(h: FaultHandler, head, opts, **_):
    target = f"{h.other(opts)}/from-pdf.html"
    pdf = make_pdf(["Related documents", f"See {target}"], link=target)
    h._send(200, pdf, "application/pdf", head, validators=True)


ROUTES = {
    "/": home,
    "/index.html": home,
    HUB: hub,
    O1_PAGE: structure,
    O2_PAGE: executives,
    O3_PAGE: contact,
    ORPHAN: history,
    O25_PDF: o25_pdf,
    "/robots.txt": robots,
    "/sitemap.xml": sitemap,
    **{p: fault_page(f"recovered {p.rsplit('-', 1)[-1].split('.')[0]}") for p in FLAKY_FAULTS},
    "/fault/down-503.html": down_503,
    "/fault/hang.html": hang,
    "/fault/reset-before.html": reset_before,
    "/fault/reset-partial.html": reset_partial,
    "/fault/truncated.html": truncated,
    "/fault/loop-a.html": loop,
    "/fault/loop-b.html": loop,
    "/fault/offsite-redirect.html": offsite_redirect,
    "/fault/localhost-redirect.html": localhost_redirect,
    "/fault/file-redirect.html": file_redirect,
    "/fault/metadata-redirect.html": metadata_redirect,
    "/events/calendar.php": calendar,
    "/search.php": search,
    "/fault/list.php": variants,
    "/fault/search-paged.php": search_paged,
    "/fault/huge-stream.pdf": huge_stream,
    "/fault/huge-length.pdf": huge_length,
    "/fault/empty.pdf": empty_pdf,
    "/fault/garbage.html": garbage,
    "/fault/deep.html": deep,
    "/fault/deep-bottom.html": fault_page("deep bottom"),
    "/fault/deep-after.html": fault_page("deep after"),
    "/fault/many-links.html": many_links,
    "/fault/429.html": too_many_requests,
    "/fault/hostile.html": hostile,
    "/fault/refresh.html": refresh,
    "/fault/download.php": download,
    "/fault/links.pdf": links_pdf,
}
PREFIX_ROUTES = [("/articles/", article), ("/fault/chain/", chain), ("/fault/many/", fault_page("many target"))]


@dataclass
class FaultSite:
    server: FaultServer
    thread: threading.Thread
    url: str = ""
    port: int = 0
    _stopped: bool = field(default=False, repr=False)

    @property
    def base(self) -> str:
        return self.server.base

    @property
    def hits(self) -> collections.Counter:
        return self.server.hits

    @property
    def requests(self) -> list[dict]:
        return self.server.requests

    @property
    def bytes_sent(self) -> collections.Counter:
        return self.server.bytes_sent

    @property
    def not_modified(self) -> int:
        return self.server.not_modified

    @property
    def errors(self) -> list[str]:
        return self.server.errors

    def snapshot(self) -> collections.Counter:
        with self.server.lock:
            return collections.Counter(self.server.hits)

    def times(self, path: str) -> list[float]:
        with self.server.lock:
            return [r["t"] for r in self.server.requests if r["path"] == path]

    def set(self, **options) -> None:
        """Change behaviour between scans; failure counters start again."""
        unknown = set(options) - set(DEFAULTS)
        if unknown:
            raise TypeError(f"unknown fault-site options: {sorted(unknown)}")
        with self.server.lock:
            self.server.options.update(options)
            self.server._failures.clear()

    def reset_counts(self) -> None:
        with self.server.lock:
            self.server.hits.clear()
            self.server.requests.clear()
            self.server.bytes_sent.clear()
            self.server.not_modified = 0
            self.server._failures.clear()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self.server.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_faults(port: int = 0, **options) -> FaultSite:
    server = FaultServer(port, **options)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name=f"fault-site:{server.port}", daemon=True)
    thread.start()
    return FaultSite(server=server, thread=thread, url=f"{server.base}/", port=server.port)


@contextmanager
def serve_faults(port: int = 0, **options):
    """Serve the fault site in a thread for the duration of the block (see the module docstring)."""
    site = start_faults(port, **options)
    try:
        yield site
    finally:
        site.stop()
