"""Scope, URL normalisation and crawler-trap guards on URLs as Thai agency sites write them."""

from datetime import date

import pytest

from crawler.traps import TrapGuard
from crawler.urls import Scope, display_url, looks_like_asset, looks_like_document, normalize_url, unwrap_viewer

BASE = "https://www.yasothon.go.th/2018/th/ita.html"


def test_thai_paths_are_percent_encoded_as_utf8_and_fragments_dropped():
    url = normalize_url("/2018/th/ข่าวประชาสัมพันธ์.html#top", BASE)
    assert url == "https://www.yasothon.go.th/2018/th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7" \
                  "%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%8A%E0%B8%B2%E0%B8%AA%E0%B8%B1%E0%B8%A1%E0%B8%9E" \
                  "%E0%B8%B1%E0%B8%99%E0%B8%98%E0%B9%8C.html"
    assert display_url(url) == "https://www.yasothon.go.th/2018/th/ข่าวประชาสัมพันธ์.html"
    # already-encoded hrefs are not encoded twice
    assert normalize_url(url, BASE) == url


def test_hashbang_routes_of_single_page_apps_are_kept():
    assert normalize_url("https://info.go.th/#!/th/search/21361/", BASE) == "https://info.go.th/#!/th/search/21361/"


def test_query_of_a_tis620_page_is_encoded_in_cp874_like_a_browser_does():
    url = normalize_url("complaint.php?type=ทุจริต", "http://old.example.go.th/index.php", encoding="cp874")
    assert url == "http://old.example.go.th/complaint.php?type=%B7%D8%A8%C3%D4%B5"


@pytest.mark.parametrize("href", ["mailto:saraban@yasothon.go.th", "tel:045712345", "javascript:void(0)",
                                  "#", "", "   ", "data:text/html,<b>x</b>", "file:///etc/passwd",
                                  "ftp://ftp.example.go.th/a.pdf", "http://"])
def test_non_web_links_are_not_followed(href):
    assert normalize_url(href, BASE) is None


def test_scope_is_the_host_its_www_twin_and_both_schemes_but_not_other_hosts_or_ports():
    scope = Scope("https://www.yasothon.go.th/")
    assert scope.allows("https://yasothon.go.th/2018/th/ita.html")
    assert scope.allows("http://www.yasothon.go.th:80/a")
    assert not scope.allows("https://www.yasothon.go.th:8443/a")
    assert not scope.allows("https://ita.yasothon.go.th/")
    assert not scope.allows("https://www.yasothon.go.th.evil.example/")
    assert not scope.allows("https://drive.google.com/file/d/1/view")
    local = Scope("http://127.0.0.1:8568/")
    assert local.allows("http://127.0.0.1:8568/x")
    assert not local.allows("http://127.0.0.1:9999/x")
    assert not local.allows("http://www.127.0.0.1:8568/x")
    assert Scope("https://www.yasothon.go.th/", ["ita.yasothon.go.th"]).allows("https://ita.yasothon.go.th/")


@pytest.mark.parametrize("url", [
    "https://www.yasothon.go.th/images/ita2568/O25.pdf",
    "https://www.yasothon.go.th/images/%E0%B9%81%E0%B8%9C%E0%B8%99.PDF",
    "https://www.yasothon.go.th/download.php?file=report-2567.docx",
    "https://drive.google.com/file/d/1xYz_AbC/view?usp=sharing",
    "https://docs.google.com/spreadsheets/d/1abc/edit#gid=0",
])
def test_documents_recognised_from_the_url(url):
    assert looks_like_document(url)


def test_pages_and_assets_are_not_documents():
    assert not looks_like_document("https://www.yasothon.go.th/index.php?option=com_content&view=article&id=85")
    assert not looks_like_document("https://www.yasothon.go.th/download.php?id=12")  # decided by Content-Type
    assert looks_like_asset("https://www.yasothon.go.th/images/banner/ita.JPG")
    assert not looks_like_asset("https://www.yasothon.go.th/2018/th/ita.html")


def test_google_viewer_links_are_unwrapped_to_the_agency_file():
    wrapped = "https://docs.google.com/viewer?url=https://www.nakae.go.th/wp-content/uploads/a.pdf&embedded=true"
    assert unwrap_viewer(wrapped) == "https://www.nakae.go.th/wp-content/uploads/a.pdf"


def guard(**kw):
    return TrapGuard(today=date(2025, 11, 25), **kw)


def test_jevents_month_calendar_is_bounded_per_view():
    g = guard(max_calendar_pages=24)
    allowed = 0
    for i in range(200):
        year, month = 2568 + (9 + i) // 12, (9 + i) % 12 + 1
        url = f"https://www.yasothon.go.th/2018/index.php?option=com_jevents&task=month.calendar&year={year}&month={month}&Itemid=150"
        allowed += g.check(url) is None
    assert allowed <= 24
    # the day view is a different view with its own budget, and ordinary pages are untouched
    assert g.check("https://www.yasothon.go.th/2018/index.php?option=com_jevents&task=day.listevents&year=2568&month=10&day=3&Itemid=150") is None
    assert g.check("https://www.yasothon.go.th/2018/th/ita.html") is None


def test_far_future_and_far_past_calendar_years_are_refused_in_be_and_ce():
    g = guard()
    assert g.check("https://x.go.th/calendar.php?year=2600&month=1") == "calendar_out_of_range"
    assert g.check("https://x.go.th/calendar.php?year=2031&month=1") == "calendar_out_of_range"
    assert g.check("https://x.go.th/calendar.php?year=1990&month=1") == "calendar_out_of_range"
    assert g.check("https://x.go.th/calendar.php?year=2568&month=1") is None
    assert g.check("https://x.go.th/events/2026/01/") is None
    assert g.check("https://x.go.th/events/2040/01/") == "calendar_out_of_range"


def test_relative_link_bugs_that_grow_the_path_are_stopped():
    g = guard()
    assert g.check("https://x.go.th/2018/th/2018/th/2018/th/2018/th/ita.html") == "repeated_path_segments"
    assert g.check("https://x.go.th/a/b/c/ita.html") is None
    assert g.check("https://x.go.th/" + "/".join(f"d{i}" for i in range(25))) == "path_too_deep"
    assert g.check("https://x.go.th/?q=" + "ก" * 3000) == "url_too_long"


def test_print_and_feed_views_are_duplicates():
    g = guard()
    assert g.check("https://x.go.th/index.php?option=com_content&view=article&id=5&tmpl=component&print=1") == "duplicate_view"
    assert g.check("https://x.go.th/index.php?option=com_content&view=category&id=8&format=feed&type=rss") == "duplicate_view"


def test_query_variants_are_capped_per_pattern_but_joomla_articles_are_not_one_pattern():
    g = guard(max_query_variants=50)
    search = [g.check(f"https://x.go.th/search.php?q=คำค้น{i}&sort=asc") for i in range(100)]
    assert search.count(None) == 50 and set(search) == {None, "query_variants"}
    articles = [g.check(f"https://x.go.th/index.php?option=com_content&view=article&id={i}") for i in range(50)]
    categories = [g.check(f"https://x.go.th/index.php?option=com_content&view=category&id={i}") for i in range(50)]
    assert articles.count(None) == 50 and categories.count(None) == 50
    # news pagination is not a calendar and stays within the budget
    assert g.check("https://x.go.th/2018/th/news.html?start=10") is None
    assert g.rejected["query_variants"] == 50


def test_numeric_page_parameter_is_pagination_not_a_page_type():
    g = guard(max_query_variants=30)
    paged = [g.check(f"https://x.go.th/search.php?keyword=แผน&page={i}") for i in range(1, 80)]
    assert paged.count(None) == 30 and paged[-1] == "query_variants"
    # a named page stays a page type of its own, each with its own budget
    named = [g.check(f"https://x.go.th/index.php?page={name}&id=1") for name in ("news", "plan", "about", "ita")]
    assert named == [None] * 4
