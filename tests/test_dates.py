"""Tests for checklist.dates (Thai dates, years, fiscal years)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from checklist.dates import (
    KIND_ORDER,
    DateMention,
    YearMention,
    be_to_ce,
    calendar_year_of_month,
    ce_to_be,
    find_dates,
    find_years,
    fiscal_year_bounds,
    fiscal_year_of,
    parse_thai_date,
    primary_year,
    procurement_months,
)

# Yasothon province's published ITA-2568 lessons-learned report (text), with its O1–O28 score table
SEED = Path(__file__).parent / "fixtures" / "reports" / "yasothon-ita-2568-lessons.txt"


# --- arithmetic -----------------------------------------------------------------------

def test_era_conversion():
    assert ce_to_be(2025) == 2568
    assert be_to_ce(2568) == 2025
    for y in (1990, 2024, 2100):
        assert be_to_ce(ce_to_be(y)) == y


@pytest.mark.parametrize(
    "d, fy",
    [
        (date(2024, 9, 30), 2567),  # last day of FY2567
        (date(2024, 10, 1), 2568),  # first day of FY2568
        (date(2025, 1, 1), 2568),
        (date(2025, 3, 31), 2568),
        (date(2025, 9, 30), 2568),  # last day of FY2568
        (date(2025, 10, 1), 2569),
        (date(2023, 10, 1), 2567),
        (date(2024, 12, 31), 2568),
    ],
)
def test_fiscal_year_of_boundaries(d, fy):
    assert fiscal_year_of(d) == fy


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2568) == (date(2024, 10, 1), date(2025, 9, 30))
    assert fiscal_year_bounds(2567) == (date(2023, 10, 1), date(2024, 9, 30))
    assert fiscal_year_bounds(2569) == (date(2025, 10, 1), date(2026, 9, 30))


def test_fiscal_year_bounds_consistent_with_fiscal_year_of():
    for fy in range(2560, 2575):
        first, last = fiscal_year_bounds(fy)
        assert fiscal_year_of(first) == fy
        assert fiscal_year_of(last) == fy
        assert fiscal_year_of(first - timedelta(days=1)) == fy - 1
        assert fiscal_year_of(last + timedelta(days=1)) == fy + 1


def test_calendar_year_of_month():
    assert calendar_year_of_month(2568, 10) == 2567  # ต.ค. of FY2568 is Oct 2567
    assert calendar_year_of_month(2568, 12) == 2567
    assert calendar_year_of_month(2568, 1) == 2568
    assert calendar_year_of_month(2568, 9) == 2568


# --- dates ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("๑๕ สิงหาคม ๒๕๖๘", date(2025, 8, 15)),
        ("15 ส.ค. 68", date(2025, 8, 15)),
        ("1 ต.ค. 2567", date(2024, 10, 1)),
        ("วันที่ 3 ตุลาคม พ.ศ. 2567", date(2024, 10, 3)),
        ("3 ต.ค.67", date(2024, 10, 3)),
        ("3ต.ค.67", date(2024, 10, 3)),
        ("15/08/2568", date(2025, 8, 15)),
        ("15/08/68", date(2025, 8, 15)),
        ("15-08-2025", date(2025, 8, 15)),
        ("15.08.2568", date(2025, 8, 15)),
        ("2025-08-15", date(2025, 8, 15)),
        ("2568-08-15", date(2025, 8, 15)),
        ("เผยแพร่: 02 ธันวาคม 2567", date(2024, 12, 2)),
        ("ประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗", date(2024, 10, 1)),
        ("ณ วันที่ 5 เดือน มกราคม พ.ศ.2568", date(2025, 1, 5)),
        ("10 มกราคม 2568", date(2025, 1, 10)),
        ("10 ม.ค. 2568", date(2025, 1, 10)),
        ("10 มค 68", date(2025, 1, 10)),
        ("1 กุมภาพันธ์ 2568", date(2025, 2, 1)),
        ("1 ก.พ. 2568", date(2025, 2, 1)),
        ("1 กพ 2568", date(2025, 2, 1)),
        ("1 มีนาคม 2568", date(2025, 3, 1)),
        ("1 มี.ค. 68", date(2025, 3, 1)),
        ("1 มีค 68", date(2025, 3, 1)),
        ("30 เม.ย. 2568", date(2025, 4, 30)),
        ("30 เมษายน 2568", date(2025, 4, 30)),
        ("9 พ.ค. 68", date(2025, 5, 9)),
        ("9 พฤษภาคม 2568", date(2025, 5, 9)),
        ("9 มิ.ย. 68", date(2025, 6, 9)),
        ("9 มิถุนายน 2568", date(2025, 6, 9)),
        ("9 ก.ค. 68", date(2025, 7, 9)),
        ("9 กรกฎาคม 2568", date(2025, 7, 9)),
        ("9 กรกฏาคม 2568", date(2025, 7, 9)),  # common misspelling
        ("9 ก.ย. 68", date(2025, 9, 9)),
        ("30 กันยายน 2568", date(2025, 9, 30)),
        ("9 พ.ย. 67", date(2024, 11, 9)),
        ("9 พฤศจิกายน 2567", date(2024, 11, 9)),
        ("9 ธ.ค. 67", date(2024, 12, 9)),
        ("9 ธ.ค 67", date(2024, 12, 9)),  # last dot missing
        ("1 ต.ค.พ.ศ.2567", date(2024, 10, 1)),
        ("วันที่ 1 ตุลาคม ค.ศ. 2024", date(2024, 10, 1)),
        ("15 August 2025", date(2025, 8, 15)),
        ("https://x.go.th/wp-content/uploads/2025/08/15/a.pdf", date(2025, 8, 15)),
        ("ประจําปี ลงวันที่ 15 สิงหาคม 2568", date(2025, 8, 15)),
    ],
)
def test_parse_thai_date(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31 ก.พ. 2568",  # no such day
        "30 กุมภาพันธ์ 2567",
        "32 มกราคม 2568",
        "31/04/2568",
        "15 สิงหาคม",  # no year
        "สิงหาคม 2568",  # no day: a month, not a date
        "สำนักงาน ก.พ. 2568",  # Civil Service Commission, no day
        "ก.ค.ศ. 2547",
        "1 mar 15",  # English month with a two-digit year: not BE
        "9.1.2",
        "045-712568",
        "1/2/3",
        "",
    ],
)
def test_parse_thai_date_none(text):
    assert parse_thai_date(text) is None


def test_leap_day():
    assert parse_thai_date("29 ก.พ. 2567") == date(2024, 2, 29)
    assert parse_thai_date("29 ก.พ. 2568") is None


def test_find_dates_offsets_and_raw():
    text = "ประกาศ ณ วันที่ ๑๕ สิงหาคม ๒๕๖๘ และแก้ไขเมื่อ 2 ต.ค. 68 (ไฟล์ 2025-10-02.pdf)"
    found = find_dates(text)
    assert [d.date for d in found] == [date(2025, 8, 15), date(2025, 10, 2), date(2025, 10, 2)]
    for d in found:
        assert isinstance(d, DateMention)
        assert text[d.start:d.end] == d.raw
    assert found[0].raw == "ณ วันที่ ๑๕ สิงหาคม ๒๕๖๘"
    assert found[1].raw == "2 ต.ค. 68"
    assert found[2].raw == "2025-10-02"


def test_find_dates_many():
    text = "\n".join(f"ข่าว {d} ต.ค. 2567" for d in range(1, 32))
    assert [d.date.day for d in find_dates(text)] == list(range(1, 32))


# --- years ------------------------------------------------------------------------------

def _one(text: str) -> YearMention:
    found = find_years(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    "text, year, raw",
    [
        ("ปีงบประมาณ พ.ศ. ๒๕๖๘", 2568, "ปีงบประมาณ พ.ศ. ๒๕๖๘"),
        ("ประจำปีงบประมาณ 2568", 2568, "ประจำปีงบประมาณ 2568"),
        ("ประจําปีงบประมาณ 2568", 2568, "ประจําปีงบประมาณ 2568"),  # decomposed SARA AM
        ("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ..2568", 2568, "ประจำปีงบประมาณ พ.ศ..2568"),
        ("ปีงบประมาณ2568", 2568, "ปีงบประมาณ2568"),
        ("ปีงบฯ 68", 2568, "ปีงบฯ 68"),
        ("ปีงบฯ68", 2568, "ปีงบฯ68"),
        ("ปีงบ 68", 2568, "ปีงบ 68"),
        ("FY2568", 2568, "FY2568"),
        ("FY 68", 2568, "FY 68"),
        ("FY2025 report", 2568, "FY2025"),  # an English FY is named by the year it ends in
        ("ประจำปี พ.ศ. 2567", 2567, "ประจำปี พ.ศ. 2567"),
        ("ประจำปี 2568", 2568, "ประจำปี 2568"),
        ("ปี 2568", 2568, "ปี 2568"),
        ("ปี 68", 2568, "ปี 68"),
        ("ปี พ.ศ. ๒๕๖๗", 2567, "ปี พ.ศ. ๒๕๖๗"),
        ("ผลการดำเนินงานประจำปี๒๕๖๗", 2567, "ประจำปี๒๕๖๗"),
    ],
)
def test_fiscal(text, year, raw):
    m = _one(text)
    assert (m.kind, m.year, m.raw, m.end_year, m.month) == ("fiscal", year, raw, None, None)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("แผนพัฒนาจังหวัด พ.ศ. 2566-2570", 2566, 2570),
        ("แผนยุทธศาสตร์ (พ.ศ. 2566 – 2570)", 2566, 2570),
        ("ปี 2566 - 2570", 2566, 2570),
        ("แผนแม่บท 2566-70", 2566, 2570),
        ("แผนปฏิบัติการ 5 ปี (2566-2570)", 2566, 2570),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๔ - ๒๕๖๘", 2564, 2568),
        ("พ.ศ. 2566 ถึง พ.ศ. 2570", 2566, 2570),
        ("ยุทธศาสตร์ชาติ 2561-2580", 2561, 2580),
        ("แผน 3 ปี พ.ศ.2566—2568", 2566, 2568),
    ],
)
def test_span(text, start, end):
    m = _one(text)
    assert (m.kind, m.year, m.end_year) == ("span", start, end)
    assert text[m.start:m.end] == m.raw


@pytest.mark.parametrize(
    "text",
    [
        "2570-2566",  # backwards
        "2500-2570",  # 70 years is not a plan
        "2566-12",  # 2512 < 2566
    ],
)
def test_span_rejected(text):
    assert all(m.kind != "span" for m in find_years(text))


@pytest.mark.parametrize(
    "text, fiscal, month, raw",
    [
        ("สขร. เดือน ตุลาคม 2567", 2568, 10, "เดือน ตุลาคม 2567"),
        ("ประจำเดือน มีนาคม 2568", 2568, 3, "ประจำเดือน มีนาคม 2568"),
        ("ต.ค. 67", 2568, 10, "ต.ค. 67"),
        ("ประจำเดือนต.ค.67", 2568, 10, "ประจำเดือนต.ค.67"),
        ("เดือนก.พ.68", 2568, 2, "เดือนก.พ.68"),
        ("สขร_ต.ค.67.pdf", 2568, 10, "ต.ค.67"),
        ("กันยายน 2568", 2568, 9, "กันยายน 2568"),
        ("กันยายน 2567", 2567, 9, "กันยายน 2567"),
        ("ธันวาคม ๒๕๖๗", 2568, 12, "ธันวาคม ๒๕๖๗"),
        ("ตค 67", 2568, 10, "ตค 67"),
        ("October 2024", 2568, 10, "October 2024"),
        ("/wp-content/uploads/2024/10/skr.pdf", 2568, 10, "2024/10"),
    ],
)
def test_month(text, fiscal, month, raw):
    m = _one(text)
    assert (m.kind, m.year, m.month, m.raw) == ("month", fiscal, month, raw)


def test_date_kind_uses_fiscal_year():
    m = _one("ประกาศ ณ วันที่ 1 ตุลาคม 2567")
    assert (m.kind, m.year, m.month) == ("date", 2568, 10)
    m = _one("ประกาศ ณ วันที่ 30 กันยายน 2567")
    assert (m.kind, m.year, m.month) == ("date", 2567, 9)


@pytest.mark.parametrize(
    "text, year, raw",
    [
        ("แผนปฏิบัติการ 2568", 2568, "2568"),
        ("แผน ๒๕๖๘", 2568, "๒๕๖๘"),
        ("พ.ศ. 2568", 2568, "พ.ศ. 2568"),
        ("พ.ศ.2568", 2568, "พ.ศ.2568"),
        ("พ.ศ..2568", 2568, "พ.ศ..2568"),
        ("ปีการศึกษา 2568", 2568, "2568"),  # an academic year is not a fiscal one
        ("ita2568.pdf", 2568, "2568"),
        ("report_2568", 2568, "2568"),
        ("report-2568.pdf", 2568, "2568"),
        ("O25-2567.pdf", 2567, "2567"),
        ("/images/ita/2568/o12.pdf", 2568, "2568"),
        ("ที่ ยส ๐๐๑๗/๒๕๖๘", 2568, "๒๕๖๘"),  # document number / year
        ("สำนักงาน ก.พ.ร. 2568", 2568, "2568"),  # not February
        ("ส.ค.ส. 2568", 2568, "2568"),  # a New Year card, not August
        ("แผนปฏิบัติการ 2568 ฉบับทบทวน", 2568, "2568"),
        ("ประกาศ ฉบับที่ 1/2568 เรื่อง การจัดซื้อ", 2568, "2568"),
        ("ITA 2568 รายงานผล", 2568, "2568"),
        ("แผน 2568 หน่วยงาน", 2568, "2568"),
    ],
)
def test_be(text, year, raw):
    m = _one(text)
    assert (m.kind, m.year, m.raw) == ("be", year, raw)


@pytest.mark.parametrize(
    "text, year",
    [
        ("ค.ศ. 2025", 2568),
        ("Annual report 2025", 2568),
        ("© 2024 จังหวัดยโสธร", 2567),
    ],
)
def test_ce(text, year):
    m = _one(text)
    assert (m.kind, m.year) == ("ce", year)


@pytest.mark.parametrize(
    "text",
    [
        "โทร 045-712568",
        "045-712568",
        "โทรศัพท์ 0 4571 2568",
        "0-4571-2568",
        "02-141-2568",
        "Tel. 045 712 568",
        "2,568 บาท",
        "งบประมาณ 2568 บาท",
        "จำนวน 2568 คน",
        "ผู้รับบริการ 2568 ราย",
        "งบประมาณ 2568 ล้าน",
        "2568 %",
        "2568.00",
        "2568,000",
        "1.2568",
        "25680",
        "125680000",
        "index.php?option=com_content&view=article&id=2568",
        "?id=2568",
        "ISO 9001:2015",
        "เลข 1234",
        "ปี 15",  # two-digit years below 40 are not believed after a bare cue
        "ปีที่ 2",
        "",
    ],
)
def test_not_years(text):
    assert find_years(text) == []


def test_find_years_mixed_sorted_and_offsets():
    text = ("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ "
            "(อ้างอิงแผนแม่บท พ.ศ. 2566-2570) ประกาศ ณ วันที่ 1 ต.ค. 67 โทร 045-712568 "
            "งบ 2,568 บาท ไฟล์ skr-2568.pdf © 2025")
    found = find_years(text)
    assert [m.kind for m in found] == ["fiscal", "span", "date", "be", "ce"]
    assert [m.year for m in found] == [2568, 2566, 2568, 2568, 2568]
    assert found[1].end_year == 2570
    assert found == sorted(found, key=lambda m: m.start)
    for m in found:
        assert text[m.start:m.end] == m.raw
    # no two mentions overlap
    for a, b in pairwise(found):
        assert a.end <= b.start


def test_year_mention_is_frozen():
    m = _one("ปี 2568")
    with pytest.raises(AttributeError):
        m.year = 2567  # type: ignore[misc]
    assert KIND_ORDER == ("fiscal", "span", "month", "date", "be", "ce")


# --- primary_year -------------------------------------------------------------------------

def test_primary_year_plan_body_cites_other_years():
    text = ("แผนปฏิบัติการป้องกันการทุจริต\nประจำปีงบประมาณ พ.ศ. 2568\nจังหวัดยโสธร\n" + "ก" * 500
            + "\nผลการดำเนินงานปีงบประมาณ 2567 พบว่า ... ปีงบประมาณ 2567 ... ปีงบประมาณ 2567")
    m = primary_year(text)
    assert (m.kind, m.year) == ("fiscal", 2568)


def test_primary_year_report_cover():
    text = ("รายงานผลการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๗\n"
            "ประกาศ ณ วันที่ ๑๕ ตุลาคม ๒๕๖๗\nแผนปีงบประมาณ ๒๕๖๘ จะ...")
    m = primary_year(text)
    assert (m.kind, m.year) == ("fiscal", 2567)


def test_primary_year_strongest_kind_in_head():
    # a bare year in the head loses to a fiscal cue later in the head
    m = primary_year("O25 2566 แผนปฏิบัติการป้องกันการทุจริต ปีงบประมาณ 2568")
    assert (m.kind, m.year) == ("fiscal", 2568)
    # among equal kinds in the head, the first
    m = primary_year("ปีงบประมาณ 2568 (ทบทวนจากปีงบประมาณ 2567)")
    assert m.year == 2568
    # a span beats a date
    m = primary_year("แผนพัฒนาจังหวัด พ.ศ. 2566-2570 (ประกาศ 1 ต.ค. 2567)")
    assert (m.kind, m.year, m.end_year) == ("span", 2566, 2570)


def test_primary_year_body_most_frequent():
    body = "ก" * 450 + " ปีงบประมาณ 2567 " + " ปีงบประมาณ 2568 " * 3 + " ปีงบประมาณ 2566 "
    m = primary_year(body)
    assert m.year == 2568 and m.kind == "fiscal"
    # the head decides even when the body says another year more often
    m = primary_year("แผน 2569\n" + body)
    assert (m.kind, m.year) == ("be", 2569)
    # head_chars moves the boundary
    m = primary_year("x" * 50 + " ปี 2569 " + body, head_chars=10)
    assert m.year == 2568


def test_primary_year_ce_only_as_last_resort():
    m = primary_year("© 2025 สงวนลิขสิทธิ์ " + "ก" * 500 + " แผน 2567")
    assert (m.kind, m.year) == ("be", 2567)
    m = primary_year("Annual report 2025")
    assert (m.kind, m.year) == ("ce", 2568)


@pytest.mark.parametrize(
    "label, year",
    [
        ("O25 แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", 2568),
        ("รายงานผลการจัดซื้อจัดจ้าง ประจำปี 2567 (PDF 1.2 MB)", 2567),
        ("แผนยุทธศาสตร์จังหวัด พ.ศ.2566-2570", 2566),
        ("ita2568_o12_skr-oct67.pdf", 2568),
        ("ข่าวประชาสัมพันธ์ 15 ส.ค. 68", 2568),
        ("สขร. เดือน ตุลาคม 2567", 2568),
        ("ดาวน์โหลด", None),
        ("", None),
    ],
)
def test_primary_year_labels(label, year):
    m = primary_year(label)
    assert (m.year if m else None) == year


def test_primary_year_seed_document():
    text = SEED.read_text(encoding="utf-8")
    m = primary_year(text)
    assert (m.kind, m.year) == ("fiscal", 2568)


# --- procurement months ---------------------------------------------------------------------

def test_procurement_months_list_under_heading():
    text = ("สรุปผลการจัดซื้อจัดจ้างรายเดือน ปีงบประมาณ 2568\n"
            "เดือนตุลาคม 2567\nเดือนพฤศจิกายน 2567\n- ธันวาคม 2567\n"
            "1. มกราคม 2568\n")
    assert procurement_months(text) == {(2024, 10), (2024, 11), (2024, 12), (2025, 1)}


@pytest.mark.parametrize(
    "text, months",
    [
        ("สขร. เดือน ตุลาคม 2567", {(2024, 10)}),
        ("สขร.เดือน กันยายน 2568", {(2025, 9)}),
        ("แบบ สขร.1 ประจำเดือน มกราคม ๒๕๖๘", {(2025, 1)}),
        ("สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน มีนาคม 2568 (PDF)", {(2025, 3)}),
        ("สขร.1 ต.ค. 67.pdf", {(2024, 10)}),
        ("สขร. เดือน ตุลาคม 2567\nสขร. เดือน ตุลาคม 2567 (XLSX)", {(2024, 10)}),  # distinct
        ("ผลการจัดซื้อจัดจ้าง e-GP เดือน พ.ย. 67", {(2024, 11)}),
        ("ข่าวประชาสัมพันธ์ เดือนตุลาคม 2567", set()),  # no procurement cue
        ("ประกาศผู้ชนะการเสนอราคา จัดซื้อวัสดุ ณ วันที่ 5 ตุลาคม 2567", set()),  # a date, not a month
        ("แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ 2568", set()),
        ("", set()),
    ],
)
def test_procurement_months(text, months):
    assert procurement_months(text) == months


def test_procurement_months_full_year():
    names = ["ตุลาคม 2567", "พฤศจิกายน 2567", "ธันวาคม 2567", "มกราคม 2568", "กุมภาพันธ์ 2568",
             "มีนาคม 2568", "เมษายน 2568", "พฤษภาคม 2568", "มิถุนายน 2568", "กรกฎาคม 2568",
             "สิงหาคม 2568", "กันยายน 2568"]
    text = "\n".join(f"สขร.เดือน {n}.pdf" for n in names)
    found = procurement_months(text)
    assert len(found) == 12
    assert min(found) == (2024, 10) and max(found) == (2025, 9)


# --- robustness -------------------------------------------------------------------------------

def test_random_text_never_crashes_and_offsets_hold():
    rng = random.Random(68)
    pieces = ["ปีงบประมาณ", "พ.ศ.", "ต.ค.", "ก.พ.", "ตุลาคม", " ", "-", "/", ".", ",", "2568", "๒๕๖๗",
              "68", "15", "0", "โทร", "บาท", "FY", "ปี", "\n", "สขร.", "2025", "id="]
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 15)))
        for m in find_years(text):
            assert text[m.start:m.end] == m.raw
            assert m.kind in KIND_ORDER
            assert 2400 <= m.year <= 2700
        for d in find_dates(text):
            assert text[d.start:d.end] == d.raw
        primary_year(text)
        procurement_months(text)


def test_justified_pdf_spacing_and_line_breaks():
    m = _one("ประกาศ ณ วันที่   ๑๑   ตุลาคม  พ.ศ.  ๒๕๖๗")
    assert (m.kind, m.year, m.month) == ("date", 2568, 10)
    # a numbered list entry is not the 1st of the month
    m = _one("1\nตุลาคม 2567")
    assert (m.kind, m.month) == ("month", 10)
    # a title broken over two lines keeps its fiscal cue
    m = _one("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ\nพ.ศ. ๒๕๖๘")
    assert (m.kind, m.year) == ("fiscal", 2568)


def test_period_in_brackets():
    found = find_years("ประจำปี 2568 (ต.ค. 67 - ก.ย. 68)")
    assert [(m.kind, m.year, m.month) for m in found] == [
        ("fiscal", 2568, None), ("month", 2568, 10), ("month", 2568, 9)]
    found = find_years("รายงานผลการดำเนินงาน รอบ 6 เดือน (1 ต.ค. 67 - 31 มี.ค. 68)")
    assert [(m.kind, m.year) for m in found] == [("date", 2568), ("date", 2568)]
    assert primary_year("รายงานผลการดำเนินงาน รอบ 6 เดือน (1 ต.ค. 67 - 31 มี.ค. 68)").year == 2568
