"""Thai text cleaning: the project's one place for normalising Thai text.

Everything here is a pure function of its input.  The matching keys of short
strings (link texts, which repeat thousands of times in a crawl) are kept in
bounded LRU caches; long strings bypass them, so huge documents cost memory
only for the duration of a call.

Public API
----------
``clean_text(s)``            canonical, human-readable form of extracted/crawled text
``map_legacy_pua(s)``        only the legacy-font PUA -> standard Thai step
``thai_ratio(s)``            share of Thai letters among all letters
``has_meaningful_text(s)``   is there enough real Thai/Latin text (vs. empty/garbage)?
``repair_split_words(s)``    remove spaces that PDF extractors put inside Thai words ("ป้ องกัน");
                             for PDF text, not part of ``clean_text``
``LEGACY_PUA_TO_THAI``       the PUA table (code point -> standard Thai character)

Matching layer (built on ``clean_text``):

``thai_digits_to_arabic(s)`` / ``arabic_digits_to_thai(s)``
``normalize_dashes(s)``      every dash/hyphen/minus variant -> "-"
``collapse_dot_noise(s)``    "พ.ศ..2568" / "พ.ศ 2568" -> "พ.ศ. 2568", "ปีงบประมาณ2568" -> "ปีงบประมาณ 2568"
``normalize_for_matching(s)`` readable form for regexes and token scorers (one line, case-folded)
``match_key(s)``             key for rapidfuzz character scorers (no whitespace/punctuation)
``match_key_no_tones(s)``    the same without tone marks
``tokenize(s)``              PyThaiNLP newmm words, whitespace dropped
``scan_form(s)``             same-length form for regex scanning (offsets map 1:1 to ``s``)

``clean_text`` keeps the text readable (it keeps Thai digits, case and single
spaces); keys for fuzzy matching (digits folded, whitespace removed, ...) are a
separate, later step built on top of it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pythainlp.util import normalize as _pythainlp_normalize

__all__ = [
    "LEGACY_PUA_TO_THAI",
    "THAI_COMBINING_MARKS",
    "arabic_digits_to_thai",
    "clean_text",
    "collapse_dot_noise",
    "has_meaningful_text",
    "map_legacy_pua",
    "match_key",
    "match_key_no_tones",
    "normalize_dashes",
    "normalize_for_matching",
    "repair_split_words",
    "scan_form",
    "thai_digits_to_arabic",
    "thai_ratio",
    "tokenize",
]

# ---------------------------------------------------------------------------
# Legacy Thai font Private Use Area glyphs.
#
# Thai fonts of the Windows/Mac era (and TLWG fonts today, for compatibility)
# carry positional variants of marks and consonants at PUA code points, and
# PDFs made with them (old MS Word + "TH ..." fonts) can put those code points
# into the text layer.  Source of the table: HarfBuzz's Thai fallback shaper,
# src/hb-ot-shaper-thai.cc (formerly hb-ot-shape-complex-thai.cc), function
# thai_pua_shape(): its SD/SDL/SL/RD tables give, for each standard character,
# the Windows PUA code point (U+F700-U+F71A) and the Mac one (U+F884-U+F89E).
# Cross-checked against the glyph names of the installed TLWG fonts
# (fonts-thai-tlwg 'Garuda.ttf' etc. cmap: U+F70A -> 'uni0E48.low',
# U+F705 -> 'uni0E48.low_left', U+F713 -> 'uni0E48.left', U+F700 ->
# 'uni0E10.descless', ...), which agree for all 27 Windows code points.
#   SD  = shift down (tone mark with no upper vowel; below vowel under a
#         descender consonant), SDL = shift down-left (tone mark after an
#         ascender consonant ป ฝ ฟ), SL = shift left (upper vowel/tone after an
#         ascender), RD = remove descender (ญ ฐ before a below vowel).
# ---------------------------------------------------------------------------
_PUA_TABLE: tuple[tuple[str, int, int, str], ...] = (
    # (char,   windows, mac,    action / name)
    ("\u0e48", 0xF70A, 0xF88B, "SD  MAI EK"),
    ("\u0e49", 0xF70B, 0xF88E, "SD  MAI THO"),
    ("\u0e4a", 0xF70C, 0xF891, "SD  MAI TRI"),
    ("\u0e4b", 0xF70D, 0xF894, "SD  MAI CHATTAWA"),
    ("\u0e4c", 0xF70E, 0xF897, "SD  THANTHAKHAT"),
    ("\u0e38", 0xF718, 0xF89B, "SD  SARA U"),
    ("\u0e39", 0xF719, 0xF89C, "SD  SARA UU"),
    ("\u0e3a", 0xF71A, 0xF89D, "SD  PHINTHU"),
    ("\u0e48", 0xF705, 0xF88C, "SDL MAI EK"),
    ("\u0e49", 0xF706, 0xF88F, "SDL MAI THO"),
    ("\u0e4a", 0xF707, 0xF892, "SDL MAI TRI"),
    ("\u0e4b", 0xF708, 0xF895, "SDL MAI CHATTAWA"),
    ("\u0e4c", 0xF709, 0xF898, "SDL THANTHAKHAT"),
    ("\u0e48", 0xF713, 0xF88A, "SL  MAI EK"),
    ("\u0e49", 0xF714, 0xF88D, "SL  MAI THO"),
    ("\u0e4a", 0xF715, 0xF890, "SL  MAI TRI"),
    ("\u0e4b", 0xF716, 0xF893, "SL  MAI CHATTAWA"),
    ("\u0e4c", 0xF717, 0xF896, "SL  THANTHAKHAT"),
    ("\u0e31", 0xF710, 0xF884, "SL  MAI HAN-AKAT"),
    ("\u0e34", 0xF701, 0xF885, "SL  SARA I"),
    ("\u0e35", 0xF702, 0xF886, "SL  SARA II"),
    ("\u0e36", 0xF703, 0xF887, "SL  SARA UE"),
    ("\u0e37", 0xF704, 0xF888, "SL  SARA UEE"),
    ("\u0e47", 0xF712, 0xF889, "SL  MAITAIKHU"),
    ("\u0e4d", 0xF711, 0xF899, "SL  NIKHAHIT"),
    ("\u0e0d", 0xF70F, 0xF89A, "RD  YO YING"),
    ("\u0e10", 0xF700, 0xF89E, "RD  THO THAN"),
)

#: PUA code point -> standard Thai character (Windows U+F700-F71A and Mac U+F884-F89E).
LEGACY_PUA_TO_THAI: dict[int, str] = {}
for _ch, _win, _mac, _name in _PUA_TABLE:
    LEGACY_PUA_TO_THAI[_win] = _ch
    LEGACY_PUA_TO_THAI[_mac] = _ch
del _ch, _win, _mac, _name

# Thai characters that combine with the preceding base (above/below vowels,
# tone marks, signs): U+0E31, U+0E34-U+0E3A, U+0E47-U+0E4E.
THAI_COMBINING_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a" + "".join(
    chr(c) for c in range(0x0E47, 0x0E4F)
)
_MARKS = THAI_COMBINING_MARKS
_THAI = "\u0e01-\u0e5b"
_TONES = "\u0e48-\u0e4b"

_RE_NEWLINES = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# C0 (except TAB, LF), DEL, C1; zero-width and invisible format characters,
# soft hyphen, BOM; non-characters.
_RE_DROP = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f"
    "\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff\ufff9-\ufffb\ufffe\uffff]"
)
_RE_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_RE_HSPACE_RUN = re.compile("[ \t]{2,}|\t")
_RE_SPACE_AROUND_NL = re.compile("[ \t]*\n[ \t]*")
_RE_MULTI_NL = re.compile("\n{2,}")

_PUA_CLASS = "\uf700-\uf71a\uf884-\uf89e"
# A run of legacy PUA glyphs with what is next to it (at most one space away).
_RE_PUA_RUN = re.compile(f"[{_PUA_CLASS}]+")

# Space(s) wrongly inserted by extractors between a Thai character and a
# following combining mark ("ถ ึง", "ต ้องการ"): a mark never starts a word.
_RE_SPACE_BEFORE_MARK = re.compile(f"(?<=[{_THAI}]) +(?=[{_MARKS}])")
# NIKHAHIT (+ optional tone) + SARA AA -> (tone) + SARA AM; "ำา" -> "ำ".
_RE_DECOMPOSED_AM = re.compile(f"\u0e4d([{_TONES}]?)\u0e32")
_RE_DOUBLED_AM = re.compile("\u0e33\u0e32")
_RE_DOUBLED_MARK = re.compile(f"([{_MARKS}])\\1+")


def _is_thai(c: str) -> bool:
    return "\u0e01" <= c <= "\u0e5b"


_RE_THAI_CHARS = re.compile("[\u0e01-\u0e5b]")  # the Thai block: letters, vowels, marks, digits
_RE_THAI_CONSONANTS = re.compile("[\u0e01-\u0e2e]")  # ก..ฮ


def count_thai_chars(text: str) -> int:
    """Characters of the Thai block (consonants, vowels, tone marks, Thai digits and signs)."""
    return len(_RE_THAI_CHARS.findall(text))


def count_thai_consonants(text: str) -> int:
    """Thai consonants ก..ฮ: how much real Thai a text holds, whatever its marks."""
    return len(_RE_THAI_CONSONANTS.findall(text))


def _pua_run_repl(m: re.Match[str]) -> str:
    run = m.group(0)
    start, end = m.span()
    text = m.string
    # Is there Thai within one space before or after the run?
    prev = text[start - 1] if start else ""
    if prev == " " and start >= 2:
        prev = text[start - 2]
    nxt = text[end] if end < len(text) else ""
    if nxt == " " and end + 1 < len(text):
        nxt = text[end + 1]
    if not (_is_thai(prev) or _is_thai(nxt)):
        return run  # an icon-font glyph or the like: leave it alone
    return "".join(LEGACY_PUA_TO_THAI.get(ord(c), c) for c in run)


def map_legacy_pua(s: str) -> str:
    """Map legacy Thai font PUA glyphs (U+F700-F71A, U+F884-F89E) to standard Thai.

    Only runs of such code points that stand next to Thai text (at most one
    space away) are mapped, so that icon-font glyphs sharing the PUA in
    non-Thai contexts are left as they are.
    """
    if not s:
        return s
    # Cheap pre-check: most text has no PUA at all.
    if _RE_PUA_RUN.search(s) is None:
        return s
    return _RE_PUA_RUN.sub(_pua_run_repl, s)


def _tidy_whitespace(s: str) -> str:
    # Runs of spaces/tabs: one tab if the run had a tab (keeps tab-separated
    # table cells), else one space.  Spaces/tabs around newlines go; blank
    # lines collapse to one newline (pythainlp.normalize does the same).
    s = _RE_HSPACE_RUN.sub(lambda m: "\t" if "\t" in m.group(0) else " ", s)
    s = _RE_SPACE_AROUND_NL.sub("\n", s)
    s = _RE_MULTI_NL.sub("\n", s)
    return s.strip(" \t\n")


def _clean_once(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = _RE_NEWLINES.sub("\n", s)
    s = _RE_DROP.sub("", s)
    s = _RE_SPACES.sub(" ", s)
    s = _tidy_whitespace(s)
    s = map_legacy_pua(s)
    s = _RE_SPACE_BEFORE_MARK.sub("", s)
    s = _RE_DECOMPOSED_AM.sub("\\1\u0e33", s)
    s = _RE_DOUBLED_AM.sub("\u0e33", s)
    s = _RE_DOUBLED_MARK.sub("\\1", s)
    s = s.replace("\u0e40\u0e40", "\u0e41")
    s = _pythainlp_normalize(s)
    return _tidy_whitespace(s)


def clean_text(s: str) -> str:
    """Return the canonical cleaned form of ``s`` (idempotent).

    NFC; drop control characters (except newline and tab), zero-width and
    invisible format characters and the soft hyphen; every Unicode space
    becomes a plain space; legacy-font PUA glyphs become standard Thai; spaces
    wrongly put before a Thai combining mark are removed; a decomposed SARA AM
    (NIKHAHIT + SARA AA, also with a tone mark in between in either order) and
    the doubled "ำา" become "ำ"; doubled marks and "เเ" are fixed; then
    ``pythainlp.util.normalize``.  Runs of spaces collapse to one space (one
    tab if the run held a tab), newlines are kept but blank lines collapse,
    and the result is stripped.
    """
    if not s:
        return ""
    out = _clean_once(s)
    # The steps are designed to be idempotent; one more pass catches the rare
    # case where a fix uncovers another (e.g. a PUA run brought next to Thai by
    # pythainlp's edits).  Bounded, so a pathological input cannot loop.
    for _ in range(3):
        again = _clean_once(out)
        if again == out:
            break
        out = again
    return out


# ---------------------------------------------------------------------------
# Spaces inside Thai words (PDF text extraction)
#
# PDF text extractors (pypdfium2, pdfminer, ...) rebuild spaces from glyph gaps.
# With Thai fonts whose marks have odd advance widths (TLWG Garuda, Kinnari,
# Umpush ...) and in justified lines they put a space inside a word, most often
# right after a tone mark or upper vowel: "การป้ องกัน", "จัดซื้ อจัดจ้าง",
# "หน้ าที่".  Thai puts spaces only between phrases, so a space inside a word is
# noise, but a wrongly removed space merges two phrases; the repair therefore
# removes a space only on evidence:
#   1. structural: the right part starts with a vowel no Thai word starts with
#      (ะ า ำ ๅ), or the left part ends with a leading vowel (เ แ โ ใ ไ) that
#      needs a consonant after it;
#   2. dictionary: the left part's last word or the right part's first word
#      (PyThaiNLP newmm) is not in PyThaiNLP's word list, and the joined text
#      has a dictionary word across the join and fewer unknown characters;
#   3. bound prefixes: the left part ends with "ผู้", "การ" or "ความ", which never
#      end a phrase ("ผู้ ว่าราชการ" -> "ผู้ว่าราชการ").
# Both words known ("ประจำปี งบประมาณ", "ที่ ดิน", "การดำ เนินงาน") keeps the space, and so
# does a lone letter on the left ("ก ข ค") or after a complete word ("ข้อ ก"), and a
# piece followed by "." (an abbreviation: "งบประมาณ พ.ศ.").
#
# Measured (pypdfium2 5.15 on PDFs that LibreOffice 7.4 exported from 42k characters of
# Thai government text, fonts Laksaman/Garuda/Loma/Kinnari/Waree, left-aligned, Thai-
# distributed and fully justified, 15 PDFs x 45k chars): 2,707 spaces the source did not
# have; 1,445 removed, 0 of the 44,325 real spaces removed.  Left-aligned: Garuda 130 of 140
# removed (the other 10 sit next to digits), Kinnari 212 of 376 (the rest are "ปี งบประมาณ",
# two words), Laksaman/Loma none between Thai letters, Waree 8, all after "นำ"/"น้ำ" at a
# word boundary (kept).  Fully
# justified lines are letter-spaced ("เ ปิ ด เ ผ ย"): only part is repaired.  Speed: ~0.2 s
# per 400k chars of real PDF text, ~1.2 s per 500k chars of synthetic text where every
# decision is new (worst case), plus ~0.5 s once to load the tokenizer and word list.
#
# Not applied by clean_text: it is for PDF text (call repair_split_words(clean_text(raw)),
# whose result clean_text leaves unchanged), and clean_text is also the canonical form of
# deliberately spaced text (test fixtures list words "ผู้ ว่า ราชการ"), OCR output and HTML.
# ---------------------------------------------------------------------------

# Thai letters and marks that make up words (no digits, ฯ, ๆ, ฿, ๏ ๚ ๛).
_WORD_CHARS = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
# Thai pieces separated by single spaces: "การป้ องกัน", "ก ข ค".
_RE_SPACED_THAI = re.compile(f"[{_WORD_CHARS}]+(?: [{_WORD_CHARS}]+)+")
_NO_WORD_START = frozenset("\u0e30\u0e32\u0e33\u0e45") | frozenset(THAI_COMBINING_MARKS)
_LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")
_BOUND_PREFIXES = frozenset({"ผู้", "การ", "ความ"})
# One-letter words that PyThaiNLP's list lacks.
_EXTRA_WORDS = frozenset({"ณ", "ธ"})
_PREFIX_ENDINGS = tuple(_BOUND_PREFIXES)
_MAX_WORD = 20  # longest dictionary word tried by the fast path
_WINDOW = 24    # characters of context on each side of a space
_words_cache: list[frozenset[str]] = []


def _words() -> frozenset[str]:
    if not _words_cache:
        from pythainlp.corpus import thai_words

        _words_cache.append(frozenset(thai_words()) | _EXTRA_WORDS)
    return _words_cache[0]


def _newmm(s: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(s, engine="newmm", keep_whitespace=False)


def _ends_with_word(s: str, words: frozenset[str]) -> bool:
    return any(s[-k:] in words for k in range(1, min(len(s), _MAX_WORD) + 1))


def _starts_with_word(s: str, words: frozenset[str]) -> bool:
    return any(s[:k] in words for k in range(1, min(len(s), _MAX_WORD) + 1))


def _unknown_chars(tokens: list[str], words: frozenset[str]) -> int:
    return sum(len(t) for t in tokens if t not in words)


@lru_cache(maxsize=65536)
def _should_join(left: str, right: str) -> bool:
    """Does the space between ``left`` (the end of a Thai piece) and ``right`` (the start of the
    next) split a word?"""
    if right[0] in _NO_WORD_START:
        return True
    if left[-1] in _LEADING_VOWELS:
        return True
    if len(left) == 1:
        # A lone letter ("ก ข ค", "ข้อ ก ข้อ ข", OCR noise) is an enumeration or abbreviation
        # far more often than half a word: only the structural rules above apply.
        return False
    words = _words()
    # Fast path, no segmentation: the left part can end with a word and the right part can
    # start with one, and the left does not end with a bound prefix -> keep the space.
    if not left.endswith(_PREFIX_ENDINGS) and _ends_with_word(left, words) and _starts_with_word(right, words):
        return False
    ltoks = _newmm(left)
    rtoks = _newmm(right)
    if not ltoks or not rtoks:
        return False
    last, first = ltoks[-1], rtoks[0]
    if len(right) == 1 and last in words:
        return False  # a lone letter after a complete word: "ข้อ ก", "แบบ ข"
    if last not in words or first not in words:
        joined = _newmm(left + right)
        pos = 0
        crossing = None
        for tok in joined:
            end = pos + len(tok)
            if pos < len(left) < end:
                crossing = tok
                break
            if end >= len(left):
                break
            pos = end
        if crossing is None or crossing not in words:
            return False
        return _unknown_chars(joined, words) < _unknown_chars(ltoks, words) + _unknown_chars(rtoks, words)
    if last not in _BOUND_PREFIXES:
        return False
    if last == "ผู้":
        return True
    # "การ"/"ความ" only after a complete word: a piece that is just "การ" may be the end of
    # "บริการ" cut by a line break or by the window.
    if len(ltoks) < 2:
        return False
    before = ltoks[-2]
    return before in words and before + last not in words


def _tail(piece: str) -> str:
    if len(piece) <= _WINDOW:
        return piece
    i = len(piece) - _WINDOW
    # never start the window on a mark or a following vowel (half a syllable)
    while i < len(piece) - 1 and piece[i] in _NO_WORD_START:
        i += 1
    return piece[i:]


def _head(piece: str) -> str:
    return piece[:_WINDOW]


def _join_pieces(m: re.Match[str]) -> str:
    pieces = m.group(0).split(" ")
    # A last piece followed by "." is an abbreviation ("งบประมาณ พ.ศ.", "ข่าวสาร สทร."):
    # never joined to what is before it.
    abbreviated = m.end() < len(m.string) and m.string[m.end()] == "."
    if abbreviated:
        if len(pieces) == 2:
            return m.group(0)
        last = pieces.pop()
        return _join_list(pieces) + " " + last
    return _join_list(pieces)


def _join_list(pieces: list[str]) -> str:
    out: list[str] = []
    cur = pieces[0]
    for nxt in pieces[1:]:
        if _should_join(_tail(cur), _head(nxt)):
            cur += nxt
        else:
            out.append(cur)
            cur = nxt
    out.append(cur)
    return " ".join(out)


def repair_split_words(s: str) -> str:
    """Remove single spaces that split a Thai word ("การป้ องกัน" -> "การป้องกัน",
    "จัดซื้ อจัดจ้าง" -> "จัดซื้อจัดจ้าง", "ผู้ ว่าราชการ" -> "ผู้ว่าราชการ"); every other space stays.

    Only a single U+0020 between two Thai letters/marks is considered, and it is removed only
    on evidence (see the comment above): a right part that starts with ะ า ำ ๅ or a mark, a
    dangling leading vowel, a fragment that is not a dictionary word and joins into one, or a
    bound prefix (ผู้ การ ความ).  Spaces between two dictionary words stay ("ประจำปี งบประมาณ",
    "ที่ ดิน").  Idempotent.  Uses PyThaiNLP's newmm and word list (loaded on first use);
    decisions are cached, so repeated phrases cost nothing.
    """
    if not s or " " not in s:
        return s
    out = s
    for _ in range(4):
        again = _RE_SPACED_THAI.sub(_join_pieces, out)
        if again == out:
            break
        out = again
    return out


def thai_ratio(s: str) -> float:
    """Share of Thai letters among all letters of ``s`` (0.0 when it has no letters).

    Combining vowels and tone marks are not letters (category Mn) and are not
    counted on either side; Thai digits are not letters either.
    """
    letters = thai = 0
    for c in s:
        if c.isalpha():
            letters += 1
            if "\u0e01" <= c <= "\u0e5b":
                thai += 1
    return thai / letters if letters else 0.0


_RE_CID = re.compile(r"\(cid:\d+\)")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_GOOD_EXTRA = frozenset("\u0e2f\u0e3f\u0e46\u0e4f\u0e5a\u0e5b\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026")


def has_meaningful_text(s: str, min_chars: int = 20, *, assume_clean: bool = False) -> bool:
    """True when ``s`` holds at least ``min_chars`` Thai or Latin (A-Z) letters
    after cleaning, and is not mostly garbage.

    Garbage is what a scanned or badly encoded PDF yields: PUA glyphs, U+FFFD,
    ``(cid:N)`` tokens, Latin-1 mojibake of TIS-620 bytes (``¡ÒÃ``), stray
    symbols.  The text is rejected when such characters outnumber the good
    ones (Thai script, ASCII letters/digits/punctuation).  Pass
    ``assume_clean=True`` when ``s`` is already ``clean_text`` output.
    """
    if not s:
        return False
    t = _RE_CID.sub(" ", s if assume_clean else clean_text(s))
    letters = good = bad = 0
    for c in t:
        if c.isspace():
            continue
        if "\u0e01" <= c <= "\u0e5b":
            good += 1
            if c.isalpha():
                letters += 1
        elif c.isascii():
            if c.isalpha():
                letters += 1
                good += 1
            elif c.isdigit() or c in _ASCII_PUNCT:
                good += 1
            else:
                bad += 1
        elif c in _GOOD_EXTRA:
            good += 1
        else:
            bad += 1
    return letters >= min_chars and bad <= good


# ---------------------------------------------------------------------------
# Matching layer: digits, dashes, dot noise, keys, tokens.
# ---------------------------------------------------------------------------

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar,
# minus sign, small em dash, small hyphen-minus, fullwidth hyphen-minus.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_TABLE = str.maketrans({c: "-" for c in DASHES})


def thai_digits_to_arabic(s: str) -> str:
    """๐-๙ -> 0-9 (same length; nothing else changes)."""
    return s.translate(_TO_ARABIC)


def arabic_digits_to_thai(s: str) -> str:
    """0-9 -> ๐-๙ (same length; nothing else changes)."""
    return s.translate(_TO_THAI)


def normalize_dashes(s: str) -> str:
    """Every dash, hyphen and minus variant -> ASCII "-" (so "E–Service" == "E-Service")."""
    return s.translate(_DASH_TABLE)


_DIGIT = "0-9\u0e50-\u0e59"
# "พ.ศ..2568", "พ.ศ 2568", "พ. ศ.2568", "ค.ศ.2025": a dot between the letters
# makes the era abbreviation unambiguous, whatever precedes it.
_RE_ERA_DOTTED = re.compile(f"([พค])[ \\t]*\\.[ \\t]*ศ[ \\t.]*(?=[{_DIGIT}])")
# "พศ.2568", "พศ 2568": without the inner dot "พศ" could end a Thai word, so
# only when it does not follow a Thai letter.
_RE_ERA_BARE = re.compile(f"(?<![\u0e01-\u0e2e])([พค])ศ[ \\t.]*(?=[{_DIGIT}])")
# "ปีพ.ศ. 2568" -> "ปี พ.ศ. 2568"
_RE_GLUED_ERA = re.compile(f"(?<=[\u0e01-\u0e4e])(?=[พค]\\.ศ\\. [{_DIGIT}])")
# "ปีงบประมาณ2568", "ปีงบฯ68", "ข้อ0๑": Thai glued to a number.  Thai writes
# no spaces between words but always one before a number, so a missing one is
# extraction noise; a digit never continues a Thai word.
_RE_THAI_THEN_DIGIT = re.compile(f"(?<=[\u0e01-\u0e4e])(?=[{_DIGIT}])")


def collapse_dot_noise(s: str) -> str:
    """Canonical spacing/dots around years: "พ.ศ..2568", "พ.ศ.2568", "พ.ศ 2568" -> "พ.ศ. 2568";
    "ปีงบประมาณ2568" -> "ปีงบประมาณ 2568"; "ปีงบฯ68" -> "ปีงบฯ 68".

    Only the era abbreviations before a number and Thai text glued to a number
    are touched, so decimals ("9.5"), codes ("O 6 ::") and other dots stay.
    """
    s = _RE_ERA_DOTTED.sub("\\1.ศ. ", s)
    s = _RE_ERA_BARE.sub("\\1.ศ. ", s)
    s = _RE_GLUED_ERA.sub(" ", s)
    return _RE_THAI_THEN_DIGIT.sub(" ", s)


_RE_ANY_SPACE = re.compile(r"\s+")
# Longer strings are documents, not labels: caching them would pin memory for
# little gain, since they do not repeat.
_CACHE_MAX_LEN = 2000


def _normalize_for_matching(s: str) -> str:
    # Flatten first: clean_text repairs a space wrongly put before a Thai mark,
    # but not a tab or newline, which would become such a space only later.
    s = clean_text(_RE_ANY_SPACE.sub(" ", s))
    s = thai_digits_to_arabic(s)
    s = normalize_dashes(s)
    s = collapse_dot_noise(s)
    s = s.casefold()
    return _RE_ANY_SPACE.sub(" ", s).strip()


_normalize_for_matching_cached = lru_cache(maxsize=32768)(_normalize_for_matching)


def normalize_for_matching(s: str) -> str:
    """``clean_text`` -> Thai digits to Arabic -> dashes to "-" -> dot noise collapsed ->
    case-folded -> every whitespace run (newlines too) one space, stripped.  Idempotent.
    """
    if not s:
        return ""
    if len(s) > _CACHE_MAX_LEN:
        return _normalize_for_matching(s)
    return _normalize_for_matching_cached(s)


# Kept: word characters (Thai letters incl. ฯ ๆ, Latin letters, digits) and
# the Thai combining vowels/marks, which are not \w but are part of words.
# Dropped: whitespace, punctuation, "_", ฿ ๏ ๚ ๛ and other symbols.
_RE_NOT_KEY = re.compile("[^\\w\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]|_")
_TONE_TABLE = str.maketrans("", "", "\u0e48\u0e49\u0e4a\u0e4b")


def _strip_to_key(s: str) -> str:
    return _RE_NOT_KEY.sub("", s)


def _match_key(s: str) -> str:
    key = _strip_to_key(_normalize_for_matching(s))
    # Removing spaces/punctuation can bring together what clean_text repairs
    # ("เ เ" -> "เเ", "ำ.า" -> "ำา"); re-normalise until stable so the key of
    # a key is the key itself.  Bounded: each pass only shortens the string.
    for _ in range(3):
        again = _strip_to_key(_normalize_for_matching(key))
        if again == key:
            break
        key = again
    return key


_match_key_cached = lru_cache(maxsize=32768)(_match_key)


def match_key(s: str) -> str:
    """Canonical string for rapidfuzz character scorers: ``normalize_for_matching`` with all
    whitespace and punctuation removed (Thai letters and marks, Latin letters and digits kept).

    Thai writes no spaces between words, so whitespace carries no meaning for a
    character scorer; extractors and editors add and drop it at random.
    """
    if not s:
        return ""
    if len(s) > _CACHE_MAX_LEN:
        return _match_key(s)
    return _match_key_cached(s)


def _match_key_no_tones(s: str) -> str:
    key = match_key(s).translate(_TONE_TABLE)
    # Dropping tone marks can leave marks that clean_text merges ("ํ่า" -> "ํา"
    # -> "ำ", "์่์" -> "์์" -> "์"): iterate to a fixpoint, as in _match_key.
    for _ in range(3):
        again = _match_key(key).translate(_TONE_TABLE)
        if again == key:
            break
        key = again
    return key


_match_key_no_tones_cached = lru_cache(maxsize=32768)(_match_key_no_tones)


def match_key_no_tones(s: str) -> str:
    """``match_key`` without the four tone marks (่ ้ ๊ ๋): tolerant of extractors that drop or
    misplace them (PUA glyphs, OCR)."""
    if not s:
        return ""
    if len(s) > _CACHE_MAX_LEN:
        return _match_key_no_tones(s)
    return _match_key_no_tones_cached(s)


_TOKENIZE_CHUNK = 1000


def _chunks(s: str, size: int = _TOKENIZE_CHUNK):
    """Pieces of at most ~``size`` chars, cut after whitespace where there is some.

    newmm's cost grows much faster than linearly on one long string (32 s for
    1M chars vs 1 s in 600-char pieces), and Thai text has spaces between
    phrases, so cutting there does not split words.
    """
    n = len(s)
    i = 0
    while i < n:
        j = i + size
        if j >= n:
            yield s[i:]
            return
        cut = max(s.rfind(" ", i, j), s.rfind("\n", i, j), s.rfind("\t", i, j))
        if cut > i:
            j = cut + 1
        else:
            # No whitespace at all: never cut before a combining mark.
            while j > i + 1 and s[j] in THAI_COMBINING_MARKS:
                j -= 1
        yield s[i:j]
        i = j


def tokenize(s: str) -> list[str]:
    """Words of ``s`` by PyThaiNLP's dictionary-based ``newmm`` (offline; the dictionary ships
    with the package), whitespace tokens dropped.  Long strings are segmented in chunks.

    The text is not normalised here: pass ``normalize_for_matching(s)`` for matching-grade
    tokens.
    """
    if not s:
        return []
    # Imported on first use: the tokenizer module and its dictionary trie cost
    # ~0.4 s, which callers that never tokenize should not pay.
    from pythainlp.tokenize import word_tokenize

    out: list[str] = []
    for piece in _chunks(s):
        for tok in word_tokenize(piece, engine="newmm", keep_whitespace=False):
            tok = tok.strip()
            if tok:
                out.append(tok)
    return out


# Zero-width and other invisible characters that extractors leave inside words;
# each becomes one space so that offsets still map 1:1.
_SCAN_TABLE = {ord(c): " " for c in "\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad\u202f\u3000\u2007\u2009"}
_SCAN_TABLE.update({ord(c): "-" for c in DASHES})
_SCAN_TABLE.update({ord(t): a for t, a in zip(THAI_DIGITS, "0123456789", strict=True)})
_SCAN_TABLE.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})


def scan_form(s: str) -> str:
    """A same-length form of ``s`` for regex scanning: Thai digits -> Arabic, dashes -> "-",
    ASCII lower-case, non-breaking/zero-width spaces -> " ".

    Every character maps to exactly one character, so a match's offsets are
    offsets into ``s`` and ``s[start:end]`` is the text as written.
    """
    return s.translate(_SCAN_TABLE)
