"""ITA/OIT item codes as agency sites write them ("O12", "o 6 ::", "OIT 3", "ข้อ ๐๑๐", "024รายงาน…"),
and the ITA assessment year a page or heading is about.

Scanning runs over ``thaitext.scan_form(text)`` (Thai digits -> Arabic, dashes -> "-", ASCII
lower-case, same length), so offsets are offsets into the caller's string and ``raw`` is the text
as written.  Thai digit ๐ and Arabic 0 both stand for the letter O on many sites ("ข้อ ๐๑๐" is O10
in a province's ITA report); both become "0" in the scan form and are read by the ``zero`` rules.

Public API
----------
``CodeMention``                       number, start, end, raw, prefix
``read_codes(text, *, include_moit=False) -> list[CodeMention]``
``label_code(text) -> CodeMention | None``    the code a label starts with
``assessment_year_of(text) -> int | None``    "ITA 2567" -> 2567
``MIN_CODE``, ``MAX_CODE``                    valid item numbers (1-60)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checklist.dates import _Occupied, find_years
from checklist.thaitext import scan_form

__all__ = [
    "MAX_CODE",
    "MIN_CODE",
    "PREFIXES",
    "CodeMention",
    "assessment_year_of",
    "label_code",
    "read_codes",
]

# Item numbers in any scheme seen so far: O1-O28 (2568), O1-O43 (2564-65);
# 60 leaves room without admitting years or counts.
MIN_CODE, MAX_CODE = 1, 60

#: How a code was marked, from most to least specific.  "MOIT" only with include_moit=True.
PREFIXES = ("OIT", "O", "zero", "ข้อ", "MOIT")


@dataclass(frozen=True)
class CodeMention:
    """An item code in a text.

    ``prefix`` says what marked it as a code:
    ``O`` a Latin O/o ("O12", "o 6 ::", "ข้อ O12", "O๒๑"); ``OIT`` ("OIT 12", "oit3");
    ``zero`` a digit zero (Arabic 0 or Thai ๐) standing for the letter O ("ข้อ 0๑", "ข้อ ๐๑๐",
    "024รายงานผล…" at the start of a line); ``ข้อ`` the Thai word for "item/clause" with a plain
    number ("ข้อ 12") - the weakest, since ข้อ also numbers clauses of any Thai regulation;
    ``MOIT`` the Ministry of Public Health's own scheme (a different list; only when asked for).
    """

    number: int
    start: int
    end: int
    raw: str
    prefix: str


_TH_LETTER = "\u0e01-\u0e2e\u0e40-\u0e44"  # consonants and leading vowels: a word's first character
_SEP = r"[ \t]*[.:\-]?[ \t]*"
# After the number: not more digits, not glued to more Latin letters ("o2o", "o1st").
_END = r"(?!\d)(?![a-z])"

_RE_KHO = re.compile(
    r"ข้อ[ \t]*(?:ที่[ \t]*)?"
    rf"(?:(?P<oit>oit){_SEP}(?P<n_oit>\d{{1,2}})"
    rf"|(?P<o>o){_SEP}(?P<n_o>\d{{1,2}})"
    r"|0(?P<n_zero>\d{1,2})"
    r"|(?P<n_plain>\d{1,2}))"
    rf"{_END}(?![.,]\d)"
)
# "O1.1" is element 1 of O1 on checklists, so the number before the dot is the
# item; after "ข้อ" a dotted number is an ordinary sub-clause and is not read.
_RE_O = re.compile(rf"(?<![a-z0-9])(?:(?P<oit>oit)|o){_SEP}(?P<n>\d{{1,2}}){_END}")
_RE_MOIT = re.compile(rf"(?<![a-z0-9])moit{_SEP}(?P<n>\d{{1,2}}){_END}")
# A digit zero for the letter O at the start of a label/line ("024รายงานผล…",
# "029ประกาศ…", "๐๒๑ ประกาศ…").  Zero-padded list numbering ("01. ข้อมูลพื้นฐาน",
# "05 แผน…") looks the same, so: "0" + two digits (10-60) may be followed by a
# separator, "0" + one digit only when glued to the Thai word.
# Before it on the line only bullets, arrows, brackets, spaces: no word.
_LINE_LEAD = r"(?:^|(?<=[\n\t|]))[^\w\n]{0,8}"
_RE_ZERO_LINE = re.compile(
    _LINE_LEAD
    + rf"(?P<code>0(?P<n2>[1-6]\d)(?!\d)(?:[ \t]*[.:\-)_][ \t]*|[ \t]+)?(?=[{_TH_LETTER}])"
    + rf"|0(?P<n1>[1-9])(?=[{_TH_LETTER}]))",
    re.MULTILINE,
)
# Words that make "01 ..." a day of a month or a count, not a code.
_RE_NOT_CODE_AFTER = re.compile(
    r"(?:มกรา|กุมภา|มีนา|เมษา|พฤษภา|มิถุนา|กรกฎา|กรกฏา|สิงหา|กันยา|ตุลา|พฤศจิกา|ธันวา"
    r"|(?:ม|ก|มี|เม|พ|มิ|ส|ต|ธ)\.\s?(?:ค|พ|ย)\.?(?![\u0e01-\u0e4e])"
    r"|(?:มค|กพ|มีค|เมย|พค|มิย|กค|สค|กย|ตค|พย|ธค)\.?(?![\u0e01-\u0e4e])"
    r"|คน|ราย(?!งาน|การ|ละเอียด|ชื่อ)|ครั้ง|วัน(?!ที่)|บาท|เดือน|ชั่วโมง|นาที)"
)


def _valid(n: int) -> bool:
    return MIN_CODE <= n <= MAX_CODE


def read_codes(text: str, *, include_moit: bool = False) -> list[CodeMention]:
    """Item codes in ``text``, in order of position.

    Read: "O12", "O 12", "o12", "O.12", "O-12", "O12:", "O 6 ::", "OIT 12", "oit3", "ข้อ 12",
    "ข้อ O12", "ข้อ 0๑" (1), "ข้อ ๐๑๐" (10), "O๒๑" (21), "024รายงานผล…" (24), "O1-O28" (two).
    Not read: years, phone numbers, decimals and sub-indicators ("0.5", "9.1", "ข้อ 9.1"), Latin
    words that contain o + digits ("Co2", "Video1", "COVID-19", "ISO 9001"), IIT/EIT question
    numbers ("ข้อ i๒", "ข้อ e๓"), and "MOIT 5" unless ``include_moit`` (then prefix "MOIT").
    Numbers outside 1-60 are dropped.
    """
    if not text:
        return []
    s = scan_form(text)
    found: list[CodeMention] = []
    # Rules run from the most to the least specific; a character belongs to one code.
    taken = _Occupied()

    def add(n: int, a: int, b: int, prefix: str) -> None:
        if _valid(n) and taken.claim(a, b):
            found.append(CodeMention(n, a, b, text[a:b], prefix))

    for m in _RE_KHO.finditer(s):
        if m.group("n_oit"):
            add(int(m.group("n_oit")), m.start(), m.end(), "OIT")
        elif m.group("n_o"):
            add(int(m.group("n_o")), m.start(), m.end(), "O")
        elif m.group("n_zero"):
            add(int(m.group("n_zero")), m.start(), m.end(), "zero")
        else:
            add(int(m.group("n_plain")), m.start(), m.end(), "ข้อ")
    for m in _RE_O.finditer(s):
        add(int(m.group("n")), m.start(), m.end(), "OIT" if m.group("oit") else "O")
    if include_moit:
        for m in _RE_MOIT.finditer(s):
            add(int(m.group("n")), m.start(), m.end(), "MOIT")
    for m in _RE_ZERO_LINE.finditer(s):
        a, b = m.span("code")
        if _RE_NOT_CODE_AFTER.match(s, b):
            continue
        n = int(m.group("n2") or m.group("n1"))
        # The raw code is "024", without the separator that may follow it.
        end = a + (3 if m.group("n2") else 2)
        add(n, a, end, "zero")
    found.sort(key=lambda c: c.start)
    return found


# What a label may start with before its code: whitespace, bullets, arrows,
# dashes, brackets, quotes - anything that is not part of a word.
_RE_LABEL_LEAD = re.compile(r"[^\w]*")


def label_code(text: str) -> CodeMention | None:
    """The code a label starts with ("O25 แผนปฏิบัติการ…", "ข้อ ๐๑๒ รายการ…", "[O12] …",
    "024รายงานผล…"), or None when the label does not start with one ("แผน O25" -> None).

    MOIT codes are never returned: they number a different list.
    """
    if not text:
        return None
    lead = _RE_LABEL_LEAD.match(scan_form(text)).end()
    head = text[: lead + 40]
    for code in read_codes(head):
        if code.start == lead:
            return code
        if code.start > lead:
            break
    return None


# --- assessment year ----------------------------------------------------------------------

_YEAR_WORDS = r"(?:ประจ(?:\u0e33|\u0e4d\u0e32)\s?)?ปี(?:\s?งบ\s?ประมาณ|งบฯ|งบ)?"
_ERA = r"พ\s?\.?\s?ศ(?:\s?\.)*"
# "ITA 2567", "ITA2568", "ita68", "ITA-2568", "ITA ปี 2569", "ITA ประจำปีงบประมาณ พ.ศ. 2568",
# "OIT 2568" (four digits only: "OIT 12" is an item), "/ita2569/".
_RE_ITA_YEAR = re.compile(
    r"(?<![a-z])(?:(?P<ita>ita)|(?P<oit>oit))(?![a-z])[ \t_:\-]*"
    rf"(?:(?P<words>{_YEAR_WORDS})[ \t.:]*)?(?:{_ERA}[ \t.]*)?"
    r"(?P<year>\d{4}|\d{2})(?!\d)(?![.,]\d)"
)
# The assessment named in full, in Thai or English; its year follows within a
# sentence ("การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ
# (Integrity and Transparency Assessment : ITA) ประจำปีงบประมาณ พ.ศ. 2568").
_RE_ITA_NAME = re.compile(
    r"การประเมินคุณธรรมและความโปร่งใส|integrity\s+(?:and|&)\s+transparency\s+assessment"
)
_NAME_WINDOW = 200


def _ita_year(digits: str) -> int | None:
    y = int(digits)
    if len(digits) == 2:
        return 2500 + y if 50 <= y <= 99 else None
    if 2550 <= y <= 2650:
        return y
    if 2007 <= y <= 2107:
        return y + 543  # "ITA 2025" = ITA 2568
    return None


def assessment_year_of(text: str) -> int | None:
    """The ITA assessment year (BE) a page title, heading or URL is about, or None.

    "ITA 2567", "ITA2568", "ita68", "ITA ปี 2569", "OIT 2568", "ITA 2568 (ปีงบประมาณ 2568)",
    "การประเมินคุณธรรมและความโปร่งใส … ประจำปีงบประมาณ พ.ศ. 2568", "(Open Data Integrity and
    Transparency Assessment : OIT) ประจำปี 2568".  The first statement in the text wins (a title
    says its own year first).  A bare year without ITA/OIT or the assessment's name is not enough:
    "แผนปฏิบัติการ 2568" is not about an assessment.
    """
    if not text:
        return None
    s = scan_form(text)
    hits: list[tuple[int, int]] = []
    for m in _RE_ITA_YEAR.finditer(s):
        digits = m.group("year")
        if m.group("oit") and len(digits) == 2 and not m.group("words"):
            continue  # "OIT 12" is an item code
        year = _ita_year(digits)
        if year:
            hits.append((m.start(), year))
    for m in _RE_ITA_NAME.finditer(s):
        window = text[m.end(): m.end() + _NAME_WINDOW]
        for y in find_years(window):
            if y.kind in ("fiscal", "be", "ce"):
                # A fiscal/BE year is the assessment year as written; the "ce"
                # conversion is to the calendar BE year, which is the ITA's name too.
                if 2550 <= y.year <= 2650:
                    hits.append((m.start(), y.year))
                break
            if y.kind == "span":
                break  # "… ย้อนหลัง ปีงบประมาณ 2564 - 2568": a history, not one year
    if not hits:
        return None
    return min(hits)[1]
