"""The offline sample site (crawler/sample_site): server behaviours, documents and build reproducibility.

No crawler needed: requests go through urllib/http.client to a server on 127.0.0.1.
"""

from __future__ import annotations

import concurrent.futures
import email.utils
import http.client
import importlib.util
import io
import json
import re
import shutil
import socket
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from crawler.sample_site import EXPECTED_FILE, ROUTES_FILE, SITE_DIR, load_expected, serve_sample_site
from crawler.sample_site import build as B
from crawler.sample_site import docs as D
from crawler.sample_site.layout import href
from crawler.sample_site.server import SampleSiteServer

pytestmark = pytest.mark.network

EXPECTED = load_expected()
ROUTES = json.loads(ROUTES_FILE.read_text(encoding="utf-8"))
TIMEOUT = 10


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


NO_REDIRECT = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET", headers: dict | None = None, follow: bool = True, read: bool = True):
    """(status, headers, body) without raising on HTTP errors."""
    req = urllib.request.Request(url, method=method, headers=headers or {})
    opener = urllib.request.build_opener() if follow else NO_REDIRECT
    try:
        resp = opener.open(req, timeout=TIMEOUT)
    except urllib.error.HTTPError as err:
        body = err.read() if read else b""
        return err.code, err.headers, body
    with resp:
        return resp.status, resp.headers, (resp.read() if read else b"")


def raw_get(site, target: str, method: str = "GET", headers: dict | None = None):
    """Send the request target exactly as given (no client-side normalisation or encoding)."""
    lines = [f"{method} ".encode() + target.encode("utf-8") + b" HTTP/1.1", b"Host: 127.0.0.1",
             b"Connection: close"]
    lines += [f"{k}: {v}".encode() for k, v in (headers or {}).items()]
    with socket.create_connection(("127.0.0.1", site.port), timeout=TIMEOUT) as sock:
        sock.sendall(b"\r\n".join(lines) + b"\r\n\r\n")
        resp = http.client.HTTPResponse(sock, method=method)
        resp.begin()
        body = resp.read()
        return resp.status, resp.headers, body


@pytest.fixture(scope="module")
def site():
    with serve_sample_site() as s:
        yield s


def pdf_text(data: bytes) -> str:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(data)
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf).replace("\u0e4d\u0e32", "\u0e33")
    finally:
        pdf.close()


def doc_bytes(doc: dict) -> bytes:
    return (SITE_DIR / doc["file"]).read_bytes()


# ------------------------------------------------------------------------------------------------------
# Server basics
# ------------------------------------------------------------------------------------------------------
def test_server_settings(site):
    assert SampleSiteServer.request_queue_size == 1024
    assert SampleSiteServer.daemon_threads is True
    assert site.server.server_address[0] == "127.0.0.1"
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", site.url)


def test_home_page_thai_dates_and_menus(site):
    status, headers, body = fetch(site.url_for(EXPECTED["home"]))
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    html = body.decode("utf-8")
    for text in ("๑๕ สิงหาคม ๒๕๖๘", "24 ก.ค. 68", "3 ต.ค. 2567", '<ul class="nav menu', "ปฏิทินกิจกรรม",
                 "แผนผังเว็บไซต์", "https://drive.google.com/file/d/", 'href="/ita"'):
        assert text in html, text
    status, _, intro = fetch(site.url)
    assert status == 200 and "เข้าสู่เว็บไซต์" in intro.decode("utf-8")


def test_percent_encoded_and_raw_thai_paths(site):
    hub = EXPECTED["hub"]
    status, _, body = fetch(site.base + href(hub))
    assert status == 200
    assert "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2568" in body.decode("utf-8")
    status, _, body2 = raw_get(site, hub)  # unencoded UTF-8 in the request line
    assert status == 200 and body2 == body
    status, _, body3 = raw_get(site, href(hub).lower())  # lower-case percent escapes
    assert status == 200 and body3 == body


def test_head_has_length_but_no_body(site):
    status, headers, body = fetch(site.url_for(EXPECTED["hub"]), method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) > 10_000


def test_directory_and_missing(site):
    status, headers, _ = fetch(site.base + "/2018", follow=False)
    assert status == 301 and headers["Location"] == site.base + "/2018/"
    assert fetch(site.base + "/no/such/page.html")[0] == 404


def test_concurrent_requests(site):
    urls = [site.url_for(p["path"]) for p in EXPECTED["pages"] if not p.get("fails_first")][:40] * 3
    with concurrent.futures.ThreadPoolExecutor(max_workers=24) as pool:
        statuses = list(pool.map(lambda u: fetch(u)[0], urls))
    assert statuses == [200] * len(urls)


def test_hits_counter(site):
    before = site.hits["/ita"]
    fetch(site.base + "/ita", follow=False)
    assert site.hits["/ita"] == before + 1


# ------------------------------------------------------------------------------------------------------
# Charsets (legacy TIS-620 pages)
# ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", EXPECTED["tis620_pages"], ids=lambda p: p["path"])
def test_tis620_pages(site, page):
    status, headers, body = fetch(site.url_for(page["path"]))
    assert status == 200
    assert headers["Content-Type"] == page["content_type_header"]
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("cp874")
    assert body.decode("tis-620") == text
    assert page["phrase"] in text
    meta = re.search(rb"<meta[^>]+charset=([\w-]+)", body, re.I)
    assert (meta.group(1).decode() if meta else None) == page["meta_charset"]
    if page["short"]:
        assert len(re.sub(r"<[^>]+>|\s", "", text)) < 40
    expected_declared = {"header": "tis-620", "meta": None, "none": None, "wrong-header": "iso-8859-1"}
    declared = re.search(r"charset=([\w-]+)", headers["Content-Type"])
    assert (declared.group(1) if declared else None) == expected_declared[page["declared"]]


def test_charset_cases_cover_all_four_kinds():
    assert sorted(p["declared"] for p in EXPECTED["tis620_pages"]) == ["header", "meta", "none", "wrong-header"]
    assert any(p["item"] == "O18" for p in EXPECTED["tis620_pages"])


# ------------------------------------------------------------------------------------------------------
# Redirects, dead links, flaky page
# ------------------------------------------------------------------------------------------------------
def test_redirect_chain(site):
    chain = EXPECTED["redirect_chain"]
    assert len(chain["hops"]) == 2
    for hop in chain["hops"]:
        status, headers, _ = fetch(site.url_for(hop["from"]), follow=False)
        assert status == hop["status"] == 301
        assert headers["Location"] == site.url_for(hop["to"])
    status, _, body = fetch(site.base + "/ita")  # urllib follows both hops
    assert status == 200 and "O๒๑" in body.decode("utf-8")
    assert chain["final"] == EXPECTED["hub"]


def test_redirect_loop(site):
    loop = EXPECTED["redirect_loop"]
    a, b = loop["cycle"]
    status, headers, _ = fetch(site.url_for(a), follow=False)
    assert status == loop["statuses"][0] and headers["Location"] == site.url_for(b)
    status, headers, _ = fetch(site.url_for(b), follow=False)
    assert status == loop["statuses"][1] and headers["Location"] == site.url_for(a)
    with pytest.raises(urllib.error.HTTPError) as err:  # urllib gives up on the loop
        urllib.request.urlopen(site.url_for(a), timeout=TIMEOUT)
    assert err.value.code in (301, 302)


def test_dead_links(site):
    for path, status in EXPECTED["dead_links"].items():
        if status == "redirect_loop":
            continue
        got, _, body = fetch(site.url_for(path))
        assert got == status, path
    joomla = next(p for p in EXPECTED["dead_links"] if p.startswith("/2018/"))
    _, _, body = fetch(site.url_for(joomla))
    assert "404 - ไม่พบหน้าที่ต้องการ" in body.decode("utf-8")
    o19 = EXPECTED["items"]["O19"]["evidence"][0]
    assert o19.startswith("/images/ita2568/") and EXPECTED["dead_links"][o19] == 404


def test_fail_first_then_recovers():
    flaky = EXPECTED["flaky"]
    with serve_sample_site() as s:
        status, headers, body = fetch(s.url_for(flaky["path"]))
        assert status == flaky["status"] == 503
        assert headers["Retry-After"] == "1"
        status, _, body = fetch(s.url_for(flaky["path"]))
        assert status == 200 and "การนำผลไปปรับปรุง" in body.decode("utf-8")
        assert s.hits[flaky["path"]] == 2


def test_routes_override():
    hub = EXPECTED["hub"]
    with serve_sample_site(routes_override={hub: {"status": 500}, "/ita": None}) as s:
        assert fetch(s.url_for(hub))[0] == 500
        assert fetch(s.base + "/ita")[0] == 404  # route deleted, no such file


def test_delay():
    import time
    slow = EXPECTED["slow"]
    with serve_sample_site() as s:
        t0 = time.monotonic()
        assert fetch(s.url_for(slow["path"]))[0] == 200
        assert time.monotonic() - t0 >= slow["delay"]


# ------------------------------------------------------------------------------------------------------
# Downloads
# ------------------------------------------------------------------------------------------------------
def _route_docs():
    return [d for d in EXPECTED["documents"] if d.get("filename")]


@pytest.mark.parametrize("doc", _route_docs(), ids=lambda d: d["path"])
def test_download_routes(site, doc):
    status, headers, body = fetch(site.url_for(doc["path"]))
    assert status == 200
    assert headers["Content-Type"] == doc["content_type"]
    disp = headers["Content-Disposition"]
    if "filename*=" in disp:
        quoted = disp.split("filename*=UTF-8''", 1)[1]
        assert unquote(quoted) == doc["filename"]
    else:  # raw UTF-8 bytes in the header, as careless PHP sends them; http.client decodes Latin-1
        raw = disp.encode("latin-1").decode("utf-8")
        assert f'filename="{doc["filename"]}"' in raw
    assert body == doc_bytes(doc)
    assert body[:4] == (b"%PDF" if doc["content_type"] == "application/pdf" else b"PK\x03\x04")


def test_download_php_has_no_extension():
    php = [d for d in EXPECTED["documents"] if d["path"].startswith("/download.php?id=")]
    assert len(php) == 2 and all(d["content_type"] == "application/pdf" for d in php)


def test_oversize_document(site):
    big = EXPECTED["oversize"]
    status, headers, _ = fetch(site.url_for(big["path"]), method="HEAD")
    assert status == 200
    assert int(headers["Content-Length"]) == big["size"] == 60 * 1024 * 1024
    assert headers["Content-Type"] == "application/pdf"
    req = urllib.request.Request(site.url_for(big["path"]))
    with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
        head = resp.read(4096)  # then hang up without reading the rest
    assert head.startswith(b"%PDF-1.4")
    assert not (SITE_DIR / big["path"].lstrip("/")).exists()
    assert fetch(site.url_for(EXPECTED["hub"]))[0] == 200  # still serving after the hang-up
    assert site.errors == []


def test_static_documents_content_type(site):
    for doc in EXPECTED["documents"]:
        if doc.get("filename") or doc.get("oversize"):
            continue
        status, headers, _ = fetch(site.url_for(doc["path"]), method="HEAD")
        assert status == 200, doc["path"]
        assert headers["Content-Type"] == doc["content_type"], doc["path"]
        assert int(headers["Content-Length"]) == len(doc_bytes(doc))


# ------------------------------------------------------------------------------------------------------
# Conditional requests
# ------------------------------------------------------------------------------------------------------
def test_etag_and_last_modified(site):
    doc = next(d for d in EXPECTED["documents"] if d["item"] == "O14")
    url = site.url_for(doc["path"])
    status, headers, body = fetch(url)
    etag, last_mod = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag.startswith('"') and email.utils.parsedate_to_datetime(last_mod)
    status, headers2, body2 = fetch(url, headers={"If-None-Match": etag})
    assert status == 304 and body2 == b"" and headers2["ETag"] == etag
    assert fetch(url, headers={"If-None-Match": '"other", ' + etag})[0] == 304
    assert fetch(url, headers={"If-None-Match": '"other"'})[0] == 200
    assert fetch(url, headers={"If-Modified-Since": last_mod})[0] == 304
    assert fetch(url, headers={"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"})[0] == 200
    with serve_sample_site() as other:  # deterministic across servers
        _, h, _ = fetch(other.url_for(doc["path"]), method="HEAD")
        assert (h["ETag"], h["Last-Modified"]) == (etag, last_mod)


# ------------------------------------------------------------------------------------------------------
# Path traversal and hidden files
# ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("target", [
    "/../pyproject.toml", "/%2e%2e/pyproject.toml", "/%2E%2E%2Fpyproject.toml", "/2018/../../pyproject.toml",
    "/2018/%2e%2e/%2e%2e/pyproject.toml", "/..%5c..%5cpyproject.toml", "//etc/passwd", "/%00/etc/passwd",
    "/_routed/joomla-404.html", "/.git/config",
])
def test_traversal_refused(site, target):
    status, _, body = raw_get(site, target)
    assert status == 404
    assert b"[project]" not in body and b"root:" not in body


def test_symlink_outside_root_refused(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    (root / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (root / "leak.txt").symlink_to(secret)
    (root / "leakdir").symlink_to(tmp_path)
    with serve_sample_site(site_dir=root, routes_file=tmp_path / "none.json") as s:
        assert fetch(s.url)[0] == 200
        assert fetch(s.base + "/leak.txt")[0] == 404
        assert fetch(s.base + "/leakdir/secret.txt")[0] == 404


# ------------------------------------------------------------------------------------------------------
# Calendar trap, robots.txt, sitemap.xml
# ------------------------------------------------------------------------------------------------------
def _cal(site, query: str) -> tuple[int, str]:
    status, _, body = fetch(f"{site.base}/2018/index.php?option=com_jevents&{query}&Itemid=140")
    return status, body.decode("utf-8", errors="replace")


def test_calendar_entry(site):
    trap = EXPECTED["trap"]
    status, _, body = fetch(site.url_for(trap["entry"]))
    html = body.decode("utf-8")
    assert status == 200 and "สิงหาคม 2568" in html
    assert "year=2025&amp;month=09" in html and "year=2025&amp;month=07" in html
    assert EXPECTED["home"] in trap["linked_from"]


@pytest.mark.parametrize("year,month,nxt,prev,days", [
    (2031, 2, "year=2031&amp;month=03", "year=2031&amp;month=01", 28),
    (2199, 12, "year=2200&amp;month=01", "year=2199&amp;month=11", 31),
    (1987, 1, "year=1987&amp;month=02", "year=1986&amp;month=12", 31),
])
def test_calendar_generates_any_month(site, year, month, nxt, prev, days):
    status, html = _cal(site, f"task=month.calendar&year={year}&month={month:02d}")
    assert status == 200
    assert nxt in html and prev in html
    day_links = re.findall(r"task=day\.listevents&amp;year=\d+&amp;month=\d+&amp;day=(\d+)", html)
    assert sorted(set(map(int, day_links))) == list(range(1, days + 1))


def test_calendar_day_view(site):
    status, html = _cal(site, "task=day.listevents&year=2025&month=08&day=12")
    assert status == 200 and "วันแม่แห่งชาติ" in html
    assert "day=11" in html and "day=13" in html
    assert _cal(site, "task=month.calendar&year=2025&month=13")[0] == 404


def test_robots_and_sitemap_templates(site):
    status, headers, body = fetch(site.base + "/robots.txt")
    text = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "{BASE}" not in text and f"Sitemap: {site.base}/sitemap.xml" in text
    assert "Disallow: /administrator/" in text
    status, headers, body = fetch(site.base + "/sitemap.xml")
    assert status == 200 and "xml" in headers["Content-Type"]
    import xml.etree.ElementTree as ET
    locs = [e.text for e in ET.fromstring(body).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith(site.base + "/") for loc in locs)
    assert site.url_for(EXPECTED["orphan"]["path"]) in locs
    assert int(headers["Content-Length"]) == len(body)


# ------------------------------------------------------------------------------------------------------
# Walk the served site like a tiny crawler and compare with expected.json
# ------------------------------------------------------------------------------------------------------
class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            h = dict(attrs).get("href")
            if h:
                self.hrefs.append(h)


def test_walk_matches_expected():
    disallow = EXPECTED["robots"]["disallow"]
    doc_paths = {d["path"] for d in EXPECTED["documents"]}
    pages, docs, dead, redirects = set(), set(), {}, set()
    with serve_sample_site(routes_override={EXPECTED["flaky"]["path"]: None}) as s:
        queue, seen = ["/"], {"/"}
        while queue:
            target = queue.pop(0)
            assert len(seen) < 400, "walk did not terminate"
            if "com_jevents" in target or any(target.startswith(d) for d in disallow):
                continue
            url = s.url_for(target)
            if target in doc_paths:
                status, _, _ = fetch(url, method="HEAD")
                assert status == 200, target
                docs.add(target)
                continue
            status, headers, body = fetch(url, follow=False)
            if status in (301, 302):
                redirects.add(target)
                nxt = unquote(urlsplit(headers["Location"]).path)
                q = urlsplit(headers["Location"]).query
                nxt = f"{nxt}?{unquote(q)}" if q else nxt
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
                continue
            if status != 200:
                dead[target] = status
                continue
            pages.add(target)
            charset = "cp874" if target.startswith("/old/") else "utf-8"
            parser = _Anchors()
            parser.feed(body.decode(charset))
            for h in parser.hrefs:
                if h.startswith(("mailto:", "http://", "https://")):
                    continue
                absu = urljoin(url, h)
                parts = urlsplit(absu)
                t = unquote(parts.path) + (f"?{unquote(parts.query)}" if parts.query else "")
                if t not in seen:
                    seen.add(t)
                    queue.append(t)
        assert not s.errors
    linked = {p["path"] for p in EXPECTED["pages"] if p["linked"]}
    assert pages == linked
    assert EXPECTED["orphan"]["path"] not in pages
    assert docs == {d["path"] for d in EXPECTED["documents"]}
    assert dead == {p: c for p, c in EXPECTED["dead_links"].items() if c != "redirect_loop"}
    assert EXPECTED["redirect_chain"]["start"] in redirects and EXPECTED["redirect_loop"]["start"] in redirects
    assert 35 <= len(EXPECTED["pages"]) <= 60 and 25 <= len(EXPECTED["documents"]) <= 35


# ------------------------------------------------------------------------------------------------------
# Documents: text layers
# ------------------------------------------------------------------------------------------------------
def _docs(kind: str, has_text: bool | None = None):
    return [d for d in EXPECTED["documents"] if d["kind"] == kind and not d.get("oversize")
            and (has_text is None or d["has_text"] == has_text)]


@pytest.mark.parametrize("doc", _docs("pdf", True), ids=lambda d: d["path"])
def test_pdf_phrase(doc):
    assert doc["phrase"] in pdf_text(doc_bytes(doc))


def test_scanned_pdf_has_no_text():
    scans = [d for d in EXPECTED["documents"] if d.get("scanned")]
    assert len(scans) == 1
    data = doc_bytes(scans[0])
    assert len(pdf_text(data).strip()) < 20
    assert scans[0]["year"] == 2568 and any("2568" in t for t in scans[0]["link_texts"])


def test_corrupt_pdf():
    import pypdfium2 as pdfium
    doc = next(d for d in EXPECTED["documents"] if d.get("corrupt"))
    data = doc_bytes(doc)
    assert data.startswith(b"%PDF")
    with pytest.raises(pdfium.PdfiumError):
        pdf_text(data)
    assert doc["path"] == EXPECTED["corrupt_pdf"]["path"] and EXPECTED["corrupt_pdf"]["linked_from"]


@pytest.mark.parametrize("doc", _docs("docx"), ids=lambda d: d["path"])
def test_docx_phrase(doc):
    import docx
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(doc_bytes(doc))).paragraphs)
    assert doc["phrase"] in text


def test_xlsx_procurement_summary():
    import openpyxl
    doc, = _docs("xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(doc_bytes(doc)))
    assert wb.sheetnames == ["ต.ค. 67"]
    values = [str(c.value) for row in wb.active.iter_rows() for c in row if c.value is not None]
    assert doc["phrase"] in values and "แบบ สขร.1" in values


def test_files_small():
    total = 0
    for f in SITE_DIR.rglob("*"):
        if f.is_file():
            assert f.stat().st_size < 150 * 1024, f
            total += f.stat().st_size
    assert total < 3 * 1024 * 1024


def test_items_verdicts():
    items = EXPECTED["items"]
    assert sorted(items, key=lambda c: int(c[1:])) == [f"O{i}" for i in range(1, 29)]
    by_verdict = {}
    for code, item in items.items():
        by_verdict.setdefault(item["verdict"], set()).add(code)
    assert by_verdict["outdated"] == {"O13", "O25"}
    assert by_verdict["missing"] == {"O11", "O22"}
    assert by_verdict["broken"] == {"O19"}
    assert set(by_verdict) == {"current", "outdated", "missing", "broken"}
    doc_years = {d["path"]: d["year"] for d in EXPECTED["documents"]}
    assert doc_years[items["O13"]["evidence"][0]] == 2566
    assert doc_years[items["O25"]["evidence"][0]] == 2567
    assert doc_years[items["O26"]["evidence"][0]] == 2567


# ------------------------------------------------------------------------------------------------------
# Build reproducibility (writes only into tmp_path)
# ------------------------------------------------------------------------------------------------------
def _tree(root: Path) -> dict[str, Path]:
    return {str(f.relative_to(root)): f for f in root.rglob("*") if f.is_file()}


def test_build_reproduces_text_files(tmp_path):
    out = tmp_path / "site"
    B.build(out, binaries="skip", verbose=False)
    new = _tree(out / "www")
    old = _tree(SITE_DIR)
    text = {k for k in old if Path(k).suffix in B.TEXT_EXTS}
    assert set(new) == text
    for rel in sorted(text):
        assert new[rel].read_bytes() == old[rel].read_bytes(), rel
    assert (out / "routes.json").read_bytes() == ROUTES_FILE.read_bytes()
    assert (out / "expected.json").read_bytes() == EXPECTED_FILE.read_bytes()
    B.build(out, binaries="skip", verbose=False)  # cleans first: a rerun gives the same tree
    assert set(_tree(out / "www")) == text


@pytest.mark.skipif(not D.soffice_path() or importlib.util.find_spec("PIL") is None,
                    reason="rebuilding documents needs LibreOffice and Pillow (pip install -e '.[sample]')")
def test_build_rebuilds_documents(tmp_path):
    out = tmp_path / "site"
    B.build(out, binaries="rebuild", verbose=False)
    new, old = _tree(out / "www"), _tree(SITE_DIR)
    assert set(new) == set(old)
    for doc in EXPECTED["documents"]:
        if doc.get("oversize"):
            continue
        a, b = new[doc["file"]].read_bytes(), old[doc["file"]].read_bytes()
        if a == b:
            continue
        # another LibreOffice/Pillow build may lay bytes out differently: the text must still agree
        if doc["kind"] == "pdf" and doc["has_text"]:
            assert pdf_text(a) == pdf_text(b), doc["path"]
        elif doc["kind"] == "pdf":
            assert abs(len(a) - len(b)) < len(b) * 0.5, doc["path"]


def test_build_reuses_committed_binaries(tmp_path):
    out = tmp_path / "site"
    B.build(out, binaries="reuse", verbose=False)
    new, old = _tree(out / "www"), _tree(SITE_DIR)
    assert set(new) == set(old)
    assert all(new[k].read_bytes() == old[k].read_bytes() for k in old)
    shutil.rmtree(out)
