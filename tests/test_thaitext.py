"""Tests for checklist.thaitext (Thai text cleaning)."""

from __future__ import annotations

import random
import unicodedata

import pytest

from checklist.thaitext import (
    DASHES,
    LEGACY_PUA_TO_THAI,
    THAI_COMBINING_MARKS,
    arabic_digits_to_thai,
    clean_text,
    collapse_dot_noise,
    has_meaningful_text,
    map_legacy_pua,
    match_key,
    match_key_no_tones,
    normalize_dashes,
    normalize_for_matching,
    repair_split_words,
    scan_form,
    thai_digits_to_arabic,
    thai_ratio,
    tokenize,
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


# =====================================================================================
# Matching layer: digits, dashes, dot noise, normalize_for_matching, keys, tokens
# =====================================================================================

@pytest.mark.parametrize(
    "thai, arabic",
    [
        ("๒๕๖๘", "2568"),
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘", "ประจำปีงบประมาณ พ.ศ. 2568"),
        ("ข้อ ๐๑๐ E-Service", "ข้อ 010 E-Service"),
        ("๙๙.๓๓ คะแนน", "99.33 คะแนน"),
        ("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
        ("no digits", "no digits"),
        ("", ""),
    ],
)
def test_digit_conversion(thai, arabic):
    assert thai_digits_to_arabic(thai) == arabic
    assert arabic_digits_to_thai(arabic) == thai


def test_digit_round_trip_property():
    rng = random.Random(2568)
    alphabet = list("0123456789๐๑๒๓๔๕๖๗๘๙ กขคabc.-/")
    for _ in range(2000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        a = thai_digits_to_arabic(s)
        t = arabic_digits_to_thai(s)
        assert len(a) == len(s) == len(t)
        assert not any("\u0e50" <= c <= "\u0e59" for c in a)
        assert not any("0" <= c <= "9" for c in t)
        assert thai_digits_to_arabic(arabic_digits_to_thai(a)) == a
        assert arabic_digits_to_thai(thai_digits_to_arabic(t)) == t


@pytest.mark.parametrize("dash", list(DASHES) + ["-"])
def test_normalize_dashes_every_variant(dash):
    assert normalize_dashes(f"E{dash}Service") == "E-Service"


def test_normalize_dashes_examples():
    assert normalize_dashes("E–Service") == normalize_dashes("E-Service") == "E-Service"
    assert normalize_dashes("พ.ศ. 2566 – 2570") == "พ.ศ. 2566 - 2570"
    assert normalize_dashes("O1—O28 ﹣ x － y ‑ z − w") == "O1-O28 - x - y - z - w"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("พ.ศ..2568", "พ.ศ. 2568"),
        ("พ.ศ.2568", "พ.ศ. 2568"),
        ("พ.ศ 2568", "พ.ศ. 2568"),
        ("พ.ศ.  2568", "พ.ศ. 2568"),
        ("พ. ศ. 2568", "พ.ศ. 2568"),
        ("พ.ศ.๒๕๖๘", "พ.ศ. ๒๕๖๘"),
        ("พศ.2568", "พ.ศ. 2568"),
        ("ค.ศ.2025", "ค.ศ. 2025"),
        ("ปีงบประมาณ2568", "ปีงบประมาณ 2568"),
        ("ประจำปีงบประมาณ พ.ศ.2568", "ประจำปีงบประมาณ พ.ศ. 2568"),
        ("ปีงบฯ68", "ปีงบฯ 68"),
        ("ปีพ.ศ.2568", "ปี พ.ศ. 2568"),
        ("ข้อ0๑", "ข้อ 0๑"),
        ("แผนพัฒนาจังหวัด พ.ศ.2566-2570", "แผนพัฒนาจังหวัด พ.ศ. 2566-2570"),
        # left alone
        ("9.5", "9.5"),
        ("ตัวชี้วัดย่อยที่ 9.1", "ตัวชี้วัดย่อยที่ 9.1"),
        ("O 6 ::", "O 6 ::"),
        ("สขร.1", "สขร.1"),
        ("พ.ศ. 2568", "พ.ศ. 2568"),
        ("พ.ศ.", "พ.ศ."),
        ("www.yasothon.go.th/ita2568", "www.yasothon.go.th/ita2568"),
        ("024รายงานผล", "024รายงานผล"),
        ("", ""),
    ],
)
def test_collapse_dot_noise(raw, expected):
    assert collapse_dot_noise(raw) == expected
    assert collapse_dot_noise(expected) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ..๒๕๖๘",
         "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568"),
        ("E–Service", "e-service"),
        ("  O25\tแผน  ป้องกัน\nการทุจริต  ", "o25 แผน ป้องกัน การทุจริต"),
        ("ส" + NIKHAHIT + SARA_AA + "นักงาน\u200bจังหวัด", "สำนักงานจังหวัด"),
        ("ITA ปีงบฯ68 (PDF)", "ita ปีงบฯ 68 (pdf)"),
        ("ข้อ O๒๑ ประกาศเจตนารมณ์", "ข้อ o21 ประกาศเจตนารมณ์"),
        ("", ""),
    ],
)
def test_normalize_for_matching(raw, expected):
    assert normalize_for_matching(raw) == expected


def test_normalize_for_matching_long_text_not_cached_but_same():
    long = ("รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ.๒๕๖๗\n" * 100)
    out = normalize_for_matching(long)
    assert "\n" not in out and "  " not in out
    assert out.startswith("รายงานผลการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567 รายงาน")


@pytest.mark.parametrize(
    "a, b",
    [
        ("E–Service", "E-Service"),
        ("E-Service", "e service"),
        ("แผนปฏิบัติการ ป้องกันการทุจริต", "แผนปฏิบัติการป้องกันการทุจริต"),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๘", "ปีงบประมาณ พ.ศ.2568"),
        ("“ข้อมูลผู้บริหาร”", "ข้อมูลผู้บริหาร"),
        ("O25 : แผนปฏิบัติการ", "o25 แผนปฏิบัติการ"),
        ("ส" + NIKHAHIT + SARA_AA + "นักงาน", "สำนักงาน"),
        ("ต ้องการ", "ต้องการ"),
    ],
)
def test_match_key_equal(a, b):
    assert match_key(a) == match_key(b)


def test_match_key_contents():
    assert match_key("E–Service (PDF, 1.2 MB)") == "eservicepdf12mb"
    assert match_key("ประจำปีงบประมาณ พ.ศ. ๒๕๖๘") == "ประจำปีงบประมาณพศ2568"
    assert match_key("ฯลฯ ๆ ฿100 ๏ _x_") == "ฯลฯๆ100x"  # ฯ ๆ are letters, ฿ ๏ _ are not
    assert match_key("") == "" and match_key(" \n\t ") == ""
    # marks are kept, tone marks included
    assert match_key("ผู้ว่าราชการ") == "ผู้ว่าราชการ"


def test_match_key_no_tones():
    assert match_key_no_tones("ผู้ว่าราชการจังหวัด") == "ผูวาราชการจังหวัด"
    # an extractor that lost or misplaced tone marks still meets the same key
    assert match_key_no_tones("ผู ว่าราชการ") == match_key_no_tones("ผูวาราชการ")
    assert match_key_no_tones("แผนปฏิบัติการป้องกันการทุจริต") == match_key_no_tones("แผนปฏิบัติการปองกันการทุจริต")
    assert match_key_no_tones("ก๊ก ก๋") == "กกก"
    assert match_key_no_tones("") == ""


MATCH_SAMPLES = [
    "แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ..๒๕๖๘",
    "O 6 :: แผนและความก้าวหน้า",
    "E–Service ﹣ บริการออนไลน์",
    "ข้อ ๐๑๐ E-Service\t๑๐๐",
    "ปีงบฯ68 ปีพ.ศ.2568 ค.ศ.2025 9.5",
    "เ เผน สำ.า ก ่",
    "ผู\uf70bว\uf70aาราชการ",
]


@pytest.mark.parametrize("s", MATCH_SAMPLES)
def test_matching_forms_idempotent(s):
    n = normalize_for_matching(s)
    assert normalize_for_matching(n) == n
    k = match_key(s)
    assert match_key(k) == k
    kt = match_key_no_tones(s)
    assert match_key_no_tones(kt) == kt


def test_matching_forms_idempotent_fuzz():
    rng = random.Random(20251126)
    alphabet = (
        [chr(c) for c in range(0x0E01, 0x0E5C)]
        + list(" \t\n.:-–—()/_,AaZzOo0123456789\u200b\u00a0")
        + ["พ.ศ.", "ปีงบฯ", "\u0e4d\u0e32", "\u0e33\u0e32", "\u0e40\u0e40"]
        + [chr(c) for c in range(0xF700, 0xF71B)]
    )
    for _ in range(1500):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        n = normalize_for_matching(s)
        assert normalize_for_matching(n) == n, repr(s)
        k = match_key(s)
        assert match_key(k) == k, repr(s)
        assert not any(c.isspace() for c in k)
        kt = match_key_no_tones(s)
        assert match_key_no_tones(kt) == kt, repr(s)
        assert not any(c in "\u0e48\u0e49\u0e4a\u0e4b" for c in kt)


def test_scan_form_same_length_and_offsets():
    s = "ข้อ O๒๑\u00a0E–Service\u200b ปีงบ ๒๕๖๘"
    f = scan_form(s)
    assert len(f) == len(s)
    assert f == "ข้อ o21 e-service  ปีงบ 2568"
    i = f.index("2568")
    assert s[i:i + 4] == "๒๕๖๘"


def test_tokenize_basic():
    toks = tokenize("แผนปฏิบัติการป้องกันการทุจริต  ประจำปี 2568\n")
    assert toks[:5] == ["แผน", "ปฏิบัติ", "การป้องกัน", "การ", "ทุจริต"]
    assert "2568" in toks
    assert all(t.strip() == t and t for t in toks)
    assert tokenize("") == []
    assert tokenize(" \n ") == []


def test_tokenize_long_text_in_chunks_matches_short():
    unit = "รายงานผลการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2567 "
    short = tokenize(unit)
    long = tokenize(unit * 400)  # ~25k chars: segmented in chunks, still word for word
    assert long == short * 400


def test_tokenize_long_run_without_spaces():
    run = "การประเมินคุณธรรมและความโปร่งใส" * 120  # 3.8k chars, no whitespace: hard cuts
    toks = tokenize(run)
    assert "".join(toks) == run
    # no token starts with a combining mark (cuts never fall before one)
    assert not any(t[0] in THAI_COMBINING_MARKS for t in toks)


# --- stray spaces inside Thai words (PDF extraction) ----------------------------------------

# Lines as pypdfium2 5 extracted them from PDFs that LibreOffice 7.4 exported in the TLWG fonts
# Garuda, Kinnari and Umpush (16 pt), and what the repair must make of them.  Every space it
# removes here was absent from the source text; every space it keeps was there (or sits at a
# word boundary, like "ประจำปี งบประมาณ").
PDFIUM_LINES = [
    ("แผนปฏิบัติการป้ องกันการทุจริตและประพฤติมิชอบ ประจำ",
     "แผนปฏิบัติการป้องกันการทุจริตและประพฤติมิชอบ ประจำ"),
    ("๑. ส่งเสริมให้เจ้าหน้ าที่ปฏิบัติหน้ าที่ด้วยความซื่อสัตย์สุจริต ไม่",
     "๑. ส่งเสริมให้เจ้าหน้าที่ปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต ไม่"),
    ("น้ำประปาหมู่บ้าน ไฟฟ้ าส่องสว่าง ซ่อมแซมท่อระบายน้ำ ขุดลอก",
     "น้ำประปาหมู่บ้าน ไฟฟ้าส่องสว่าง ซ่อมแซมท่อระบายน้ำ ขุดลอก"),
    ("เพื่อให้การบริหารราชการเป็ นไปด้วยความโปร่งใส ตรวจสอบได้ ผู้ว่า",
     "เพื่อให้การบริหารราชการเป็นไปด้วยความโปร่งใส ตรวจสอบได้ ผู้ว่า"),
    ("๒. เผยแพร่ข้อมูลข่าวสารการจัดซื้ อจัดจ้าง ผลการพิจารณา และ",
     "๒. เผยแพร่ข้อมูลข่าวสารการจัดซื้อจัดจ้าง ผลการพิจารณา และ"),
    ("การเปิ ดโอกาสให้เกิดการมีส่วนร่วม การประชุมประชาคมหมู่บ้าน",
     "การเปิดโอกาสให้เกิดการมีส่วนร่วม การประชุมประชาคมหมู่บ้าน"),
    ("และการรับฟั งความคิดเห็นของผู้มีส่วนได้ส่วนเสีย",
     "และการรับฟังความคิดเห็นของผู้มีส่วนได้ส่วนเสีย"),
    ("เอื้ อประโยชน์แก่ตนเองหรือพวกพ้อง", "เอื้อประโยชน์แก่ตนเองหรือพวกพ้อง"),
    ("ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้ นฐาน", "ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน"),
    ("การเปิ ดเผยข้อมูลสาธารณะ (OIT) ประจำปี งบประมาณ พ.ศ. 2568",
     "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปี งบประมาณ พ.ศ. 2568"),
    ("O2 ข้อมูลผู้บริหาร ข้อมูลผู้บริหารฝ่ ายการเมือง ข้อมูลผู้บริหารฝ่ าย",
     "O2 ข้อมูลผู้บริหาร ข้อมูลผู้บริหารฝ่ายการเมือง ข้อมูลผู้บริหารฝ่าย"),
    ("O 6 :: แผนและความก้าวหน้าฯ :: เปิ ดดู", "O 6 :: แผนและความก้าวหน้าฯ :: เปิดดู"),
]


@pytest.mark.parametrize("raw, expected", PDFIUM_LINES)
def test_repair_split_words_real_pdfium_lines(raw, expected):
    assert repair_split_words(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ป้ องกัน", "ป้องกัน"),
        ("ผู้ ว่าราชการจังหวัดยโสธร", "ผู้ว่าราชการจังหวัดยโสธร"),      # bound prefix ผู้
        ("ส่งเสริมความ ร่วมมือ", "ส่งเสริมความร่วมมือ"),                # bound prefix ความ
        ("หน้ าที่", "หน้าที่"),                                       # right part starts with า
        ("ที่ดินและสิ่งปลูกสร้างของราชการเ พื่อประชาชน", "ที่ดินและสิ่งปลูกสร้างของราชการเพื่อประชาชน"),  # dangling เ
        ("การบริหารและพัฒนาทรัพ ยากรบุคคล", "การบริหารและพัฒนาทรัพยากรบุคคล"),
        ("ประกา ศผู้ชนะการเสนอราคา", "ประกาศผู้ชนะการเสนอราคา"),        # fragment after the space
        ("การป้ องกัน การทุจริต", "การป้องกัน การทุจริต"),
        ("การเ ปิ ดเผยข้อมูล", "การเปิดเผยข้อมูล"),                     # letter-spaced (justified) line
    ],
)
def test_repair_split_words_joins(raw, expected):
    assert repair_split_words(raw) == expected


@pytest.mark.parametrize(
    "s",
    [
        "ประจำปี งบประมาณ",                 # two dictionary words: the space may be real
        "ที่ ดิน",                          # ambiguous by design: both words known -> kept
        "การดำ เนินงาน",                     # ดำ is a word: kept (a missed repair, not a wrong one)
        "ประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๗",
        "นายสมชาย ใจดี นายกเทศมนตรีตำบลบ้านใหม่",
        "เทศบาลตำบลบ้านใหม่ อำเภอเมือง จังหวัดยโสธร",
        "ส่วนราชการ ทุกแห่ง",                 # ends with การ, but ราชการ is a word
        "สำนักงาน ก.พ. และ ป.ป.ช.",
        "ปีงบประมาณ พ.ศ. ๒๕๖๘",               # abbreviation after the space
        "เผยแพร่ข้อมูลข่าวสาร สทร. (ฉบับปรับปรุง)",
        "ก ข ค ง",                           # an enumeration of letters
        "ข้อ ก ข้อ ข",
        "งานต่าง ๆ ของเทศบาล",
        "ข้อมูลสถิตการให้บริการ งานทะเบียนราษฎร",
        "บริ\nการ ประชุม",                    # "การ" starting a wrapped line is no prefix
        "ITA 2568 ข้อมูลพื้นฐาน",
        "ราคากลาง 498,000 บาท",
        "",
        "no thai here at all",
    ],
)
def test_repair_split_words_keeps_real_spaces(s):
    assert repair_split_words(s) == s


def test_repair_split_words_idempotent_and_clean():
    texts = [raw for raw, _ in PDFIUM_LINES] + ["เ ปิ ด เ ผ ย ข้ อ มู ล ส า ธ า ร ณ ะ", "ก ก ก ก ก", "กก กก"]
    rng = random.Random(20251125)
    alphabet = [chr(c) for c in range(0x0E01, 0x0E5C)] + [" ", " ", " ", ".", "\n", "a"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(400)]
    for t in texts:
        once = repair_split_words(t)
        assert repair_split_words(once) == once, repr(t)
        # it only ever removes spaces
        assert once.replace(" ", "") == t.replace(" ", ""), repr(t)
        c = clean_text(t)
        assert clean_text(repair_split_words(c)) == repair_split_words(c), repr(t)


def test_repair_split_words_fast_enough():
    import time

    lines = [raw for raw, _ in PDFIUM_LINES] + [exp for _, exp in PDFIUM_LINES]
    text = "\n".join(lines)
    big = (text + "\n") * (500_000 // (len(text) + 1))
    repair_split_words("ป้ องกัน")  # load the dictionary and tokenizer once
    t0 = time.perf_counter()
    out = repair_split_words(big)
    assert time.perf_counter() - t0 < 5  # ~0.05 s here: repeated phrases hit the decision cache
    assert out.count("ป้ อง") == 0
