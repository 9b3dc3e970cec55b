"""Tests for checklist.thaitext (Thai text cleaning)."""

from __future__ import annotations

import random
import unicodedata

import pytest

from checklist.thaitext import (
    LEGACY_PUA_TO_THAI,
    THAI_COMBINING_MARKS,
    clean_text,
    has_meaningful_text,
    map_legacy_pua,
    thai_ratio,
)

NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
MAI_THO = "\u0e49"


# --- sara am -----------------------------------------------------------------

@pytest.mark.parametrize(
    "raw, expected",
    [
        # Tesseract / pdfminer: NIKHAHIT + SARA AA instead of SARA AM
        ("ส" + NIKHAHIT + SARA_AA + "นักงานจังหวัดยโสธร", "สำนักงานจังหวัดยโสธร"),
        ("ประจ" + NIKHAHIT + SARA_AA + "ปีงบประมาณ", "ประจำปีงบประมาณ"),
        # with a tone mark in between, in either order ("น ํ ้ า" and "น ้ ํ า")
        ("น" + NIKHAHIT + MAI_THO + SARA_AA, "น้ำ"),
        ("น" + MAI_THO + NIKHAHIT + SARA_AA, "น้ำ"),
        ("การบริหารจัดการน" + NIKHAHIT + MAI_THO + SARA_AA + "อย่างโปร่งใส",
         "การบริหารจัดการน้ำอย่างโปร่งใส"),
        # tone typed after SARA AM
        ("น\u0e33\u0e49", "น้ำ"),
        # the doubled "ำา" some extractors emit
        ("สำานักงาน", "สำนักงาน"),
        ("การดำาเนินงาน ประจำาปี", "การดำเนินงาน ประจำปี"),
    ],
)
def test_sara_am_repair(raw, expected):
    assert clean_text(raw) == expected


# --- legacy PUA ---------------------------------------------------------------

@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ผู\uf70bว\uf70aาราชการจังหวัด", "ผู้ว่าราชการจังหวัด"),  # low tone marks
        ("ป\uf705าไม\uf70b", "ป่าไม้"),  # down-left after an ascender, low
        ("ป\uf702\uf713", "ปี่"),  # sara ii + mai ek shifted left
        ("ฝ\uf710\uf713ง", "ฝั่ง"),  # mai han-akat + mai ek shifted left
        ("กตัญ\uf70fู", "กตัญญู"),  # yo ying without descender
        ("\uf700ุ", "ฐุ"),  # tho than without descender
        ("ฎ\uf718", "ฎุ"),  # sara u shifted down
        ("ก\uf711\uf70b\u0e32", "ก้ำ"),  # PUA nikhahit + low tone + sara aa -> sara am
        ("ผู \uf70b", "ผู้"),  # an extractor put a space before the mark
        ("ที\uf70a", "ที่"),
        ("ผู\uf88eว\uf88bา", "ผู้ว่า"),  # Mac-era code points
    ],
)
def test_legacy_pua_mapped(raw, expected):
    assert clean_text(raw) == expected


def test_pua_table_is_complete_and_matches_harfbuzz():
    # Every Windows-era code point U+F700..U+F71A is mapped.
    assert all(cp in LEGACY_PUA_TO_THAI for cp in range(0xF700, 0xF71B))
    assert all(cp in LEGACY_PUA_TO_THAI for cp in range(0xF884, 0xF89F))
    assert len(LEGACY_PUA_TO_THAI) == 54
    # Spot checks against HarfBuzz thai_pua_shape() and the TLWG glyph names.
    expected = {
        0xF700: "\u0e10", 0xF701: "\u0e34", 0xF702: "\u0e35", 0xF703: "\u0e36",
        0xF704: "\u0e37", 0xF705: "\u0e48", 0xF709: "\u0e4c", 0xF70A: "\u0e48",
        0xF70B: "\u0e49", 0xF70C: "\u0e4a", 0xF70D: "\u0e4b", 0xF70E: "\u0e4c",
        0xF70F: "\u0e0d", 0xF710: "\u0e31", 0xF711: "\u0e4d", 0xF712: "\u0e47",
        0xF713: "\u0e48", 0xF717: "\u0e4c", 0xF718: "\u0e38", 0xF719: "\u0e39",
        0xF71A: "\u0e3a", 0xF88B: "\u0e48", 0xF89E: "\u0e10",
    }
    for cp, ch in expected.items():
        assert LEGACY_PUA_TO_THAI[cp] == ch, hex(cp)
    # Only combining marks and the two descender consonants are targets.
    assert set(LEGACY_PUA_TO_THAI.values()) <= set(THAI_COMBINING_MARKS) | {"\u0e0d", "\u0e10"}


def test_pua_outside_thai_context_left_alone():
    # e.g. an icon font glyph that happens to share the PUA, next to Latin text
    assert map_legacy_pua("\uf70c Download") == "\uf70c Download"
    assert clean_text("[\uf70a] PDF") == "[\uf70a] PDF"
    assert map_legacy_pua("ไม\uf70b") == "ไม้"
    assert map_legacy_pua("") == ""
    assert map_legacy_pua("ไม่มี") == "ไม่มี"


# --- invisible characters, spaces, controls -------------------------------------

@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ประกาศ\u200bจังหวัด", "ประกาศจังหวัด"),
        ("ประกาศ\u200cจังหวัด\u200d", "ประกาศจังหวัด"),
        ("\ufeffแผนปฏิบัติการ\u2060", "แผนปฏิบัติการ"),
        ("ทุจ\u00adริต", "ทุจริต"),
        ("พ.ศ.\u00a0๒๕๖๘", "พ.ศ. ๒๕๖๘"),
        ("พ.ศ.\u2003\u202f๒๕๖๘", "พ.ศ. ๒๕๖๘"),
        ("ข้อมูล\u3000พื้นฐาน", "ข้อมูล พื้นฐาน"),
        ("abc\x00\x07def\x1b", "abcdef"),
        ("a\x85b", "a\nb"),
        ("line1\r\nline2\rline3\x0cline4", "line1\nline2\nline3\nline4"),
        ("ก่่อน", "ก่อน"),  # doubled tone mark
        ("ที่่", "ที่"),
        ("เเผนงาน", "แผนงาน"),  # two SARA E for SARA AE
        ("ต ้องการ กรณ ีที่ ถ ึง", "ต้องการ กรณีที่ ถึง"),  # spaces before marks
    ],
)
def test_invisible_and_spacing(raw, expected):
    assert clean_text(raw) == expected


def test_whitespace_collapse_keeps_newlines_and_tabs():
    raw = "  หัวข้อ   หนึ่ง  \n\n\n   บรรทัด\tสอง\t\tสาม \t สี่  \n"
    assert clean_text(raw) == "หัวข้อ หนึ่ง\nบรรทัด\tสอง\tสาม\tสี่"


def test_latin_untouched_except_spacing():
    raw = "Integrity  and   Transparency Assessment (ITA) 2025:\te-Service, O1–O28!"
    assert clean_text(raw) == "Integrity and Transparency Assessment (ITA) 2025:\te-Service, O1–O28!"
    assert clean_text("Cafe\u0301 NAÏVE") == "Café NAÏVE"  # NFC, case kept
    assert clean_text("https://www.example.go.th/ita/2568?x=1&y=2") == (
        "https://www.example.go.th/ita/2568?x=1&y=2"
    )


def test_thai_digits_and_correct_text_unchanged():
    good = (
        "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘\n"
        "ผู้ว่าราชการจังหวัดยโสธร ที่ ยส ๐๐๑๗/๒๕๖๘ น้ำ เพื่อ ทั่วถึง กี่ ฤๅษี"
    )
    assert clean_text(good) == good


def test_empty_and_whitespace_only():
    assert clean_text("") == ""
    assert clean_text(" \n\t\u200b\u00a0 ") == ""


# --- idempotence -------------------------------------------------------------------

SAMPLES = [
    "ส" + NIKHAHIT + SARA_AA + "นักงาน  จังหวัด\u200bยโสธร\u00a0",
    "ผู\uf70bว\uf70aาราชการจังหวัด",
    "น" + MAI_THO + NIKHAHIT + SARA_AA + " สำา เเผน ก่่",
    "ต ้องการ\r\n\r\n\tกรณ ีที่",
    "\uf70c icon ไม\uf70b",
    "Hello   World\t\t!",
]


@pytest.mark.parametrize("s", SAMPLES)
def test_idempotent_samples(s):
    once = clean_text(s)
    assert clean_text(once) == once


def test_idempotent_fuzz():
    rng = random.Random(20251125)
    alphabet = (
        [chr(c) for c in range(0x0E01, 0x0E5C)]
        + list(" \t\n\r\u200b\u00a0\u00ad\x07aZ1.")
        + [chr(c) for c in range(0xF700, 0xF71B)]
        + ["\u0e4d\u0e32", "\u0e33\u0e32", "\u0e40\u0e40", "\u0e48\u0e48"]
    )
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        once = clean_text(s)
        assert clean_text(once) == once, repr(s)
        assert unicodedata.is_normalized("NFC", once)


# --- thai_ratio / has_meaningful_text --------------------------------------------------

def test_thai_ratio():
    assert thai_ratio("") == 0.0
    assert thai_ratio("1234 ๒๕๖๘ !!") == 0.0
    assert thai_ratio("แผน ITA") == pytest.approx(0.5)  # แ ผ น vs I T A
    assert thai_ratio("ประกาศ") == 1.0
    assert thai_ratio("Annual report") == 0.0


def test_has_meaningful_text():
    assert has_meaningful_text("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ๒๕๖๘")
    assert has_meaningful_text("Integrity and Transparency Assessment 2025")
    assert not has_meaningful_text("")
    assert not has_meaningful_text(" \n \x0c \n")
    assert not has_meaningful_text("ประกาศ")  # too short
    assert has_meaningful_text("ประกาศ", min_chars=5)
    assert not has_meaningful_text("- 1 -\n- 2 -\n12/34 567")  # page numbers of a scan
    assert not has_meaningful_text("(cid:12)(cid:15)(cid:3)" * 20)
    # TIS-620 bytes read as Latin-1 (mojibake): not counted as letters
    mojibake = "แผนปฏิบัติการป้องกันการทุจริต".encode("cp874").decode("latin-1")
    assert not has_meaningful_text(mojibake * 3)
    # garbage outweighs the good characters
    assert not has_meaningful_text("\ufffd\u25a1\u25a0" * 30 + "abcdefghijklmnopqrstuvwxyz")
