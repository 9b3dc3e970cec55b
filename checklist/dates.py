"""Thai dates and years: calendar arithmetic, date parsing, year mentions, the year a text is *for*.

Thai fiscal year N (Buddhist Era, BE = CE + 543) runs 1 Oct (N-1) .. 30 Sep N:
FY2568 = 2024-10-01 .. 2025-09-30.

PyThaiNLP's ``thai_strptime`` raises on Thai digits and on any surrounding text,
so everything here is regexes over ``thaitext.scan_form(text)``: a same-length
copy with Thai digits folded to Arabic, dashes to "-" and ASCII lower-cased, so
every offset reported is an offset into the caller's string and ``raw`` is the
text as written.  Pass ``clean_text`` output for best results (decomposed SARA
AM is tolerated in the keywords, PUA glyphs are not).

Public API
----------
``ce_to_be(y)``, ``be_to_ce(y)``
``fiscal_year_of(d) -> int``                   BE fiscal year of a date
``fiscal_year_bounds(be) -> (date, date)``     first and last day of a fiscal year
``calendar_year_of_month(fiscal_be, month)``   BE calendar year of a month of a fiscal year
``parse_thai_date(text) -> date | None``       the first date in ``text``
``find_dates(text) -> list[DateMention]``
``find_years(text) -> list[YearMention]``
``primary_year(text, *, head_chars=400) -> YearMention | None``
``procurement_months(text) -> set[tuple[int, int]]``   (CE year, month) of monthly procurement summaries
``KIND_ORDER``                                 the year kinds, strongest first
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date

from checklist.thaitext import scan_form

__all__ = [
    "KIND_ORDER",
    "DateMention",
    "YearMention",
    "be_to_ce",
    "calendar_year_of_month",
    "ce_to_be",
    "find_dates",
    "find_years",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "parse_thai_date",
    "primary_year",
    "procurement_months",
]

BE_OFFSET = 543

#: Year kinds, strongest evidence of "the year this is for" first.
KIND_ORDER: tuple[str, ...] = ("fiscal", "span", "month", "date", "be", "ce")
_RANK = {k: i for i, k in enumerate(KIND_ORDER)}

# Plausible years.  BE 2400-2700 is CE 1857-2157; CE years standing alone are
# only believed in a narrow modern band because 4-digit numbers are everywhere.
BE_MIN, BE_MAX = 2400, 2700
CE_MIN, CE_MAX = 1990, 2100
# A date or a "ค.ศ."-marked year may be older (laws cited by date).
_CE_DATE_MIN = 1900
# Two-digit years are BE ("ปี 68" = 2568).  After a bare cue ("ปี 25") only
# 2540-2599 is believed; in a full date with day and month any 25xx is.
_YY_MIN = 40
# A multi-year plan longer than this is not a plan (the national strategy is 20 years).
_MAX_SPAN = 20


def ce_to_be(year: int) -> int:
    return year + BE_OFFSET


def be_to_ce(year: int) -> int:
    return year - BE_OFFSET


def fiscal_year_of(d: date) -> int:
    """BE fiscal year that ``d`` falls in: 2024-10-01 .. 2025-09-30 -> 2568."""
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)


def fiscal_year_bounds(be: int) -> tuple[date, date]:
    """(1 Oct of the previous year, 30 Sep) of BE fiscal year ``be``: 2568 -> (2024-10-01, 2025-09-30)."""
    ce = be - BE_OFFSET
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def calendar_year_of_month(fiscal_be: int, month: int) -> int:
    """BE calendar year of ``month`` within fiscal year ``fiscal_be`` (Oct-Dec belong to the year before)."""
    return fiscal_be - 1 if month >= 10 else fiscal_be


@dataclass(frozen=True)
class DateMention:
    date: date
    start: int
    end: int
    raw: str


@dataclass(frozen=True)
class YearMention:
    """A year stated in a text.

    ``year`` is BE.  Its meaning depends on ``kind``:

    - ``fiscal``: a fiscal/annual year cue ("ปีงบประมาณ 2568", "ปีงบฯ 68", "FY2568", "ประจำปี 2568",
      "ปี 68"); ``year`` is that year.
    - ``span``: a multi-year range ("พ.ศ. 2566-2570", "2566-70"); ``year`` = first, ``end_year`` = last.
    - ``month``: a month with its year, no day ("เดือน ตุลาคม 2567", "ต.ค. 67", an upload folder
      "/2024/10/"); ``year`` is the FISCAL year the month falls in (ต.ค. 2567 -> 2568), ``month``
      is 1-12.  The calendar year is ``calendar_year_of_month(year, month)``.
    - ``date``: a full date; ``year`` is the fiscal year of the date, ``month`` its month.
    - ``be``: a bare BE year (2400-2700, or after "พ.ศ."); ``year`` as written (calendar BE).
    - ``ce``: a CE year (1990-2100, standing alone or after "ค.ศ."), converted to calendar BE.
    """

    year: int
    kind: str
    start: int
    end: int
    raw: str
    end_year: int | None = None
    month: int | None = None


# ---------------------------------------------------------------------------
# Regex building blocks (over scan_form text: Arabic digits, "-" dashes, lower-case ASCII).
# ---------------------------------------------------------------------------

_AM = "(?:\u0e33|\u0e4d\u0e32)"  # SARA AM, also decomposed (NIKHAHIT + SARA AA)
_PRACHAM = f"ประจ{_AM}"
_TH_LETTER = "\u0e01-\u0e2e"
_TH_WORD = "\u0e01-\u0e4e"  # letters, vowels, marks
_ERA_BE = r"พ\s?\.?\s?ศ(?:\s?\.)*"
_ERA_CE = r"ค\s?\.?\s?ศ(?:\s?\.)*"

_MONTHS_FULL: dict[int, tuple[str, ...]] = {
    1: ("มกราคม", "มกรา"),
    2: ("กุมภาพันธ์", "กุมภาพันธ", "กุมภา"),
    3: ("มีนาคม", "มีนา"),
    4: ("เมษายน", "เมษา"),
    5: ("พฤษภาคม", "พฤษภา"),
    6: ("มิถุนายน", "มิถุนา"),
    7: ("กรกฎาคม", "กรกฏาคม", "กรกฎา", "กรกฏา"),  # ฏ for ฎ is a common misspelling
    8: ("สิงหาคม", "สิงหา"),
    9: ("กันยายน", "กันยา"),
    10: ("ตุลาคม", "ตุลา"),
    11: ("พฤศจิกายน", "พฤศจิกา"),
    12: ("ธันวาคม", "ธันวา"),
}
_MONTHS_ABBR: dict[int, tuple[str, str]] = {
    1: ("ม", "ค"), 2: ("ก", "พ"), 3: ("มี", "ค"), 4: ("เม", "ย"), 5: ("พ", "ค"), 6: ("มิ", "ย"),
    7: ("ก", "ค"), 8: ("ส", "ค"), 9: ("ก", "ย"), 10: ("ต", "ค"), 11: ("พ", "ย"), 12: ("ธ", "ค"),
}
_MONTHS_EN: dict[int, tuple[str, str]] = {
    1: ("january", "jan"), 2: ("february", "feb"), 3: ("march", "mar"), 4: ("april", "apr"),
    5: ("may", "may"), 6: ("june", "jun"), 7: ("july", "jul"), 8: ("august", "aug"),
    9: ("september", "sep"), 10: ("october", "oct"), 11: ("november", "nov"), 12: ("december", "dec"),
}

_MONTH_LOOKUP: dict[str, int] = {}
for _m, _names in _MONTHS_FULL.items():
    for _n in _names:
        _MONTH_LOOKUP[_n] = _m
for _m, (_a, _b) in _MONTHS_ABBR.items():
    _MONTH_LOOKUP[_a + _b] = _m
for _m, (_full, _short) in _MONTHS_EN.items():
    _MONTH_LOOKUP[_full] = _m
    _MONTH_LOOKUP[_short] = _m
_MONTH_LOOKUP["sept"] = 9


def _month_number(raw_month: str) -> int | None:
    return _MONTH_LOOKUP.get(re.sub(r"[\s.]", "", raw_month))


_full_alts = sorted((n for names in _MONTHS_FULL.values() for n in names), key=len, reverse=True)
_abbr_alts = sorted({f"{a}\\.\\s?{b}\\.?|{a}{b}\\.?" for a, b in _MONTHS_ABBR.values()}, key=len, reverse=True)
_en_alts = sorted({n for pair in _MONTHS_EN.values() for n in pair} | {"sept"}, key=len, reverse=True)
# Abbreviations are short and collide with other Thai initialisms: "ก.พ." is also
# the Civil Service Commission, "ก.พ.ร.", "ก.ค.ศ.", "ส.ค.ส.", "อ.ส.ค." are not
# months.  So an abbreviation must not be glued to a preceding Thai word (except
# "เดือน") or be one link of a longer chain of initials; "พ.ศ."/"ค.ศ." after it
# is fine.
_MONTH_ABBR_RE = (
    f"(?:(?<=เดือน)|(?<![{_TH_WORD}]))(?<![{_TH_LETTER}]\\.)(?<![{_TH_LETTER}]\\.\\s)"
    f"(?:{'|'.join(_abbr_alts)})"
    f"(?!\\.?\\s?(?![พค]\\.\\s?ศ)[{_TH_LETTER}]\\.)(?!(?![พค]\\.\\s?ศ)[{_TH_LETTER}])"
)
_MONTH_RE = (
    f"(?P<mon>(?:{'|'.join(_full_alts)})|{_MONTH_ABBR_RE}"
    f"|(?<![a-z])(?:{'|'.join(_en_alts)})\\.?(?![a-z]))"
)
# A year after a month: optional era, then 4 or 2 digits not part of a longer
# number, a decimal or an amount.
_YEAR_AFTER_MONTH = (
    f"(?:[ \\t,]{{0,4}}(?P<era>{_ERA_BE}|{_ERA_CE}|a\\.?d\\.?)?[ \\t.]{{0,4}})"
    r"(?P<year>(?<!\d)\d{4}|(?<!\d)\d{2})(?!\d)(?![.,]\d)"
)
# Justified PDF text puts several spaces between the parts.
# (Not across lines: "1\nตุลาคม 2567" is a numbered list entry, not 1 October.)
_DAY_RE = r"(?:(?:ณ\s{0,3})?วันที่\s{0,4})?(?<![\d.,/:])(?P<day>\d{1,2})(?!\d)[ \t]{0,4}(?:เดือน[ \t]{0,4})?"

_RE_TEXT_DATE = re.compile(_DAY_RE + _MONTH_RE + _YEAR_AFTER_MONTH)
_RE_MONTH_YEAR = re.compile(
    f"(?:(?:{_PRACHAM})?เดือน\\s?)?" + _MONTH_RE + _YEAR_AFTER_MONTH
)
# 15/08/2568, 15-08-2025, 15.08.2568, 15/08/68 (two-digit years only with "/":
# "1.2.68" and "1-2-68" are more often clause or document numbers).
_RE_NUM_DATE = re.compile(
    r"(?<![\d./\-,:])(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<mon>\d{1,2})(?P=sep)"
    r"(?P<year>\d{4}|(?<=/)\d{2})(?!\d)(?![.,/:\-]\d)"
)
# 2025-08-15, 2568-08-15, 2025/08/15 (WordPress upload paths)
_RE_ISO_DATE = re.compile(
    r"(?<![\d.\-,:])(?<!\d/)(?P<year>\d{4})(?P<sep>[\-/])(?P<mon>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)(?![.,:]\d)"
)

_FISCAL_CUE = (
    f"(?:{_PRACHAM}\\s?)?ปี\\s?งบ\\s?ประมาณ"
    r"|ปีงบฯ|ปีงบ\.?"
    f"|(?:{_PRACHAM}\\s?)?ปี(?!ที่|ละ|การ)"
    r"|(?<![a-z])fy"
)
# Upload folders "/2025/08/" (WordPress, many CMSs): the month a file was put online.
_RE_PATH_MONTH = re.compile(r"(?<=/)(?P<year>\d{4})/(?P<mon>\d{2})/(?!\d)")
_RE_FISCAL = re.compile(
    f"(?P<cue>{_FISCAL_CUE})[\\s.:'\\-]{{0,3}}(?:(?P<era>{_ERA_BE})[\\s.]{{0,3}})?"
    r"(?P<year>(?<!\d)\d{4}|(?<!\d)\d{2})(?!\d)(?![.,]\d)"
)
_RE_SPAN = re.compile(
    f"(?:(?:{_FISCAL_CUE})[\\s.:]{{0,3}})?(?:\\(\\s?)?(?:{_ERA_BE}[\\s.]{{0,3}})?"
    r"(?<!\d)(?<!\d[.,])(?P<y1>\d{4})(?!\d)\s{0,3}(?:-|ถึง|~)\s{0,3}"
    f"(?:(?:ปี\\s?)?{_ERA_BE}[\\s.]{{0,3}})?"
    r"(?P<y2>\d{4}|\d{2})(?!\d)(?![.,/:\-]\d)(?:\s?\))?"
)
_RE_ERA_YEAR = re.compile(
    f"(?:(?P<be>{_ERA_BE})|(?P<ce>{_ERA_CE}))[\\s.]{{0,3}}"
    r"(?P<year>(?<!\d)\d{4}|(?<!\d)\d{2})(?!\d)(?![.,]\d)"
)
_RE_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
# Counted things: a 4-digit number before a unit is an amount, not a year.
# Units that also begin ordinary words after a year ("2568 รายงาน…", "2568 ฉบับ
# ทบทวน", "1/2568 เรื่อง …", "2568 ตัวชี้วัด", "2568 หน่วยงาน") are not listed
# or must stand alone.
_RE_UNIT_AFTER = re.compile(
    r"[ \t]?(?:บาท|ล้าน|แสน|หมื่น|%|เปอร์เซ็นต์|baht|thb|kb|mb|ตร\.|กม\."
    r"|(?:คน|ราย|ครั้ง|ไร่|ชิ้น|เล่ม|ลิตร|เมตร|กิโลเมตร|กิโลกรัม)(?![\u0e01-\u0e4e]))"
)
# Phone and fax numbers (Thai formats: 0-4571-2568, 045-712568, 02-123-4567,
# 081-234-5678) and anything right after a phone cue.
_RE_PHONE = re.compile(
    r"(?<![\d.,/])(?:0\d{1,2}-\d{3,4}-\d{3,4}|0-?\d{4}-\d{4}|0\d{2}-?\d{6,7}|0\d{8,9})(?!\d)"
    r"|(?:โทร(?:ศัพท์|สาร)?|แฟกซ์|มือถือ|tel|phone|fax|mobile)[\s.:]*\+?[\d(][\d\s\-(),/]{5,40}\d"
)


def _month_year(mon: str, digits: str, era: str | None, *, date_context: bool) -> tuple[int, int] | None:
    """(month, BE year) of a written month name and year, or None."""
    month = _month_number(mon)
    if not month or (mon[0].isascii() and len(digits) == 2):
        return None  # "mar 15" is not March 2515
    year = _year_from_digits(digits, era, date_context=date_context)
    return (month, year) if year else None


def _year_from_digits(digits: str, era: str | None, *, date_context: bool) -> int | None:
    """BE year of a written year, or None when implausible."""
    y = int(digits)
    ce_cue = bool(era) and era.startswith(("ค", "a"))
    if len(digits) == 2:
        if ce_cue:
            return ce_to_be(2000 + y)
        if not date_context and y < _YY_MIN:
            return None
        return 2500 + y
    if ce_cue:
        return ce_to_be(y) if _CE_DATE_MIN <= y <= CE_MAX else None
    if BE_MIN <= y <= BE_MAX:
        return y
    if (_CE_DATE_MIN if date_context else CE_MIN) <= y <= CE_MAX:
        return ce_to_be(y)
    return None


def _make_date(be_year: int, month: int, day: int) -> date | None:
    try:
        return date(be_to_ce(be_year), month, day)
    except ValueError:
        return None  # 31 ก.พ., 30 Feb ...


def _date_candidates(s: str) -> list[tuple[int, int, date]]:
    found: list[tuple[int, int, date]] = []
    for m in _RE_TEXT_DATE.finditer(s):
        my = _month_year(m.group("mon"), m.group("year"), m.group("era"), date_context=True)
        if my:
            d = _make_date(my[1], my[0], int(m.group("day")))
            if d:
                found.append((m.start(), m.end(), d))
    for rx in (_RE_NUM_DATE, _RE_ISO_DATE):
        for m in rx.finditer(s):
            year = _year_from_digits(m.group("year"), None, date_context=True)
            if year:
                d = _make_date(year, int(m.group("mon")), int(m.group("day")))
                if d:
                    found.append((m.start(), m.end(), d))
    return found


class _Occupied:
    """Character ranges already claimed by a stronger pattern (kept sorted, non-overlapping).

    Shared with checklist.codes, which resolves overlapping code spellings the same way.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, start)
        # Only the neighbours can overlap: the range starting at or before
        # ``start`` and the one starting after it.
        if i and self._ends[i - 1] > start:
            return False
        return not (i < len(self._starts) and self._starts[i] < end)

    def claim(self, start: int, end: int) -> bool:
        if not self.free(start, end):
            return False
        i = bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        return True


def _dates_in(s: str, occupied: _Occupied) -> list[tuple[int, int, date]]:
    out = []
    # Leftmost-longest among overlapping candidates.
    for start, end, d in sorted(_date_candidates(s), key=lambda t: (t[0], -(t[1] - t[0]))):
        if occupied.claim(start, end):
            out.append((start, end, d))
    return out


def find_dates(text: str) -> list[DateMention]:
    """Full dates (day, month, year) in ``text``, in order.

    Thai month names full or abbreviated, with or without dots ("15 ส.ค. 68", "3 ต.ค.67",
    "วันที่ 3 ตุลาคม พ.ศ. 2567", "๑๕ สิงหาคม ๒๕๖๘", "1 กพ 2568"), English month names, and numeric
    day-first dates ("15/08/2568", "15-08-2025", "15/08/68") and ISO dates ("2025-08-15").
    4-digit years 2400-2700 are BE, 1900-2100 CE; 2-digit years are BE (68 -> 2568).
    Impossible dates (31 ก.พ.) are skipped.
    """
    if not text:
        return []
    s = scan_form(text)
    return [DateMention(d, a, b, text[a:b]) for a, b, d in _dates_in(s, _Occupied())]


def parse_thai_date(text: str) -> date | None:
    """The first date in ``text`` (see ``find_dates``), or None."""
    found = find_dates(text)
    return found[0].date if found else None


def _standalone_ok(s: str, start: int, end: int) -> bool:
    """Is the 4-digit number at s[start:end] free of the contexts that make it not a year?"""
    before = s[start - 1] if start else ""
    before2 = s[start - 2] if start >= 2 else ""
    after = s[end] if end < len(s) else ""
    after2 = s[end + 1] if end + 1 < len(s) else ""
    if before == "=":
        return False  # a URL query value: "?id=2568"
    if before in ".,:" and before2.isdigit():
        return False  # "0.2568", "1,2568", "9001:2015"
    if before == "-" and before2.isdigit():
        # "O25-2567" (item code, year) is a year; "0-4571-2568" and "12-2568"
        # are parts of longer numbers.  The digit group before the dash tells:
        # glued to a letter it is a code.  ("0017/2568", a document number and
        # its year, is a year: "/" is not checked.)
        i = start - 2
        while i >= 0 and s[i].isdigit():
            i -= 1
        if i < 0 or not s[i].isalpha():
            return False
    if after in ".,:" and after2.isdigit():
        return False  # "2568.00", "2568,000"
    if after in "-/" and after2.isdigit():
        return False  # the head of a longer number or a range we did not accept
    return not _RE_UNIT_AFTER.match(s, end)


def find_years(text: str) -> list[YearMention]:
    """Every year stated in ``text``, in order of position, each with its kind (see ``YearMention``).

    Each character belongs to at most one mention; overlaps go to the more
    specific pattern: date, then span, fiscal, month (incl. upload folders),
    era-marked year, bare year.
    Not read as years: phone and fax numbers, amounts ("2,568 บาท", "2568.00",
    "2568 บาท"), digits of a longer number, URL query values ("?id=2568").
    File names and URLs are fine: "_2568", "-2568.pdf", "O25-2567", "/ita2568/".
    """
    if not text:
        return []
    s = scan_form(text)
    occupied = _Occupied()
    for m in _RE_PHONE.finditer(s):
        occupied.claim(m.start(), m.end())
    out: list[YearMention] = []

    def add(start: int, end: int, year: int, kind: str, *, end_year: int | None = None,
            month: int | None = None) -> None:
        if occupied.claim(start, end):
            out.append(YearMention(year, kind, start, end, text[start:end], end_year, month))

    for start, end, d in _dates_in(s, occupied):
        out.append(YearMention(fiscal_year_of(d), "date", start, end, text[start:end], None, d.month))

    for m in _RE_SPAN.finditer(s):
        y1 = int(m.group("y1"))
        y2s = m.group("y2")
        if not BE_MIN <= y1 <= BE_MAX:
            continue
        y2 = (y1 // 100) * 100 + int(y2s) if len(y2s) == 2 else int(y2s)
        if 0 < y2 - y1 <= _MAX_SPAN:
            add(m.start(), m.end(), y1, "span", end_year=y2)

    for m in _RE_FISCAL.finditer(s):
        cue = m.group("cue")
        digits = m.group("year")
        if cue == "fy" and len(digits) == 4:
            # "FY2025" in English means the fiscal year ending in 2025 = FY2568.
            y = int(digits)
            year = ce_to_be(y) if CE_MIN <= y <= CE_MAX else (y if BE_MIN <= y <= BE_MAX else None)
        else:
            year = _year_from_digits(digits, m.group("era"), date_context=False)
        if year:
            add(m.start(), m.end(), year, "fiscal")

    for m in _RE_MONTH_YEAR.finditer(s):
        my = _month_year(m.group("mon"), m.group("year"), m.group("era"), date_context=False)
        if my:
            month, year = my
            fiscal = year + 1 if month >= 10 else year
            add(m.start(), m.end(), fiscal, "month", month=month)

    for m in _RE_PATH_MONTH.finditer(s):
        month = int(m.group("mon"))
        year = _year_from_digits(m.group("year"), None, date_context=False)
        if year and 1 <= month <= 12:
            add(m.start(), m.end() - 1, year + 1 if month >= 10 else year, "month", month=month)

    for m in _RE_ERA_YEAR.finditer(s):
        digits = m.group("year")
        if m.group("be"):
            y = int(digits)
            year = 2500 + y if len(digits) == 2 and y >= _YY_MIN else (y if BE_MIN <= y <= BE_MAX else None)
            if year:
                add(m.start(), m.end(), year, "be")
        elif len(digits) == 4 and _CE_DATE_MIN <= int(digits) <= CE_MAX:
            add(m.start(), m.end(), ce_to_be(int(digits)), "ce")

    for m in _RE_FOUR_DIGITS.finditer(s):
        y = int(m.group())
        if not (BE_MIN <= y <= BE_MAX or CE_MIN <= y <= CE_MAX):
            continue
        if not _standalone_ok(s, m.start(), m.end()):
            continue
        if BE_MIN <= y <= BE_MAX:
            add(m.start(), m.end(), y, "be")
        else:
            add(m.start(), m.end(), ce_to_be(y), "ce")

    out.sort(key=lambda y: y.start)
    return out


def primary_year(text: str, *, head_chars: int = 400) -> YearMention | None:
    """The year a document or label is *for*, or None when it states none.

    1. The title area (the first ``head_chars`` characters) decides when it
       holds any year: a report's cover says the year it reports on, while its
       body cites other years (a 2568 plan's body quotes 2567 results and 2566
       baselines; a 2567 report mentions 2568 follow-up).  Within the head the
       strongest kind wins (``KIND_ORDER``: fiscal > span > month > date > be > ce),
       and among equals the first: titles state their year first, later ones
       are sub-headings or signature dates.
    2. Otherwise the rest of the text: the strongest kind, and among equals the
       year (span: year range) stated most often, ties to the first.  A body
       repeats its own year; citations of other years are scattered.
    ``ce`` years (copyright lines, URL date paths) are the least trusted and
    only used when the text states no other kind anywhere.
    """
    mentions = find_years(text)
    if not mentions:
        return None
    strong = [m for m in mentions if m.kind != "ce"]
    pool = strong or mentions
    head = [m for m in pool if m.start < head_chars]
    if head:
        best = min(_RANK[m.kind] for m in head)
        return next(m for m in head if _RANK[m.kind] == best)
    best = min(_RANK[m.kind] for m in pool)
    same = [m for m in pool if _RANK[m.kind] == best]
    counts = Counter((m.year, m.end_year) for m in same)
    top = max(counts.values())
    return next(m for m in same if counts[(m.year, m.end_year)] == top)


# Monthly procurement summary ("แบบ สขร.1", "สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน ...").
_RE_PROCUREMENT_CUE = re.compile(r"สขร|จัดซื้อ|จัดจ้าง|จัดหาพัสดุ|e-?gp")
_SAME_LINE_WINDOW = 160
_HEADING_WINDOW = 600
# What may come before a list entry on its line: bullets, numbering.
_RE_LIST_LEAD = re.compile(r"[ \t\-•·*>\d.)]*")


def procurement_months(text: str) -> set[tuple[int, int]]:
    """Distinct (CE year, month) of monthly procurement summaries mentioned in ``text``.

    A month-year counts when a procurement cue (สขร, จัดซื้อ, จัดจ้าง, จัดหาพัสดุ, e-GP) comes
    before it on the same line ("สขร. เดือน ตุลาคม 2567", "สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน
    มีนาคม 2568", "สขร.1 ต.ค. 67.pdf"), or when it starts a line of a list under a heading that
    has the cue ("สรุปผลการจัดซื้อจัดจ้างรายเดือน\\nเดือนตุลาคม 2567\\nเดือนพฤศจิกายน 2567").
    Full dates do not count: "ประกาศ ณ วันที่ 5 ตุลาคม 2567" is a signature, not a monthly summary.
    This is the currency signal for item O12 (ITA 2568): count the months from Oct 2567 on.
    """
    if not text:
        return set()
    s = scan_form(text)
    months: set[tuple[int, int]] = set()
    for m in find_years(text):
        if m.kind != "month" or m.month is None:
            continue
        line_start = s.rfind("\n", 0, m.start) + 1
        before = s[max(line_start, m.start - _SAME_LINE_WINDOW):m.start]
        ok = _RE_PROCUREMENT_CUE.search(before) is not None
        if not ok and _RE_LIST_LEAD.fullmatch(s, line_start, m.start) is not None:
            ok = _RE_PROCUREMENT_CUE.search(s, max(0, m.start - _HEADING_WINDOW), m.start) is not None
        if ok:
            months.add((be_to_ce(calendar_year_of_month(m.year, m.month)), m.month))
    return months
