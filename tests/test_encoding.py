"""Thai charsets as real servers send them, through the downloader middleware the crawl uses."""

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.encoding import better_encoding, canonical_name
from crawler.middlewares import ThaiEncodingMiddleware

THAI_PAGE = (
    "<html><head>{meta}<title>ประกาศจังหวัดยโสธร เรื่อง รายชื่อผู้ชนะการเสนอราคา</title></head>"
    "<body><p>สำนักงานจังหวัดยโสธร ขอประกาศผู้ชนะการเสนอราคา โครงการปรับปรุงถนน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘"
    " “วงเงิน ๑,๒๐๐,๐๐๐ บาท” …</p></body></html>"
)
SHORT_PAGE = "<a href='x.php'>ประกาศผู้ชนะการเสนอราคา</a>"


def through_middleware(body: bytes, content_type: str) -> HtmlResponse:
    crawler = get_crawler()
    mw = ThaiEncodingMiddleware.from_crawler(crawler)
    url = "http://www.yasothon.go.th/old/news.php"
    response = HtmlResponse(url=url, body=body, headers={"Content-Type": content_type}, request=Request(url))
    return mw.process_response(response.request, response)


@pytest.mark.parametrize(
    "case, body, content_type",
    [
        ("header tis-620", THAI_PAGE.format(meta="").encode("cp874"), "text/html; charset=tis-620"),
        ("header TIS620", THAI_PAGE.format(meta="").encode("cp874"), "text/html; charset=TIS620"),
        ("header windows-874", THAI_PAGE.format(meta="").encode("cp874"), "text/html; charset=windows-874"),
        ("meta only", THAI_PAGE.format(meta='<meta http-equiv="Content-Type" content="text/html; charset=tis-620">')
         .encode("cp874"), "text/html"),
        ("nothing declared, long", THAI_PAGE.format(meta="").encode("cp874"), "text/html"),
        ("nothing declared, short", SHORT_PAGE.encode("cp874"), "text/html"),
        ("header latin-1, cp874 body", THAI_PAGE.format(meta="").encode("cp874"), "text/html; charset=iso-8859-1"),
        ("header utf-8, meta tis-620, cp874 body",
         THAI_PAGE.format(meta='<meta charset="tis-620">').encode("cp874"), "text/html; charset=utf-8"),
        ("meta windows-874, utf-8 body", THAI_PAGE.format(meta='<meta charset="windows-874">').encode("utf-8"),
         "text/html"),
        ("utf-8 declared", THAI_PAGE.format(meta="").encode("utf-8"), "text/html; charset=UTF-8"),
    ],
)
def test_thai_text_comes_out_right_whatever_the_server_says(case, body, content_type):
    response = through_middleware(body, content_type)
    text = response.text
    expected = "ประกาศผู้ชนะการเสนอราคา"
    assert expected in text, f"{case}: decoded as {response.encoding}: {text[:80]!r}"
    assert "\ufffd" not in text
    if "“" in text:  # the cp874-only smart quotes and ellipsis survive (Python's tis_620 codec drops them)
        assert "“วงเงิน ๑,๒๐๐,๐๐๐ บาท” …" in text


def test_ascii_page_is_left_alone():
    response = through_middleware(b"<html><title>Index of /</title></html>", "text/html")
    assert better_encoding(response.body, response.encoding) is None


def test_tis620_aliases_are_all_cp874():
    for name in ("tis-620", "TIS620", "windows-874", "iso-8859-11", "cp874"):
        assert canonical_name(name) == "cp874"


def test_truncated_utf8_sample_is_still_utf8():
    body = ("สวัสดี" * 40000).encode("utf-8")  # the 200 kB sample cuts a character in two
    assert better_encoding(body, "cp874") == "utf-8"
