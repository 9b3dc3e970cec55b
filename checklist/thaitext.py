"""Thai text cleaning: the project's one place for normalising Thai text.

Everything here is a pure function of its input; nothing is cached globally, so
huge documents cost memory only for the duration of a call.

Public API
----------
``clean_text(s)``            canonical, human-readable form of extracted/crawled text
``map_legacy_pua(s)``        only the legacy-font PUA -> standard Thai step
``thai_ratio(s)``            share of Thai letters among all letters
``has_meaningful_text(s)``   is there enough real Thai/Latin text (vs. empty/garbage)?
``LEGACY_PUA_TO_THAI``       the PUA table (code point -> standard Thai character)

``clean_text`` keeps the text readable (it keeps Thai digits, case and single
spaces); keys for fuzzy matching (digits folded, whitespace removed, ...) are a
separate, later step built on top of it.
"""

from __future__ import annotations

import re
import unicodedata

from pythainlp.util import normalize as _pythainlp_normalize

__all__ = [
    "LEGACY_PUA_TO_THAI",
    "THAI_COMBINING_MARKS",
    "clean_text",
    "has_meaningful_text",
    "map_legacy_pua",
    "thai_ratio",
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
