"""Tests for checklist.codes (ITA/OIT item codes as sites write them, assessment years)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from checklist.codes import (
    MAX_CODE,
    MIN_CODE,
    PREFIXES,
    CodeMention,
    assessment_year_of,
    label_code,
    read_codes,
)

# Yasothon province's published ITA-2568 lessons-learned report (text), with its O1–O28 score table
SEED = Path(__file__).parent / "fixtures" / "reports" / "yasothon-ita-2568-lessons.txt"


def _numbers(text: str) -> list[int]:
    return [c.number for c in read_codes(text)]


@pytest.mark.parametrize(
    "text, number, prefix, raw",
    [
        ("O12", 12, "O", "O12"),
        ("O 12", 12, "O", "O 12"),
        ("o12", 12, "O", "o12"),
        ("O.12", 12, "O", "O.12"),
        ("O-12", 12, "O", "O-12"),
        ("O–12", 12, "O", "O–12"),
        ("O12:", 12, "O", "O12"),
        ("O 6 ::", 6, "O", "O 6"),
        ("O 6 :: แผนและความก้าวหน้า", 6, "O", "O 6"),
        ("OIT 12", 12, "OIT", "OIT 12"),
        ("OIT12", 12, "OIT", "OIT12"),
        ("oit3", 3, "OIT", "oit3"),
        ("OIT 3 อำนาจหน้าที่", 3, "OIT", "OIT 3"),
        ("ข้อ 12", 12, "ข้อ", "ข้อ 12"),
        ("ข้อที่ 12", 12, "ข้อ", "ข้อที่ 12"),
        ("ข้อ O12", 12, "O", "ข้อ O12"),
        ("ข้อ OIT 5", 5, "OIT", "ข้อ OIT 5"),
        ("ข้อ 0๑ โครงสร้างและอำนาจหน้าที่", 1, "zero", "ข้อ 0๑"),
        ("ข้อ ๐๑๐ E-Service", 10, "zero", "ข้อ ๐๑๐"),
        ("ข้อ ๐๕ แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน", 5, "zero", "ข้อ ๐๕"),
        ("ข้อ O๒๑ ประกาศเจตนารมณ์", 21, "O", "ข้อ O๒๑"),
        ("O๒๑", 21, "O", "O๒๑"),
        ("ข้อ0๑", 1, "zero", "ข้อ0๑"),
        ("024รายงานผลการดำเนินการเพื่อจัดการความเสี่ยง", 24, "zero", "024"),
        ("029ประกาศ", 29, "zero", "029"),
        ("024 รายงานผล", 24, "zero", "024"),
        ("024. รายงานผล", 24, "zero", "024"),
        ("๐๒๑ ประกาศเจตนารมณ์", 21, "zero", "๐๒๑"),
        ("05แผนยุทธศาสตร์", 5, "zero", "05"),
        ("  • O25 แผนปฏิบัติการป้องกันการทุจริต", 25, "O", "O25"),
        ("[O12] รายการจัดซื้อจัดจ้าง", 12, "O", "O12"),
        ("ita2569/o12/skr.pdf", 12, "O", "o12"),
        ("O1.1 แผนผังโครงสร้าง", 1, "O", "O1"),  # element 1 of O1
        ("O43 การดำเนินการตามมาตรการ", 43, "O", "O43"),  # an older (2564-65) scheme number
    ],
)
def test_read_code(text, number, prefix, raw):
    found = read_codes(text)
    assert len(found) == 1, found
    c = found[0]
    assert (c.number, c.prefix, c.raw) == (number, prefix, raw)
    assert text[c.start:c.end] == c.raw


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("O1-O28", [1, 28]),
        ("O1–O28", [1, 28]),
        ("ข้อคำถาม : ข้อ ๐๑ ถึง ข้อ ๐๒๐", [1, 20]),
        ("ข้อคำถาม : ข้อ O๒๑ ถึง ข้อ O๒๘", [21, 28]),
        ("O5, O14 และ O23", [5, 14, 23]),
        ("ITA 2568 O12 (เดิม O19 ใน ITA 2566)", [12, 19]),
    ],
)
def test_read_codes_multiple(text, numbers):
    assert _numbers(text) == numbers


@pytest.mark.parametrize(
    "text",
    [
        "2568",
        "๒๕๖๘",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
        "045-712345",
        "โทร 045-712345",
        "0.5",
        "10.1",
        "ตัวชี้วัดย่อยที่ 9.1",
        "ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล",
        "ข้อ 9.1",
        "ข้อ 0",
        "MOIT 5",
        "MOIT5 แผนปฏิบัติการ",
        "ISO 9001",
        "iso9001:2015",
        "COVID-19",
        "Co2",
        "Video1",
        "video1.mp4",
        "O2O",
        "ข้อ i๒ เจ้าหน้าที่ในหน่วยงานของท่าน",
        "ข้อ e๓ ท่านเคยถูกเจ้าหน้าที่เรียกรับสินบน",
        "IIT ข้อ i๑๐",
        "01 ตุลาคม 2567",  # a day, not O1
        "02 ธ.ค. 67",
        "05 คน",
        "01. ข้อมูลพื้นฐาน",  # zero-padded list numbering
        "05 แผนยุทธศาสตร์",
        "แผน 024 ฉบับ",  # not at the start of a line
        "O 2568",
        "OIT 2568",
        "O99",  # out of range
        "ข้อมูลผู้บริหาร",
        "",
    ],
)
def test_not_codes(text):
    assert read_codes(text) == []


def test_moit_reported_only_on_request():
    assert read_codes("MOIT 5 แผนปฏิบัติการ") == []
    found = read_codes("MOIT 5 แผนปฏิบัติการ", include_moit=True)
    assert [(c.number, c.prefix, c.raw) for c in found] == [(5, "MOIT", "MOIT 5")]
    # an O-code next to it is still an O-code
    found = read_codes("MOIT 5 (O25)", include_moit=True)
    assert [(c.number, c.prefix) for c in found] == [(5, "MOIT"), (25, "O")]
    assert label_code("MOIT 5 แผน") is None


def test_seed_table_codes():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    table = "\n".join(lines[224:280])
    found = read_codes(table)
    assert {c.number for c in found} == set(range(1, 29))
    # every O-code row of the table is read, including the garbled ones
    rows = [ln for ln in lines[224:280] if "ข้อ" in ln and "๑๐๐" in ln]
    for row in rows:
        code = label_code(row.split("\t")[-2] if row.startswith("\t") else row.split("\t")[1])
        assert code is not None, row
    # the repeated "ข้อ ๐๕" is read as O5 again
    assert [c.number for c in found].count(5) == 2
    # IIT/EIT question numbers elsewhere in the document are not codes
    whole = SEED.read_text(encoding="utf-8")
    assert all(c.prefix in ("zero", "O") for c in read_codes(whole))
    assert {c.number for c in read_codes(whole)} == set(range(1, 29))


@pytest.mark.parametrize(
    "line, number",
    [
        ("OIT\tข้อ 0๑ โครงสร้างและอำนาจหน้าที่\t๑๐๐", 1),
        ("\tข้อ 0๒ ข้อมูลผู้บริหาร\t๑๐๐", 2),
        ("\tข้อ 0๙ คู่มือหรือแนวทางการขอรับบริการสำหรับผู้รับบริการหรือผู้มาติดต่อ\t๑๐๐", 9),
        ("\tข้อ ๐๕ แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน\t๑๐๐", 5),
        ("\tข้อ ๐๑๐ E-Service\t๑๐๐", 10),
        ("\tข้อ ๐๑๒ รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ ประจำปี พ.ศ. ๒๕๖๘\t๑๐๐", 12),
        ("\tข้อ ๐๒๐ การเปิดโอกาสให้เกิดการมีส่วนร่วม\t๑๐๐", 20),
        ("OIT\tข้อ O๒๑ ประกาศเจตนารมณ์และการสร้างวัฒนธรรม ตามนโยบาย No Gift Policy\t๑๐๐", 21),
        ("\tข้อ O๒๘ รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรม ประจำปี พ.ศ. ๒๕๖๗\t๑๐๐", 28),
    ],
)
def test_seed_rows_verbatim(line, number):
    found = read_codes(line)
    assert [c.number for c in found] == [number]  # "๑๐๐" (the score) and the years are not codes


# --- label_code ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "label, number, prefix",
    [
        ("O25 แผนปฏิบัติการป้องกันการทุจริต", 25, "O"),
        ("o 6 :: แผนและความก้าวหน้า", 6, "O"),
        ("ข้อ ๐๑๒ รายการการจัดซื้อจัดจ้าง", 12, "zero"),
        ("ข้อ O๒๑ ประกาศเจตนารมณ์", 21, "O"),
        ("ข้อ 12 รายการการจัดซื้อจัดจ้าง", 12, "ข้อ"),
        ("OIT 3 อำนาจหน้าที่", 3, "OIT"),
        ("  • [O12] รายการจัดซื้อ", 12, "O"),
        ("(O7) ข่าวประชาสัมพันธ์", 7, "O"),
        ("024รายงานผล", 24, "zero"),
        ("029ประกาศ", 29, "zero"),
        ("O1-O28 การเปิดเผยข้อมูล", 1, "O"),
        ("\nO18 ช่องทางแจ้งเรื่องร้องเรียน", 18, "O"),
        ("– O11 ไตรมาสที่ 1", 11, "O"),  # en dash bullet
        ("➜ O10 E-Service", 10, "O"),
        ("► 024รายงานผล", 24, "zero"),
        ("“O12” รายการจัดซื้อ", 12, "O"),
        ("O 6 :: แผนและความก้าวหน้าฯ :: เปิดดู", 6, "O"),
        ("O2 คลิก", 2, "O"),
    ],
)
def test_label_code(label, number, prefix):
    c = label_code(label)
    assert c is not None
    assert (c.number, c.prefix) == (number, prefix)
    assert label[c.start:c.end] == c.raw


@pytest.mark.parametrize(
    "label",
    [
        "แผนปฏิบัติการป้องกันการทุจริต O25",
        "ดาวน์โหลด O12",
        "2568 O12",
        "01 ตุลาคม 2567 ข่าว",
        "ข่าวประชาสัมพันธ์",
        "MOIT 5 แผน",
        "",
        "   ",
    ],
)
def test_label_code_none(label):
    assert label_code(label) is None


def test_code_mention_fields():
    c = read_codes("ข้อ ๐๑๐ E-Service")[0]
    assert isinstance(c, CodeMention)
    assert (c.number, c.start, c.end, c.raw, c.prefix) == (10, 0, 7, "ข้อ ๐๑๐", "zero")
    with pytest.raises(AttributeError):
        c.number = 11  # type: ignore[misc]
    assert set(PREFIXES) == {"O", "OIT", "ข้อ", "zero", "MOIT"}
    assert (MIN_CODE, MAX_CODE) == (1, 60)


def test_random_text_never_crashes_and_offsets_hold():
    rng = random.Random(28)
    pieces = ["O", "o", "OIT", "ข้อ", " ", "0", "๐", "1", "๒", "12", ".", ":", "-", "\n", "\t",
              "รายงาน", "ตุลาคม", "MOIT", "Co", "2568", "i", "e"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        for c in read_codes(text, include_moit=True):
            assert text[c.start:c.end] == c.raw
            assert MIN_CODE <= c.number <= MAX_CODE
            assert c.prefix in PREFIXES
        label_code(text)
        assessment_year_of(text)


# --- assessment_year_of ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, year",
    [
        ("ITA 2567", 2567),
        ("ITA2568", 2568),
        ("ita68", 2568),
        ("ITA-2568", 2568),
        ("ITA ปี 2569", 2569),
        ("การประเมิน ITA ปี 2569", 2569),
        ("ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", 2568),
        ("การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. 2568", 2568),
        ("การประเมินคุณธรรมและความโปร่งใส (ITA) ปี ๒๕๖๗", 2567),
        ("OIT 2568", 2568),
        ("(Open Data Integrity and Transparency Assessment : OIT) ประจำปี 2568", 2568),
        ("ITA 2568 (ปีงบประมาณ 2568)", 2568),
        ("ITA 2025", 2568),
        ("https://www.yasothon.go.th/images/ita2568/O12.pdf", 2568),
        ("/wp-content/uploads/ita2569/O12/skr.pdf", 2569),
        ("หน้าหลัก > ITA 2567 > O7 ข่าวประชาสัมพันธ์", 2567),
    ],
)
def test_assessment_year_of(text, year):
    assert assessment_year_of(text) == year


@pytest.mark.parametrize(
    "text",
    [
        "แผนปฏิบัติการป้องกันการทุจริต 2568",  # a year, but no assessment named
        "ประจำปีงบประมาณ พ.ศ. 2568",
        "OIT 12",  # an item code
        "OIT",
        "ITA",
        "https://itas.nacc.go.th/go/iit/abc",
        "capital 2568",
        "การประเมินคุณธรรมและความโปร่งใส",
        "",
    ],
)
def test_assessment_year_of_none(text):
    assert assessment_year_of(text) is None


def test_assessment_year_of_first_statement_wins():
    assert assessment_year_of("ITA 2568 เทียบกับ ITA 2567") == 2568


def test_assessment_year_of_seed():
    assert assessment_year_of(SEED.read_text(encoding="utf-8")) == 2568


@pytest.mark.parametrize(
    "text, number",
    [
        ("ข้อ0๑ โครงสร้าง", 1),
        ("ข้อ O๒๑ ประกาศเจตนารมณ์", 21),
        ("024รายงานผล", 24),
        ("O 6 :: แผน", 6),
        ("OIT 3 อำนาจหน้าที่", 3),
    ],
)
def test_codes_survive_normalize_for_matching(text, number):
    # the matcher reads codes out of normalize_for_matching() output
    from checklist.thaitext import normalize_for_matching

    assert [c.number for c in read_codes(normalize_for_matching(text))] == [number]
    assert label_code(normalize_for_matching(text)).number == number
