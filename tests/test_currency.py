"""Which fiscal year a piece of evidence is for: the most trusted source that states a year decides."""

from datetime import date

from checklist.currency import evidence_year

BASE = dict(kind="document", own_text="", link_texts=[], filename="", metadata_dates=[], last_modified=None)


def year(**kw):
    return evidence_year(**{**BASE, **kw})


def test_the_documents_own_cover_wins_over_a_mislabelled_link():
    found = year(own_text="แผนปฏิบัติการป้องกันการทุจริต\nประจำปีงบประมาณ พ.ศ. ๒๕๖๗\nสำนักงานจังหวัดยโสธร",
                 link_texts=["O25 แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568 ดาวน์โหลด"])
    assert (found.year, found.source, found.kind) == (2567, "document", "fiscal")


def test_a_scan_without_text_takes_the_year_from_its_link():
    found = year(own_text="", link_texts=["ประกาศเจตนารมณ์ No Gift Policy ประจำปี 2568"], filename="scan0021")
    assert (found.year, found.source) == (2568, "link")


def test_the_page_a_document_is_filed_under_comes_before_its_file_name():
    found = year(link_texts=["ดาวน์โหลด"], linking_pages=["แผนพัฒนาจังหวัด\nแผนพัฒนาจังหวัดยโสธร พ.ศ. 2566 - 2570"],
                 filename="plan_final_2563")
    assert (found.year, found.end_year, found.source) == (2566, 2570, "page")


def test_file_name_then_metadata_then_last_modified():
    assert year(filename="รายงานผล-2567").year == 2567
    meta = year(metadata_dates=["2024-11-02T09:30:00+07:00"])
    assert (meta.year, meta.source) == (2568, "metadata")  # November 2024 is fiscal 2568
    served = year(last_modified="Tue, 15 Oct 2024 03:00:00 GMT")
    assert (served.year, served.source) == (2568, "last_modified")
    assert year().year is None


def test_a_news_list_is_dated_by_its_latest_entry_not_by_future_typos():
    text = ("ข่าวประชาสัมพันธ์\n๑๕ สิงหาคม ๒๕๖๘ ผู้ว่าราชการจังหวัดเปิดงาน\n3 ต.ค. 2566 ประชุมกรมการจังหวัด\n"
            "ประกาศ 1 มกราคม 2590")
    found = year(kind="page", own_text=text, today=date(2025, 9, 1))
    assert (found.year, found.source) == (2568, "page")


def test_years_read_by_ocr_come_after_the_link_and_never_from_thai_digits():
    # what Tesseract makes of "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘" on a scan
    ocr_text = "ประกาศจังหวัดยโสธร\nเรื่อง นโยบายไม่รับของขวัญ ประจำปีงบประมาณ พ.ศ. ๒๕๒๕"
    assert year(own_text=ocr_text, text_source="ocr").year is None
    linked = year(own_text=ocr_text, text_source="ocr", link_texts=["ประกาศเจตนารมณ์ No Gift Policy ประจำปี 2568"])
    assert (linked.year, linked.source) == (2568, "link")
    arabic = year(own_text="ประกาศ ณ วันที่ 1 ตุลาคม 2567\nปีงบประมาณ 2568", text_source="ocr")
    assert (arabic.year, arabic.source) == (2568, "ocr") and arabic.trust < year(own_text="ปีงบประมาณ 2568").trust
