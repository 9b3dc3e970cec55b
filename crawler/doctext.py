"""Document type detection and text extraction (PDF, DOCX, XLSX, PPTX, ODF, images).

Pure functions, no Scrapy imports.  Heavy libraries (pypdfium2, python-docx,
openpyxl, Pillow) are imported lazily, on first use.

Public API
----------
``detect_kind(url, content_type=None, content_disposition=None, head=b"", *, images=False)``
    -> one of ``KINDS`` or None (HTML, archives, anything else; images too unless
    ``images=True``, which makes JPEG/PNG/GIF/TIFF/BMP/WebP kind ``"image"``).
``is_document_url(url, *, images=False)`` -> bool, from the URL's extension only (before fetching).
``filename_from(url, content_disposition=None)`` -> str | None.
``extract_text(body, kind, *, max_pages=20, max_chars=500_000,
               max_unzipped_bytes=100 * 2**20, max_ratio=100, ocr_pages=3, ocr_dpi=300,
               ocr_langs="tha+eng", ocr_timeout=30, ocr_budget=90)`` -> ``ExtractedText``;
    never raises.

OCR (``crawler.ocr``, the ``tesseract`` command): a PDF whose text layer has no
meaningful text, or fewer than ``OCR_MIN_THAI_LETTERS`` Thai letters (a scan with
an English OCR layer, a stamp, a page number), has its first ``ocr_pages`` pages
rendered at ``ocr_dpi`` and recognised; kind ``"image"`` is always recognised.
``ExtractedText.source`` says where the text came from.  Each page has
``ocr_timeout`` seconds and one document ``ocr_budget`` seconds in all, so the
whole call stays inside the extractor pool's timeout.  Check
``crawler.ocr.tesseract_available()`` once per scan to tell the user that
scans will not be read.

``ExtractedText.error`` is None or ``"<code>"`` / ``"<code>: <message>"`` with
code one of: ``corrupt``, ``encrypted``, ``zip_bomb``, ``unsafe_xml``,
``unsupported``, ``too_large`` (an image declaring more pixels than
``crawler.ocr.MAX_IMAGE_PIXELS``: refused before decoding), ``ocr_unavailable``
(the document needed OCR and Tesseract or its Thai model is not installed),
``ocr_timeout`` / ``ocr_failed`` (OCR was needed and no page could be
recognised).  A partial read because of a cap is not an error: it shows as
``metadata["truncated"] = True``.

Thai digits from OCR cannot be trusted: the Thai model that Debian ships
(tesseract-ocr-tha 4.1.0) has no ``๔ ๖ ๗ ๘ ๙`` in its character set
(tesseract-ocr/langdata_lstm#42), so ``พ.ศ. ๒๕๖๘`` comes out as ``๒๕๒๐๕`` (no
year) or ``๒๕๒๕`` (a wrong one).  Years in Arabic digits are read correctly.
Years from link texts and URLs must win over years in ``source == "ocr"`` text.

Safety: ZIP-based formats are checked (sizes, ratios, entry count, encryption,
compression method) before any library inflates them; every XML parse done
here uses lxml with ``resolve_entities=False, no_network=True, load_dtd=False``
(python-docx does the same; openpyxl parses through defusedxml/lxml without
entity resolution).  This module cannot bound CPU time or native memory of
PDFium: run it in a worker process with RLIMIT_AS and a timeout.  pypdfium2 is
not thread-safe: never call ``extract_text`` from several threads at once.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, Callable, Iterable
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

from checklist.thaitext import clean_text, has_meaningful_text, repair_split_words

__all__ = [
    "IMAGE_KIND",
    "KINDS",
    "OCR_MIN_THAI_LETTERS",
    "ExtractedText",
    "detect_kind",
    "extract_text",
    "filename_from",
    "is_document_url",
    "parse_pdf_date",
]

IMAGE_KIND = "image"
KINDS: frozenset[str] = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", IMAGE_KIND}
)
ZIP_KINDS = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp"})
OLE_KINDS = frozenset({"doc", "xls", "ppt"})

# ---------------------------------------------------------------------------
# Kind detection
# ---------------------------------------------------------------------------

_EXT_KIND: dict[str, str] = {
    "pdf": "pdf",
    "doc": "doc", "dot": "doc",
    "docx": "docx", "docm": "docx", "dotx": "docx", "dotm": "docx",
    "xls": "xls", "xlt": "xls",
    "xlsx": "xlsx", "xlsm": "xlsx", "xltx": "xlsx", "xltm": "xlsx",
    "ppt": "ppt", "pps": "ppt", "pot": "ppt",
    "pptx": "pptx", "pptm": "pptx", "ppsx": "pptx", "ppsm": "pptx", "potx": "pptx",
    "odt": "odt", "ott": "odt",
    "ods": "ods", "ots": "ods",
    "odp": "odp", "otp": "odp",
    "rtf": "rtf",
}

_OOXML = "application/vnd.openxmlformats-officedocument."
_CT_KIND: dict[str, str] = {
    "application/pdf": "pdf", "application/x-pdf": "pdf", "application/acrobat": "pdf",
    "applications/vnd.pdf": "pdf", "application/vnd.pdf": "pdf", "text/pdf": "pdf",
    "text/x-pdf": "pdf",
    "application/msword": "doc", "application/x-msword": "doc", "application/doc": "doc",
    "application/vnd.ms-word": "doc", "application/word": "doc",
    _OOXML + "wordprocessingml.document": "docx",
    _OOXML + "wordprocessingml.template": "docx",
    "application/vnd.ms-word.document.macroenabled.12": "docx",
    "application/vnd.ms-word.template.macroenabled.12": "docx",
    "application/vnd.ms-excel": "xls", "application/x-msexcel": "xls",
    "application/x-excel": "xls", "application/excel": "xls", "application/x-xls": "xls",
    "application/xls": "xls",
    _OOXML + "spreadsheetml.sheet": "xlsx",
    _OOXML + "spreadsheetml.template": "xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": "xlsx",
    "application/vnd.ms-excel.template.macroenabled.12": "xlsx",
    "application/vnd.ms-powerpoint": "ppt", "application/mspowerpoint": "ppt",
    "application/x-mspowerpoint": "ppt", "application/powerpoint": "ppt",
    _OOXML + "presentationml.presentation": "pptx",
    _OOXML + "presentationml.slideshow": "pptx",
    _OOXML + "presentationml.template": "pptx",
    "application/vnd.ms-powerpoint.presentation.macroenabled.12": "pptx",
    "application/vnd.ms-powerpoint.slideshow.macroenabled.12": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.text-template": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.spreadsheet-template": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.presentation-template": "odp",
    "application/rtf": "rtf", "text/rtf": "rtf", "application/x-rtf": "rtf",
    "text/richtext": "rtf",
}
# Content types that say nothing reliable: decide from the file name.
_CT_GENERIC = frozenset({
    "application/octet-stream", "binary/octet-stream", "application/binary",
    "application/force-download", "application/download", "application/x-download",
    "application/x-forcedownload", "application/unknown", "application/x-unknown",
    "application/zip", "application/x-zip", "application/x-zip-compressed",
    "application/vnd.ms-office", "application/x-ole-storage", "application/cdfv2",
    "application/x-msdownload", "text/plain", "application/save", "application/stream",
    "multipart/x-mixed-replace", "",
})
_CT_NOT_DOC_PREFIXES = ("text/html", "application/xhtml", "image/", "video/", "audio/",
                        "font/", "text/css", "text/javascript", "application/javascript",
                        "application/x-javascript", "application/json")

# Pictures that agencies link as documents (announcements posted as a JPEG).  Only with images=True.
_IMAGE_EXTS = frozenset({"jpg", "jpeg", "jpe", "jfif", "png", "gif", "tif", "tiff", "bmp", "webp"})
_CT_IMAGE = frozenset({
    "image/jpeg", "image/jpg", "image/pjpeg", "image/png", "image/x-png", "image/apng",
    "image/gif", "image/tiff", "image/tif", "image/x-tiff", "image/bmp", "image/x-bmp",
    "image/x-ms-bmp", "image/webp",
})

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OOXML_TO_OLE = {"docx": "doc", "xlsx": "xls", "pptx": "ppt",
                 "odt": "doc", "ods": "xls", "odp": "ppt"}
_OLE_TO_ZIP = {"doc": "docx", "xls": "xlsx", "ppt": "pptx"}
_ODF_MIMES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.text-template": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.spreadsheet-template": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.presentation-template": "odp",
}
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_OLE_STREAMS = (
    ("WordDocument".encode("utf-16-le"), "doc"),
    ("PowerPoint Document".encode("utf-16-le"), "ppt"),
    ("Workbook".encode("utf-16-le"), "xls"),
    ("Book\x00".encode("utf-16-le"), "xls"),  # Excel 5/95
)

_UNKNOWN = object()  # sniffing could not tell
# Path segments that some CMSs append after the real file name
# (Plone "x.pdf/view", "x.pdf/at_download/file", "@@download/file/x.pdf").
_TRAILING_SEGMENTS = frozenset({"view", "download", "at_download", "@@download", "file",
                                "@@display-file", "image_view_fullscreen", "preview"})


def _mime(content_type: str | bytes | None) -> str | None:
    if content_type is None:
        return None
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    return content_type.split(";", 1)[0].strip().lower()


def _kind_from_content_type(content_type: str | bytes | None, images: bool = False) -> Any:
    """A kind, None for a definite non-document type, or _UNKNOWN (generic/absent)."""
    mime = _mime(content_type)
    if mime is None or mime in _CT_GENERIC:
        return _UNKNOWN
    if mime in _CT_KIND:
        return _CT_KIND[mime]
    if images and mime in _CT_IMAGE:
        return IMAGE_KIND
    if mime.startswith(_CT_NOT_DOC_PREFIXES):
        return None
    return _UNKNOWN


def _ext_kind(name: str | None, images: bool = False) -> str | None:
    if not name:
        return None
    base = re.split(r"[/\\]", name.strip())[-1]
    if "." not in base:
        return None
    ext = base.rsplit(".", 1)[1].strip().lower()
    if images and ext in _IMAGE_EXTS:
        return IMAGE_KIND
    return _EXT_KIND.get(ext)


def _unquote_thai(s: str) -> str:
    """Percent-decode as UTF-8, falling back to cp874 (TIS-620 URLs) then replacement."""
    if "%" not in s:
        return s
    raw = unquote_to_bytes(s)
    for enc in ("utf-8", "cp874"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def _url_candidates(url: str) -> list[str]:
    """File-name-like strings from a URL, best first (last segment, CMS suffixes, query)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return []
    segs = [_unquote_thai(seg.split(";", 1)[0]) for seg in parts.path.split("/")]
    segs = [s for s in segs if s]
    out: list[str] = []
    if segs:
        out.append(segs[-1])
        # "x.pdf/view", "x.pdf/at_download/file": look past known trailing segments.
        i = len(segs) - 1
        while i > 0 and segs[i].lower() in _TRAILING_SEGMENTS:
            i -= 1
            out.append(segs[i])
    try:
        query = parse_qsl(parts.query, keep_blank_values=False)
    except ValueError:
        query = []
    for _key, value in query:
        value = value.strip()
        if value:
            out.append(value.split("?", 1)[0].split("#", 1)[0])
    return out


def _kind_from_url(url: str | None, images: bool = False) -> str | None:
    if not url:
        return None
    for cand in _url_candidates(url):
        k = _ext_kind(cand, images)
        if k:
            return k
    return None


def is_document_url(url: str, *, images: bool = False) -> bool:
    """True when the URL's path (or a query value such as ``file=x.pdf``) has a
    document extension (with ``images=True`` also .jpg/.png/...).  Decides what to
    request as a document before fetching."""
    return _kind_from_url(url, images) is not None


def _fix_header_mojibake(s: str) -> str:
    """Undo Latin-1 decoding of raw UTF-8 / TIS-620 header bytes."""
    if not s or s.isascii() or any(ord(c) > 0xFF for c in s):
        return s
    raw = s.encode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        t = raw.decode("cp874")
    except UnicodeDecodeError:
        return s
    return t if sum("\u0e01" <= c <= "\u0e5b" for c in t) * 2 >= len(t.strip()) else s


def _disposition_filename(content_disposition: str | bytes | None) -> str | None:
    """File name from a Content-Disposition value (RFC 6266 / RFC 5987)."""
    if not content_disposition:
        return None
    if isinstance(content_disposition, bytes):
        try:
            cd = content_disposition.decode("utf-8")
        except UnicodeDecodeError:
            cd = content_disposition.decode("latin-1")
    else:
        cd = _fix_header_mojibake(content_disposition)
    # RFC 5987 ext-value: filename*=charset'lang'%XX..  (preferred when present)
    m = re.search(r"""filename\*\s*=\s*"?([\w!#$%&+^`{}~.-]*)'[^']*'([^";\s]+)"?""", cd, re.I)
    if m:
        charset = (m.group(1) or "utf-8").lower()
        raw = unquote_to_bytes(m.group(2))
        for enc in (charset, "utf-8", "cp874"):
            try:
                name = raw.decode(enc)
                break
            except (LookupError, UnicodeDecodeError):
                continue
        else:
            name = raw.decode("utf-8", "replace")
        if name.strip():
            return name
    msg = Message()
    msg["content-disposition"] = cd
    try:
        name = msg.get_param("filename", header="content-disposition", unquote=True)
    except Exception:  # malformed header
        name = None
    if isinstance(name, tuple):  # RFC 2231 form the regex did not catch
        try:
            name = str(name[2]) if name[2] is not None else None
        except Exception:
            name = None
    if not name:
        m = re.search(r"filename\s*=\s*([^;]+)", cd, re.I)
        name = m.group(1).strip().strip("\"'") if m else None
    if not name:
        return None
    # Some servers percent-encode Thai names inside plain filename="...".
    if re.search(r"%[0-9A-Fa-f]{2}", name):
        decoded = _unquote_thai(name)
        if not decoded.isascii():
            name = decoded
    return name


def _basename(name: str) -> str | None:
    base = re.split(r"[/\\]", name.strip())[-1].strip().strip("\x00")
    return base or None


def filename_from(url: str | None, content_disposition: str | bytes | None = None) -> str | None:
    """The document's file name: Content-Disposition first (``filename*`` over
    ``filename``), else the URL (last path segment, or a query value with a
    document extension such as ``download.php?file=x.pdf``), percent-decoded.
    Returns a bare name (no directories), or None."""
    name = _disposition_filename(content_disposition)
    if name:
        base = _basename(name)
        if base:
            return base
    if not url:
        return None
    cands = _url_candidates(url)
    for cand in cands:  # prefer a candidate with a document extension
        if _ext_kind(cand):
            return _basename(cand)
    return _basename(cands[0]) if cands else None


def _zip_member_names(head: bytes) -> list[str]:
    """Names of the local file headers found in ``head`` (which may be truncated)."""
    names: list[str] = []
    pos = 0
    limit = min(len(head), 1 << 20)
    while len(names) < 64:
        pos = head.find(b"PK\x03\x04", pos, limit)
        if pos < 0 or pos + 30 > len(head):
            break
        n = int.from_bytes(head[pos + 26:pos + 28], "little")
        names.append(head[pos + 30:pos + 30 + n].decode("utf-8", "replace"))
        pos += 30 + n
    return names


def _sniff_zip(head: bytes, hint: str | None) -> Any:
    # ODF: the first member is an uncompressed "mimetype" file.
    if head[30:38] == b"mimetype":
        start = 30 + 8 + int.from_bytes(head[28:30], "little")
        mime = head[start:start + 80]
        for prefix, kind in sorted(_ODF_MIMES.items(), key=lambda kv: -len(kv[0])):
            if mime.startswith(prefix):
                return kind
    names = _zip_member_names(head)
    if len(head) > 22 and head.rfind(b"PK\x05\x06") > 0:  # whole file: read the directory
        try:
            with zipfile.ZipFile(io.BytesIO(head)) as zf:
                names = zf.namelist()[:10000]
        except Exception:
            pass
    tops = {n.split("/", 1)[0] for n in names if "/" in n}
    if "word" in tops:
        return "docx"
    if "xl" in tops:
        return "xlsx"
    if "ppt" in tops:
        return "pptx"
    if hint in ZIP_KINDS:
        return hint
    if hint in _OLE_TO_ZIP:
        return _OLE_TO_ZIP[hint]
    return None  # a plain .zip archive or unknown zip-based format


def _sniff_ole(head: bytes, hint: str | None) -> Any:
    if hint in ("docx", "xlsx", "pptx") and _ENCRYPTED_PACKAGE in head:
        return hint  # password-protected OOXML is an OLE container
    for name, kind in _OLE_STREAMS:
        if name in head:
            return kind
    if hint in OLE_KINDS:
        return hint
    if hint in _OOXML_TO_OLE:
        return _OOXML_TO_OLE[hint]
    # Some other OLE file; on these sites that is nearly always a Word file,
    # and a converter (soffice) detects the real type itself.
    return "doc"


def _image_magic(head: bytes) -> bool:
    return (head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a",
                             b"II*\x00", b"MM\x00*"))
            or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
            or (head[:2] == b"BM" and len(head) >= 10 and head[6:10] == b"\x00\x00\x00\x00"))


def _sniff(head: bytes, hint: str | None = None, images: bool = False) -> Any:
    """Kind from magic bytes; None for recognised non-documents; _UNKNOWN otherwise.
    With ``images``, pictures are kind "image" instead of None."""
    if not head:
        return _UNKNOWN
    if images and _image_magic(head):
        return IMAGE_KIND
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(head, hint)
    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(head, hint)
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if b"%PDF-" in head[:1024]:  # readers accept junk before the header
        return "pdf"
    stripped = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    if stripped[:1] == b"<":  # HTML, XML (incl. Word/Excel 2003 XML, "xls" that is HTML)
        return None
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a",
                        b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        return None
    if head.startswith(b"\xff\xfe<\x00") or head.startswith(b"\xfe\xff\x00<"):
        return None  # UTF-16 HTML/XML
    return _UNKNOWN


def detect_kind(
    url: str,
    content_type: str | bytes | None = None,
    content_disposition: str | bytes | None = None,
    head: bytes = b"",
    *,
    images: bool = False,
) -> str | None:
    """Document kind (one of ``KINDS``) or None for HTML/images/other.

    Trust order: magic bytes in ``head`` (ZIP and OLE2 containers refined by
    their member names, then by the type/extension hints); then a specific
    Content-Type (a generic one such as application/octet-stream, application/zip
    or text/plain defers to the file name); then the Content-Disposition file
    name; then the URL's extension (path, CMS suffixes, query values).

    Pictures are None unless ``images=True`` (for a link that the caller treats
    as a document, e.g. its text names an ITA item): then JPEG, PNG, GIF, TIFF,
    BMP and WebP are kind ``"image"`` by the same trust order (SVG and icons stay
    None).  Off by default so that logos, photos and galleries are not fetched
    and OCR'd as documents.
    """
    ct_kind = _kind_from_content_type(content_type, images)
    fn_kind = _ext_kind(_disposition_filename(content_disposition), images)
    url_kind = _kind_from_url(url, images)
    hint = next((k for k in (ct_kind, fn_kind, url_kind) if isinstance(k, str)), None)
    sniffed = _sniff(head or b"", hint, images)
    if sniffed is not _UNKNOWN:
        return sniffed
    if ct_kind is not _UNKNOWN:
        return ct_kind  # a document kind, or None for text/html, image/...
    return fn_kind or url_kind


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ExtractedText:
    """Result of ``extract_text``.

    text:      cleaned text (``checklist.thaitext.clean_text``), "" on error.
    has_text:  ``has_meaningful_text(text)``: False for scans/garbage/errors.
    pages:     PDF page count / PPTX-ODP slide count (the whole document, not
               just what was read); None for other kinds or when unknown.
    extractor: library used ("pypdfium2", "python-docx", "openpyxl", ...;
               "pypdfium2+tesseract" for an OCR'd PDF, "tesseract" for an image).
    error:     None, or "code" / "code: message" (see module docstring).
    metadata:  title, subject, author, creator, producer, keywords, created,
               modified (ISO 8601 strings when parseable) when present; plus
               "truncated": True when a cap cut the reading short, "pages_read"
               for PDFs, "detected_kind" when the body's magic bytes
               overrode the given kind; after OCR "ocr_pages" (1-based numbers
               of the pages/frames recognised), "ocr_dpi", and "ocr_errors"
               (list of "code: page N: message") when some page failed; for
               images "image_format" and "image_size" ("WxH").
    source:    "layer" when the text came from the file itself (PDF text layer,
               DOCX, XLSX, ...), "ocr" when it was recognised by Tesseract, None
               when nothing was read (errors).
    ocr_confidence: mean Tesseract word confidence (0..1) of the OCR'd text;
               None unless source == "ocr".
    """

    text: str
    has_text: bool
    pages: int | None
    extractor: str
    error: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    ocr_confidence: float | None = None


class _Full(Exception):
    """Raised by _Sink when max_chars is reached, to leave loops early."""


class _Sink:
    def __init__(self, max_chars: int) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.max_chars = max(0, max_chars)
        self.truncated = False

    def add(self, s: str | None) -> None:
        if not s:
            return
        self.parts.append(s)
        self.size += len(s)
        if self.size >= self.max_chars:
            self.truncated = True
            raise _Full

    def text(self) -> str:
        return "".join(self.parts)[: self.max_chars]


MAX_ZIP_ENTRIES = 10_000
# Entries smaller than this are not checked for their compression ratio:
# small, very repetitive XML (styles, empty sheets) legitimately compresses >100x.
ZIP_RATIO_FLOOR = 1 << 20
MAX_XML_PART_BYTES = 64 << 20
XLSX_MAX_ROWS_PER_SHEET = 20_000
XLSX_MAX_CELLS = 1_000_000
XLSX_MAX_SHEETS = 200
PDF_ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD
PDF_ERR_SECURITY = 5  # FPDF_ERR_SECURITY


def _short(exc: BaseException, limit: int = 200) -> str:
    msg = f"{type(exc).__name__}: {exc}".replace("\n", " ")
    return msg[:limit]


def _result(text: str, pages: int | None, extractor: str, error: str | None = None,
            metadata: dict[str, Any] | None = None, max_chars: int | None = None,
            source: str | None = "layer", ocr_confidence: float | None = None) -> ExtractedText:
    cleaned = clean_text(text) if text else ""
    if max_chars is not None and len(cleaned) > max_chars:
        cleaned = cleaned[:max_chars].rstrip()
    return ExtractedText(
        text=cleaned,
        has_text=has_meaningful_text(cleaned, assume_clean=True) if cleaned else False,
        pages=pages,
        extractor=extractor,
        error=error,
        metadata=metadata or {},
        source=source,
        ocr_confidence=ocr_confidence,
    )


def _fail(extractor: str, error: str, pages: int | None = None,
          metadata: dict[str, Any] | None = None) -> ExtractedText:
    return ExtractedText("", False, pages, extractor, error, metadata or {})


@dataclass(frozen=True)
class _OcrOptions:
    pages: int
    dpi: int
    langs: str
    timeout: float
    budget: float


def extract_text(
    body: bytes,
    kind: str | None,
    *,
    max_pages: int = 20,
    max_chars: int = 500_000,
    max_unzipped_bytes: int = 100 * 2**20,
    max_ratio: int = 100,
    ocr_pages: int = 3,
    ocr_dpi: int = 300,
    ocr_langs: str = "tha+eng",
    ocr_timeout: float = 30,
    ocr_budget: float = 90,
) -> ExtractedText:
    """Extract and clean the text of a document.  Never raises.

    ``kind`` is what ``detect_kind`` said; when the body's magic bytes clearly
    say otherwise (a ".docx" that is a PDF) the bytes win.  PDFs longer than
    ``max_pages`` are read partly: the first ``max_pages - 1`` pages and the
    last page.  Reading stops once ``max_chars`` characters are collected.

    OCR: a scanned PDF (see the module docstring) has its first ``ocr_pages``
    pages rendered at ``ocr_dpi`` and recognised with Tesseract languages
    ``ocr_langs``; an image (kind "image", or a body that is a picture) its
    first ``ocr_pages`` frames.  Each page gets ``ocr_timeout`` seconds, the
    whole document ``ocr_budget`` seconds.  ``ocr_pages=0`` turns OCR off (a scan
    then reads as no text, no error; an image as ``unsupported``).
    """
    kind_in = (kind or "").lower().lstrip(".") or None
    if kind_in in _IMAGE_EXTS:
        kind_in = IMAGE_KIND
    ocr = _OcrOptions(max(0, int(ocr_pages)), int(ocr_dpi), ocr_langs, float(ocr_timeout),
                      float(ocr_budget))
    try:
        if not body:
            return _fail("none", "corrupt: empty body")
        body = bytes(body)
        sniffed = _sniff(body, kind_in, images=True)
        meta: dict[str, Any] = {}
        if sniffed is None:
            what = "html/xml" if body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00")[:1] == b"<" else "non-document"
            return _fail("none", f"unsupported: {what} body, not {kind_in or 'a document'}")
        if sniffed is not _UNKNOWN and sniffed != kind_in:
            meta["detected_kind"] = sniffed
            kind_in = sniffed
        if kind_in is None or kind_in not in KINDS:
            return _fail("none", f"unsupported: {kind_in or 'unknown kind'}")
        if kind_in == "pdf":
            return _extract_pdf(body, max_pages, max_chars, meta, ocr)
        if kind_in == IMAGE_KIND:
            return _extract_image(body, max_chars, meta, ocr)
        if kind_in in ZIP_KINDS:
            if body.startswith(_OLE_MAGIC):
                if _ENCRYPTED_PACKAGE in body:
                    return _fail("none", "encrypted", metadata=meta)
                kind_in = _OOXML_TO_OLE[kind_in]  # an old binary file under a new name
            else:
                return _extract_zip_kind(body, kind_in, max_chars, max_unzipped_bytes, max_ratio, meta)
        if kind_in in ("xls", "doc", "ppt", "rtf"):
            return _extract_legacy(body, kind_in, max_chars, meta)
        return _fail("none", f"unsupported: {kind_in} (no converter)", metadata=meta)
    except MemoryError:
        return _fail("none", "corrupt: out of memory")
    except Exception as exc:  # last resort: extract_text never raises
        return _fail("none", f"corrupt: {_short(exc)}")


# --- PDF -------------------------------------------------------------------

_RE_PDF_DATE = re.compile(
    r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"(?:\s*([Zz+\-])\s*(?:(\d{2})'?\s*(?:(\d{2})'?)?)?)?"
)


def parse_pdf_date(value: str | None) -> str | None:
    """PDF date (``D:20250115103000+07'00'``) -> ISO 8601 string; the raw value
    when unparseable; None when empty.  Buddhist Era years (>= 2400, written by
    Thai-locale software) are converted to AD."""
    if not value or not value.strip():
        return None
    m = _RE_PDF_DATE.match(value)
    if not m:
        return value.strip()
    y, mo, d, h, mi, s, sign, tzh, tzm = m.groups()
    year = int(y)
    if year >= 2400:
        year -= 543
    try:
        tz = None
        if sign in ("+", "-"):
            off = _dt.timedelta(hours=int(tzh or 0), minutes=int(tzm or 0))
            tz = _dt.timezone(off if sign == "+" else -off)
        elif sign in ("Z", "z"):
            tz = _dt.timezone.utc
        stamp = _dt.datetime(year, int(mo or 1), int(d or 1), int(h or 0), int(mi or 0),
                             int(s or 0), tzinfo=tz)
    except (ValueError, OverflowError):
        return value.strip()
    return stamp.isoformat()


def _pdf_page_indices(n: int, max_pages: int) -> list[int]:
    if max_pages <= 0 or n <= 0:
        return []
    if n <= max_pages:
        return list(range(n))
    if max_pages == 1:
        return [0]
    return list(range(max_pages - 1)) + [n - 1]


def _extract_pdf(body: bytes, max_pages: int, max_chars: int, meta: dict[str, Any],
                 ocr: _OcrOptions | None = None) -> ExtractedText:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == PDF_ERR_PASSWORD:
            return _fail("pypdfium2", "encrypted", metadata=meta)
        if code == PDF_ERR_SECURITY:
            return _fail("pypdfium2", "encrypted: unsupported security handler", metadata=meta)
        return _fail("pypdfium2", f"corrupt: {_short(exc)}", metadata=meta)
    try:
        n = len(pdf)
        try:
            raw_meta = pdf.get_metadata_dict(skip_empty=True)
        except TypeError:
            raw_meta = pdf.get_metadata_dict()
        except Exception:
            raw_meta = {}
        for src, dst in (("Title", "title"), ("Subject", "subject"), ("Author", "author"),
                         ("Creator", "creator"), ("Producer", "producer"),
                         ("Keywords", "keywords")):
            val = clean_text(raw_meta.get(src) or "")
            if val:
                meta[dst] = val
        for src, dst in (("CreationDate", "created"), ("ModDate", "modified")):
            val = parse_pdf_date(raw_meta.get(src))
            if val:
                meta[dst] = val
        sink = _Sink(max_chars)
        indices = _pdf_page_indices(n, max_pages)
        read = failed = 0
        try:
            for i in indices:
                try:
                    page = pdf[i]
                except pdfium.PdfiumError:
                    failed += 1
                    continue
                try:
                    textpage = page.get_textpage()
                    try:
                        page_text = textpage.get_text_bounded()
                    finally:
                        textpage.close()
                except pdfium.PdfiumError:
                    failed += 1
                    continue
                finally:
                    page.close()
                read += 1
                sink.add(page_text)
                sink.add("\n")
        except _Full:
            pass
        meta["pages_read"] = read
        if sink.truncated or len(indices) < n:
            meta["truncated"] = True
        if indices and read == 0:
            return _fail("pypdfium2", "corrupt: no page could be loaded", pages=n, metadata=meta)
        # pypdfium2 puts spaces inside Thai words set in some fonts ("ป้ องกัน"): repair them on PDF text only
        layer = _result(repair_split_words(clean_text(sink.text())), n, "pypdfium2", metadata=meta,
                        max_chars=max_chars)
        if ocr is None or ocr.pages <= 0 or not indices or not _needs_ocr(layer):
            return layer
        return _ocr_pdf(pdf, indices[: ocr.pages], n, layer, max_chars, meta, ocr)
    finally:
        pdf.close()


# --- OCR ---------------------------------------------------------------------

#: A PDF whose text layer has fewer Thai letters than this is OCR'd (when it has
#: no meaningful text at all, or only a page number, a stamp, or the Latin
#: gibberish that a scanner's English OCR writes over Thai text).  The OCR text
#: then replaces the layer only if it has at least this many Thai letters itself
#: or the layer had no meaningful text.
OCR_MIN_THAI_LETTERS = 20


def _thai_letters(text: str) -> int:
    return sum(1 for c in text if "\u0e01" <= c <= "\u0e2e")


def _needs_ocr(layer: ExtractedText) -> bool:
    return not layer.has_text or _thai_letters(layer.text) < OCR_MIN_THAI_LETTERS


def _ocr_unavailable(extractor: str, pages: int | None, meta: dict[str, Any]) -> ExtractedText:
    from crawler.ocr import tesseract_status

    _ok, reason = tesseract_status()
    return _fail(extractor, f"ocr_unavailable: {reason}", pages=pages, metadata=meta)


def _ocr_images(images, ocr: _OcrOptions, meta: dict[str, Any]
                ) -> tuple[list[str], list[float], list[str]]:
    """OCR each (page number, image or the exception that prevented it) within the per-page
    timeout and the document budget.  Returns (texts, confidences, errors as "code: page N:
    message"); records "ocr_pages", "ocr_dpi", "ocr_errors" and "truncated" in ``meta``."""
    import time

    from crawler.ocr import DEFAULT_LANGS, OcrError, ocr_image, usable_langs

    langs = usable_langs(ocr.langs or DEFAULT_LANGS)
    deadline = time.monotonic() + ocr.budget
    texts: list[str] = []
    confs: list[float] = []
    errors: list[str] = []
    done: list[int] = []
    for number, image in images:
        if isinstance(image, BaseException):
            errors.append(f"ocr_failed: page {number}: {_short(image)}")
            continue
        remaining = deadline - time.monotonic()
        if remaining < 1.0:
            errors.append(f"ocr_timeout: page {number}: the document's {ocr.budget:g}s OCR budget is spent")
            meta["truncated"] = True
            break
        dpi = _image_dpi(image)
        try:
            result = ocr_image(image, langs=langs, timeout=min(ocr.timeout, remaining), dpi=dpi)
        except OcrError as exc:
            errors.append(f"{exc.code}: page {number}: {exc}")
            if exc.code == "ocr_unavailable":
                break
            continue
        except (OSError, ValueError) as exc:  # writing the PNG, a bad language list
            errors.append(f"ocr_failed: page {number}: {_short(exc)}")
            continue
        finally:
            image = None  # let the page's pixels go before the next one is rendered
        done.append(number)
        meta.setdefault("ocr_dpi", dpi)
        texts.append(result.text)
        if result.words:
            confs.append(result.confidence)
    meta["ocr_pages"] = done
    if meta.get("ocr_dpi") is None:
        meta.pop("ocr_dpi", None)
    if errors:
        meta["ocr_errors"] = errors[:10]
    return texts, confs, errors


def _image_dpi(image) -> int | None:
    dpi = image.info.get("dpi") if hasattr(image, "info") else None
    try:
        value = round(float(dpi[0])) if dpi else None
    except (TypeError, ValueError, IndexError):
        return None
    return value if value and 50 <= value <= 1200 else None


def _ocr_outcome(extractor: str, pages: int | None, texts: list[str], confs: list[float],
                 errors: list[str], max_chars: int, meta: dict[str, Any],
                 layer: ExtractedText | None = None) -> ExtractedText:
    if not texts:
        if layer is not None and layer.has_text:
            return layer  # a Latin text layer that OCR could not check: keep it
        return _fail(extractor, errors[0] if errors else "ocr_failed: nothing to recognise",
                     pages=pages, metadata=meta)
    conf = round(sum(confs) / len(confs), 4) if confs else 0.0
    result = _result("\n".join(t for t in texts if t), pages, extractor, metadata=meta,
                     max_chars=max_chars, source="ocr", ocr_confidence=conf)
    if layer is not None and layer.has_text and _thai_letters(result.text) < OCR_MIN_THAI_LETTERS:
        return layer  # a Latin text layer and no Thai in the pictures either: the layer is the text
    return result


def _ocr_pdf(pdf, indices: list[int], n: int, layer: ExtractedText, max_chars: int,
             meta: dict[str, Any], ocr: _OcrOptions) -> ExtractedText:
    from crawler.ocr import render_pdf_page, tesseract_available

    if not tesseract_available():
        if layer.has_text:
            return layer  # it has text, only not Thai: nothing better is possible here
        return _ocr_unavailable("pypdfium2", n, meta)
    meta = dict(meta)
    if len(indices) < n:
        meta["truncated"] = True

    def pages():
        for i in indices:
            try:
                yield i + 1, render_pdf_page(pdf, i, ocr.dpi)
            except Exception as exc:  # an unrenderable page: report it, OCR the others
                yield i + 1, exc

    texts, confs, errors = _ocr_images(pages(), ocr, meta)
    return _ocr_outcome("pypdfium2+tesseract", n, texts, confs, errors, max_chars, meta, layer)


def _extract_image(body: bytes, max_chars: int, meta: dict[str, Any], ocr: _OcrOptions) -> ExtractedText:
    """A picture linked as a document: OCR its first ``ocr.pages`` frames."""
    from PIL import Image, UnidentifiedImageError

    from crawler.ocr import ImageTooLarge, frame_count, image_frames, open_image, tesseract_available

    try:
        img = open_image(body)
    except ImageTooLarge as exc:
        return _fail("tesseract", f"too_large: {exc}", metadata=meta)
    except UnidentifiedImageError:
        return _fail("tesseract", "unsupported: image format not recognised", metadata=meta)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        return _fail("tesseract", f"corrupt: {_short(exc)}", metadata=meta)
    with img:
        meta["image_format"] = img.format or "unknown"
        meta["image_size"] = f"{img.size[0]}x{img.size[1]}"
        frames = frame_count(img) if (img.format or "").upper() == "TIFF" else 1
        if ocr.pages <= 0:
            return _fail("tesseract", "unsupported: image (OCR turned off)", pages=frames, metadata=meta)
        if not tesseract_available():
            return _ocr_unavailable("tesseract", frames, meta)
        if frames > ocr.pages:
            meta["truncated"] = True

        undecodable: list[str] = []

        def pages():
            it = image_frames(img, ocr.pages)
            number = 0
            while True:
                number += 1
                try:
                    frame = next(it)
                except StopIteration:
                    return
                except ImageTooLarge as exc:
                    undecodable.append(f"too_large: {exc}")
                    return
                except (OSError, ValueError, SyntaxError, EOFError) as exc:  # truncated/corrupt data
                    undecodable.append(f"corrupt: {_short(exc)}")
                    return
                yield number, frame

        texts, confs, errors = _ocr_images(pages(), ocr, meta)
    if undecodable and not texts:
        return _fail("tesseract", undecodable[0], pages=frames, metadata=meta)
    return _ocr_outcome("tesseract", frames, texts, confs, errors, max_chars, meta)


# --- ZIP containers ----------------------------------------------------------

def _check_zip(zf: zipfile.ZipFile, max_unzipped_bytes: int, max_ratio: int) -> str | None:
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        return f"zip_bomb: {len(infos)} entries (max {MAX_ZIP_ENTRIES})"
    total = 0
    for zi in infos:
        if zi.flag_bits & 0x1:
            return f"encrypted: zip entry {zi.filename[:80]}"
        if zi.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return f"unsupported: zip compression method {zi.compress_type}"
        total += zi.file_size
        if total > max_unzipped_bytes:
            return f"zip_bomb: uncompressed size over {max_unzipped_bytes} bytes"
        if zi.file_size > ZIP_RATIO_FLOOR and zi.file_size > max_ratio * max(zi.compress_size, 1):
            ratio = zi.file_size // max(zi.compress_size, 1)
            return f"zip_bomb: {zi.filename[:80]} compression ratio {ratio} (max {max_ratio})"
    return None


def _xml_parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        zi = zf.getinfo(name)
    except KeyError:
        return None
    if zi.file_size > MAX_XML_PART_BYTES:
        raise ValueError(f"part {name} too large ({zi.file_size} bytes)")
    with zf.open(zi) as fh:
        return fh.read(MAX_XML_PART_BYTES + 1)[:MAX_XML_PART_BYTES]


def _parse_member(zf: zipfile.ZipFile, name: str):
    from lxml import etree

    data = _read_member(zf, name)
    if data is None:
        return None
    return etree.fromstring(data, parser=_xml_parser())


def _walk(root, on_start: Callable, on_end: Callable, skip: frozenset[str],
          on_tail: Callable | None = None) -> None:
    """Iterative document-order walk of an lxml tree (no recursion limit issues).

    Comments, processing instructions and (unresolved) entity references are
    never treated as elements; their tails still reach ``on_tail``.
    """
    on_start(root)
    stack = [(root, iter(root))]
    while stack:
        el, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            on_end(el)
            if on_tail is not None and stack:
                on_tail(el)
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in skip:
            if on_tail is not None:
                on_tail(child)
            continue
        on_start(child)
        stack.append((child, iter(child)))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_WML_SKIP = frozenset({_MC + "Fallback", _W + "del", _W + "delText", _W + "instrText",
                       _W + "rPr", _W + "pPr", _W + "sectPr", _W + "moveFrom"})


def _wml_text(root, sink: _Sink) -> None:
    """WordprocessingML text: one line per paragraph, table rows as tab-separated
    cells (paragraphs inside a cell joined by spaces), text boxes included."""
    cells = [0]  # depth of w:tc nesting

    def start(el) -> None:
        tag = el.tag
        if tag == _W + "t":
            sink.add(el.text)
        elif tag in (_W + "tab", _W + "ptab"):
            sink.add("\t")
        elif tag in (_W + "br", _W + "cr"):
            sink.add(" " if cells[0] else "\n")
        elif tag == _W + "noBreakHyphen":
            sink.add("-")
        elif tag == _W + "tc":
            cells[0] += 1

    def end(el) -> None:
        tag = el.tag
        if tag == _W + "p":
            sink.add(" " if cells[0] else "\n")
        elif tag == _W + "tc":
            cells[0] -= 1
            sink.add("\t")
        elif tag == _W + "tr":
            sink.add("\n")

    _walk(root, start, end, _WML_SKIP)


_DML_SKIP = frozenset({_MC + "Fallback", _A + "rPr", _A + "pPr", _A + "endParaRPr"})


def _dml_text(root, sink: _Sink) -> None:
    """DrawingML text (PowerPoint slides); table cells as in _wml_text."""
    cells = [0]

    def start(el) -> None:
        if el.tag == _A + "t":
            sink.add(el.text)
        elif el.tag == _A + "br":
            sink.add(" " if cells[0] else "\n")
        elif el.tag == _A + "tc":
            cells[0] += 1

    def end(el) -> None:
        if el.tag == _A + "p":
            sink.add(" " if cells[0] else "\n")
        elif el.tag == _A + "tc":
            cells[0] -= 1
            sink.add("\t")
        elif el.tag == _A + "tr":
            sink.add("\n")

    _walk(root, start, end, _DML_SKIP)


_ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODF_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODF_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODF_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_ODF_SKIP = frozenset({_ODF_TEXT + "tracked-changes", _ODF_OFFICE + "annotation",
                       _ODF_TEXT + "note-citation", _ODF_TEXT + "bookmark-ref",
                       _ODF_OFFICE + "forms", _ODF_TABLE + "shapes"})
_ODF_PARA = (_ODF_TEXT + "p", _ODF_TEXT + "h")
_RE_XML_WS = re.compile(r"[\t\r\n]")


def _odf_text(root, sink: _Sink, sheet_names: bool) -> None:
    depth = [0]  # inside text:p/text:h
    cells = [0]  # inside table:table-cell

    def chars(s: str | None) -> None:
        if s and depth[0]:
            sink.add(_RE_XML_WS.sub(" ", s))

    def start(el) -> None:
        tag = el.tag
        if tag in _ODF_PARA:
            depth[0] += 1
            chars(el.text)
        elif tag == _ODF_TEXT + "s":
            try:
                count = int(el.get(_ODF_TEXT + "c", "1"))
            except ValueError:
                count = 1
            if depth[0]:
                sink.add(" " * max(1, min(count, 100)))
        elif tag == _ODF_TEXT + "tab":
            if depth[0]:
                sink.add("\t")
        elif tag == _ODF_TEXT + "line-break":
            if depth[0]:
                sink.add(" " if cells[0] else "\n")
        elif tag == _ODF_TABLE + "table-cell":
            cells[0] += 1
        elif tag == _ODF_TABLE + "table" and sheet_names:
            name = el.get(_ODF_TABLE + "name")
            if name:
                sink.add(name + "\n")
        else:
            chars(el.text)

    def end(el) -> None:
        tag = el.tag
        if tag in _ODF_PARA:
            depth[0] -= 1
            sink.add(" " if cells[0] else "\n")
        elif tag == _ODF_TABLE + "table-cell":
            cells[0] -= 1
            sink.add("\t")
        elif tag == _ODF_TABLE + "table-row":
            sink.add("\n")
        elif tag == _ODF_DRAW + "page":
            sink.add("\n")

    def tail(el) -> None:
        chars(el.tail)

    _walk(root, start, end, _ODF_SKIP, on_tail=tail)


_CORE_FIELDS = (
    ("{http://purl.org/dc/elements/1.1/}title", "title"),
    ("{http://purl.org/dc/elements/1.1/}subject", "subject"),
    ("{http://purl.org/dc/elements/1.1/}creator", "author"),
    ("{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords", "keywords"),
    ("{http://purl.org/dc/terms/}created", "created"),
    ("{http://purl.org/dc/terms/}modified", "modified"),
    # ODF meta.xml
    ("{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}initial-creator", "author"),
    ("{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}keyword", "keywords"),
    ("{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}creation-date", "created"),
    ("{http://purl.org/dc/elements/1.1/}date", "modified"),
)


def _iso_date(value: str) -> str:
    v = value.strip()
    try:
        return _dt.datetime.fromisoformat(v.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return v


def _doc_properties(zf: zipfile.ZipFile, meta: dict[str, Any]) -> None:
    """Title/subject/author/keywords/created/modified from docProps/core.xml or meta.xml."""
    for part in ("docProps/core.xml", "meta.xml"):
        try:
            root = _parse_member(zf, part)
        except Exception:
            continue
        if root is None:
            continue
        for tag, key in _CORE_FIELDS:
            if key in meta:
                continue
            el = next(root.iter(tag), None)
            if el is None or not el.text or not el.text.strip():
                continue
            meta[key] = _iso_date(el.text) if key in ("created", "modified") else clean_text(el.text)
        return


def _extract_zip_kind(body: bytes, kind: str, max_chars: int, max_unzipped_bytes: int,
                      max_ratio: int, meta: dict[str, Any]) -> ExtractedText:
    extractor = {"docx": "python-docx", "xlsx": "openpyxl", "pptx": "pptx-xml"}.get(kind, "odf-xml")
    try:
        zf = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        return _fail(extractor, f"corrupt: {_short(exc)}", metadata=meta)
    with zf:
        problem = _check_zip(zf, max_unzipped_bytes, max_ratio)
        if problem:
            return _fail(extractor, problem, metadata=meta)
        _doc_properties(zf, meta)
        sink = _Sink(max_chars)
        pages: int | None = None
        try:
            if kind == "docx":
                extractor = _docx_text(body, zf, sink)
            elif kind == "xlsx":
                _xlsx_text(body, sink, meta)
            elif kind == "pptx":
                pages = _pptx_text(zf, sink)
            else:
                pages = _odf_content_text(zf, kind, sink)
        except _Full:
            pass
        except Exception as exc:
            defused = _defused_error(exc)
            if defused is not None:
                return _fail(extractor, f"unsafe_xml: {_short(defused)}", metadata=meta)
            return _fail(extractor, f"corrupt: {_short(exc)}", metadata=meta)
        if sink.truncated:
            meta["truncated"] = True
        return _result(sink.text(), pages, extractor, metadata=meta, max_chars=max_chars)


def _defused_error(exc: BaseException) -> BaseException | None:
    """The defusedxml refusal (DTD/entity/external reference) that is ``exc`` or
    caused it (openpyxl re-raises parse errors as ValueError), else None."""
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - defusedxml is a dependency
        return None
    seen = 0
    cur: BaseException | None = exc
    while cur is not None and seen < 10:
        if isinstance(cur, DefusedXmlException):
            return cur
        cur = cur.__cause__ or cur.__context__
        seen += 1
    return None


def _main_part_name(zf: zipfile.ZipFile) -> str | None:
    """The officeDocument target from _rels/.rels (usually word/document.xml)."""
    root = _parse_member(zf, "_rels/.rels")
    if root is None:
        return None
    for rel in root:
        if not isinstance(rel.tag, str):
            continue
        if str(rel.get("Type", "")).endswith("/officeDocument"):
            return str(rel.get("Target", "")).lstrip("/") or None
    return None


def _docx_text(body: bytes, zf: zipfile.ZipFile, sink: _Sink) -> str:
    """Headers, body (paragraphs and tables in document order, text boxes), footers."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(body))
    except ValueError as exc:
        # python-docx refuses .docm/.dotx/.dotm by content type: read the XML directly.
        if "content type" not in str(exc):
            raise
        name = _main_part_name(zf) or "word/document.xml"
        root = _parse_member(zf, name)
        if root is None:
            raise KeyError(f"no {name}") from exc
        _wml_text(root, sink)
        return "docx-xml"
    except PackageNotFoundError as exc:
        raise ValueError(f"not a Word package: {exc}") from exc

    def section_parts(attr_names: Iterable[str]) -> list:
        seen: set[int] = set()
        elements = []
        for section in document.sections:
            for attr in attr_names:
                try:
                    hf = getattr(section, attr)
                    if hf.is_linked_to_previous:
                        continue
                    el = hf._element
                except Exception:
                    continue
                if id(el) in seen:
                    continue
                seen.add(id(el))
                elements.append(el)
        return elements

    for el in section_parts(("first_page_header", "header", "even_page_header")):
        _wml_text(el, sink)
    _wml_text(document.element.body, sink)
    for el in section_parts(("first_page_footer", "footer", "even_page_footer")):
        _wml_text(el, sink)
    return "python-docx"


def _cell_str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, _dt.datetime):
        if value.hour == value.minute == value.second == 0 and not value.microsecond:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _xlsx_text(body: bytes, sink: _Sink, meta: dict[str, Any]) -> None:
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True,
                                    keep_links=False)
    try:
        cells = 0
        for n, ws in enumerate(wb.worksheets):
            if n >= XLSX_MAX_SHEETS:
                meta["truncated"] = True
                break
            sink.add(f"{ws.title}\n")
            try:
                ws.reset_dimensions()  # don't trust <dimension>: avoids 16k-column padding
            except AttributeError:
                pass
            rows = 0
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for row in ws.iter_rows(values_only=True):
                    cells += len(row)
                    values = [_cell_str(v) for v in row]
                    while values and not values[-1]:
                        values.pop()
                    if values:
                        sink.add("\t".join(values) + "\n")
                        rows += 1
                    if rows >= XLSX_MAX_ROWS_PER_SHEET or cells >= XLSX_MAX_CELLS:
                        meta["truncated"] = True
                        break
            if cells >= XLSX_MAX_CELLS:
                break
    finally:
        wb.close()


_RE_SLIDE = re.compile(r"^ppt/slides/slide(\d+)\.xml$")


def _pptx_text(zf: zipfile.ZipFile, sink: _Sink) -> int:
    """Slides in numeric order of their part names (normally the slide order)."""
    slides = sorted(
        ((int(m.group(1)), name) for name in zf.namelist() if (m := _RE_SLIDE.match(name))),
    )
    for _num, name in slides:
        root = _parse_member(zf, name)
        if root is not None:
            _dml_text(root, sink)
            sink.add("\n")
    return len(slides)


def _odf_content_text(zf: zipfile.ZipFile, kind: str, sink: _Sink) -> int | None:
    root = _parse_member(zf, "content.xml")
    if root is None:
        raise KeyError("no content.xml")
    pages = None
    if kind == "odp":
        pages = sum(1 for _ in root.iter(_ODF_DRAW + "page"))
    _odf_text(root, sink, sheet_names=(kind == "ods"))
    return pages


# --- legacy binary formats -----------------------------------------------------

def _extract_legacy(body: bytes, kind: str, max_chars: int, meta: dict[str, Any]) -> ExtractedText:
    """.xls with xlrd; .doc, .ppt, .rtf through crawler.legacy_office (LibreOffice when installed)."""
    from crawler import legacy_office as legacy

    readers = {"xls": ("xlrd", lambda: legacy.read_xls(body)[0]),
               "doc": ("legacy-doc", lambda: legacy.read_doc(body)),
               "ppt": ("legacy-ppt", lambda: legacy.read_ppt(body)),
               "rtf": ("rtf", lambda: legacy.read_rtf(body))}
    extractor, read = readers[kind]
    try:
        text = read()
    except legacy.LegacyReadError as exc:
        return _fail(extractor, str(exc), metadata=meta)
    return _result(text, None, extractor, metadata=meta, max_chars=max_chars)
