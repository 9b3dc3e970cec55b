"""Choosing the right charset for Thai pages.

Thai sites serve UTF-8, TIS-620 and windows-874, declared in the header, only in a <meta>, wrongly, or not
at all. Scrapy trusts the header, then the meta, then a statistical guess that turns short undeclared Thai
pages into Japanese or Chinese. We look at the bytes: a body that is valid UTF-8 with Thai in it is UTF-8;
a body that is not valid UTF-8 and reads as mostly Thai in cp874 is cp874. cp874 (windows-874) is a
superset of TIS-620, so it is used for both: Python's own ``tis_620`` codec rejects the 0x80-0x9F extras.
"""

from __future__ import annotations

import codecs

THAI_FIRST, THAI_LAST = 0x0E01, 0x0E5B


def _is_thai(ch: str) -> bool:
    return THAI_FIRST <= ord(ch) <= THAI_LAST


def thai_share_of_non_ascii(text: str) -> float:
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return 0.0
    return sum(1 for c in non_ascii if _is_thai(c)) / len(non_ascii)


_THAI_ALIASES = {"tis-620", "tis620", "tis_620", "iso-8859-11", "iso8859-11", "iso8859_11", "cp874",
                 "windows-874", "windows874", "x-windows-874", "ms874"}


def canonical_name(encoding: str | None) -> str | None:
    if not encoding:
        return None
    name = encoding.strip().lower()
    # TIS-620 and all its aliases are decoded with the windows-874 superset.
    if name in _THAI_ALIASES:
        return "cp874"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def better_encoding(body: bytes, current: str | None) -> str | None:
    """The encoding to decode ``body`` with when ``current`` is wrong for it, else None."""
    sample = body[:200_000]
    if not any(b > 0x7F for b in sample):
        return None  # pure ASCII: every candidate decodes it the same way
    current_name = canonical_name(current)
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A cut in the middle of a multi-byte character at the sample's end is still UTF-8.
        text = sample[: exc.start].decode("utf-8") if exc.start >= len(sample) - 3 else None
    if text is not None:
        if any(_is_thai(c) for c in text) and current_name != "utf-8":
            return "utf-8"
        return None
    cp874_text = sample.decode("cp874", errors="replace")
    if thai_share_of_non_ascii(cp874_text) >= 0.8 and current_name != "cp874":
        return "cp874"
    return None
