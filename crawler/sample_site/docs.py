"""Binary assets of the sample site: Word-style documents (python-docx), their PDF exports (LibreOffice), a
monthly procurement workbook (openpyxl), a "scanned" image-only PDF, a truncated (corrupt) PDF, and the
PNG images (logo, banners, icons, structure chart, portraits) drawn with Pillow.

Every timestamp that the tools let us fix is fixed (docx/xlsx core properties and zip entry dates, PDF
CreationDate and trailer ID), so rebuilding on the same machine gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import os
import random
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from . import content as C

FONT_DIRS = ["/usr/share/fonts/truetype/tlwg", "/usr/share/fonts/opentype/tlwg", "/usr/share/fonts/truetype"]
# Norasi (TLWG): in this machine's LibreOffice 7.4 + pdfium, Laksaman/Garuda/Loma/Kinnari/Waree PDFs extract
# with stray spaces after tone marks ("ป้ องกัน") and Norasi at 20 pt bold splits below-vowels onto their own
# lines; Norasi up to 16 pt extracts exactly.
DOC_FONT = "Norasi"
AUTHOR = "สำนักงานจังหวัดยโสธร"

# Pillow images: (key in content.IMG, size, background, foreground, lines of text)
IMAGE_SPECS = [
    ("logo", (80, 80), "#ffffff", "#7a1f1f", ["ยโสธร"]),
    ("banner_top", (960, 160), "#1f4e79", "#ffffff", ["จังหวัดยโสธร", "เมืองเกษตรอินทรีย์ ท่องเที่ยววิถีถิ่น"]),
    ("banner_eservice", (250, 70), "#0b6e4f", "#ffffff", ["E-Service", "ระบบบริการออนไลน์"]),
    ("banner_damrong", (250, 70), "#a4161a", "#ffffff", ["ศูนย์ดำรงธรรม", "สายด่วน 1567"]),
    ("banner_ita", (250, 70), "#3a0ca3", "#ffffff", ["ITA 2568", "การประเมินคุณธรรมและความโปร่งใส"]),
    ("banner_complaint", (250, 70), "#e85d04", "#ffffff", ["แจ้งเรื่องร้องเรียนการทุจริต"]),
    ("icon_pdf", (24, 24), "#d62828", "#ffffff", ["PDF"]),
    ("icon_doc", (24, 24), "#1d3557", "#ffffff", ["DOC"]),
    ("intro", (800, 300), "#fdf0d5", "#780000", ["ยินดีต้อนรับสู่เว็บไซต์จังหวัดยโสธร", "Yasothon Province"]),
]
CHART_BOXES = [
    # (x, y, w, h, text)
    (280, 20, 240, 44, "ผู้ว่าราชการจังหวัดยโสธร"),
    (120, 100, 240, 44, "รองผู้ว่าราชการจังหวัด"),
    (440, 100, 240, 44, "รองผู้ว่าราชการจังหวัด"),
    (20, 190, 180, 44, "สำนักงานจังหวัด"),
    (215, 190, 180, 44, "ที่ทำการปกครองจังหวัด"),
    (410, 190, 180, 44, "ส่วนราชการส่วนภูมิภาค"),
    (605, 190, 175, 44, "ที่ทำการปกครองอำเภอ"),
]


class ToolMissing(RuntimeError):
    pass


def find_font(name: str = "Garuda") -> str:
    for d in FONT_DIRS:
        for root, _dirs, files in os.walk(d):
            for f in files:
                if f.lower() in (f"{name.lower()}.ttf", f"{name.lower()}.otf"):
                    return os.path.join(root, f)
    raise ToolMissing(f"Thai font {name} not found (install fonts-thai-tlwg)")


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _when(doc: dict) -> _dt.datetime:
    return _dt.datetime.strptime(doc["date"], "%Y-%m-%d").replace(hour=9)


# ------------------------------------------------------------------------------------------------------
# zip normalisation (docx, xlsx)
# ------------------------------------------------------------------------------------------------------
def normalize_zip(data: bytes, when: _dt.datetime) -> bytes:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                              lambda m: m.group(1) + stamp.encode() + m.group(2), body)
            zi = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, body)
    return out.getvalue()


# ------------------------------------------------------------------------------------------------------
# DOCX
# ------------------------------------------------------------------------------------------------------
def _set_run(run, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), DOC_FONT)
    for tag, val in (("w:szCs", str(int(size * 2))),):
        el = rpr.find(qn(tag))
        if el is None:
            el = rpr.makeelement(qn(tag), {})
            rpr.append(el)
        el.set(qn("w:val"), val)
    if bold and rpr.find(qn("w:bCs")) is None:
        rpr.append(rpr.makeelement(qn("w:bCs"), {}))


def _para(d, text: str, size: float = 16, bold: bool = False, align=None, indent_cm: float = 0,
          space_after: float = 2):
    from docx.shared import Cm, Pt
    p = d.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent_cm:
        p.paragraph_format.first_line_indent = Cm(indent_cm)
    p.paragraph_format.space_after = Pt(space_after)
    _set_run(p.add_run(text), size, bold)
    return p


def docx_bytes(doc: dict) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH as AL
    from docx.shared import Cm

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    landscape = doc.get("orientation") == "landscape"
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.5 if landscape else 2.5 if side == "left_margin" else 2.0))
    table_size = 10 if landscape else 12
    for block in doc["body"]:
        kind = block[0]
        if kind == "title":
            _para(d, block[1], 16, True, AL.CENTER, space_after=0)
        elif kind == "subtitle":
            _para(d, block[1], 14, True, AL.CENTER, space_after=0)
        elif kind == "h":
            _para(d, block[1], 14, True, space_after=0).paragraph_format.space_before = Cm(0.3)
        elif kind == "p":
            _para(d, block[1], 14, False, AL.JUSTIFY, 2.5)
        elif kind == "right":
            _para(d, block[1], 12, False, AL.RIGHT)
        elif kind == "bullets":
            for item in block[1]:
                p = _para(d, "- " + item, 14)
                p.paragraph_format.left_indent = Cm(1.25)
        elif kind == "table":
            head, rows = block[1], block[2]
            t = d.add_table(rows=1 + len(rows), cols=len(head))
            t.style = "Table Grid"
            for r, values in enumerate([head, *rows]):
                for c, value in enumerate(values):
                    cell = t.cell(r, c)
                    cell.text = ""
                    _set_run(cell.paragraphs[0].add_run(str(value)), table_size, r == 0)
                    if r == 0:
                        cell.paragraphs[0].alignment = AL.CENTER
            _para(d, "", 8)
        elif kind == "sign":
            for line in block[1]:
                _para(d, line, 14, False, AL.CENTER, space_after=0)
        else:
            raise ValueError(f"unknown document block {kind!r}")
    cp = d.core_properties
    when = _when(doc)
    cp.author = AUTHOR
    cp.last_modified_by = AUTHOR
    cp.title = doc["title"]
    cp.created = when
    cp.modified = when
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return normalize_zip(buf.getvalue(), when)


# ------------------------------------------------------------------------------------------------------
# XLSX (แบบ สขร.1)
# ------------------------------------------------------------------------------------------------------
def xlsx_bytes(doc: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    month, be, sheet, rows = C.SKR_MONTHS[doc["month"]]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    font = "TH SarabunPSK"
    ncol = len(C.SKR_HEAD)
    last = chr(ord("A") + ncol - 1)
    ws["A1"] = "แบบ สขร.1"
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].alignment = Alignment(horizontal="right")
    header_lines = [b[1] for b in doc["body"] if b[0] in ("title", "subtitle")]
    for i, text in enumerate(header_lines, start=2):
        ws.cell(row=i, column=1, value=text)
        ws.merge_cells(f"A{i}:{last}{i}")
        ws.cell(row=i, column=1).alignment = Alignment(horizontal="center")
        ws.cell(row=i, column=1).font = Font(name=font, size=16, bold=True)
    head_row = len(header_lines) + 3
    thin = Side(style="thin")
    for c, h in enumerate(C.SKR_HEAD, start=1):
        cell = ws.cell(row=head_row, column=c, value=h)
        cell.font = Font(name=font, size=14, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for r, values in enumerate(rows, start=head_row + 1):
        for c, v in enumerate([r - head_row, *values], start=1):
            cell = ws.cell(row=r, column=c, value=v)
            cell.font = Font(name=font, size=14)
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
    for c, width in enumerate([8, 34, 16, 16, 14, 30, 30, 26, 26], start=1):
        ws.column_dimensions[chr(ord("A") + c - 1)].width = width
    when = _when(doc)
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.title = doc["title"]
    wb.properties.created = when
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_zip(buf.getvalue(), when)


# ------------------------------------------------------------------------------------------------------
# PDF via LibreOffice
# ------------------------------------------------------------------------------------------------------
def convert_to_pdf(docx_files: dict[str, bytes]) -> dict[str, bytes]:
    """Convert {name: docx bytes} to {name: pdf bytes} with one headless LibreOffice run."""
    exe = soffice_path()
    if not exe:
        raise ToolMissing("LibreOffice (soffice) not found")
    with tempfile.TemporaryDirectory(prefix="sample-site-lo-") as tmp:
        tmp = Path(tmp)
        src, out, profile = tmp / "src", tmp / "out", tmp / "profile"
        src.mkdir()
        out.mkdir()
        names = {}
        for i, (name, data) in enumerate(docx_files.items()):
            fn = f"doc{i:03d}.docx"
            (src / fn).write_bytes(data)
            names[fn[:-5]] = name
        env = dict(os.environ, TZ="UTC", HOME=str(tmp))
        cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), *sorted(str(p) for p in src.iterdir())]
        proc = subprocess.run(cmd, env=env, capture_output=True, timeout=600)
        result = {}
        for stem, name in names.items():
            pdf = out / f"{stem}.pdf"
            if not pdf.exists():
                raise RuntimeError(f"LibreOffice did not convert {name}: {proc.stderr.decode(errors='replace')[-500:]}")
            result[name] = pdf.read_bytes()
        return result


def normalize_pdf(data: bytes, when: _dt.datetime) -> bytes:
    """Fix the creation date and trailer ID in place (same lengths, so the xref offsets stay valid)."""
    fixed = when.strftime("D:%Y%m%d%H%M%S")

    def date_sub(m: re.Match) -> bytes:
        old = m.group(2)
        new = fixed.encode() + old[len(fixed):]
        return m.group(1) + new[: len(old)] + m.group(3)

    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\()([^)]*)(\))", date_sub, data)
    # trailer /ID and LibreOffice's /DocChecksum change on every export: derive both from the rest
    spans = []
    for m in re.finditer(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]", data):
        spans += [m.span(1), m.span(2)]
    for m in re.finditer(rb"/DocChecksum\s*/([0-9A-Fa-f]+)", data):
        spans.append(m.span(1))
    if spans:
        blanked = bytearray(data)
        for a, b in spans:
            blanked[a:b] = b"0" * (b - a)
        digest = hashlib.md5(bytes(blanked)).hexdigest().upper().encode()
        out = bytearray(data)
        for a, b in spans:
            out[a:b] = (digest * ((b - a) // len(digest) + 1))[: b - a]
        data = bytes(out)
    return data


def scan_pdf(pdf: bytes, when: _dt.datetime, seed: str) -> bytes:
    """Render page 1 to a grey image, tilt it, add speckle noise, and save an image-only PDF."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    doc = pdfium.PdfDocument(pdf)
    try:
        img = doc[0].render(scale=100 / 72).to_pil().convert("L")
    finally:
        doc.close()
    img = img.rotate(0.8, resample=Image.BICUBIC, fillcolor=255, expand=False)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    rnd = random.Random(seed)
    w, h = img.size
    px = img.load()
    for _ in range(w * h // 400):  # sparse dust
        x, y = rnd.randrange(w), rnd.randrange(h)
        px[x, y] = rnd.randrange(90, 200)
    # uneven photocopy background
    shade = Image.linear_gradient("L").resize((w, h)).point(lambda v: 255 - v // 12)
    img = Image.composite(img, shade, img.point(lambda v: 255 if v < 250 else 0))
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=100.0, quality=40, creationDate=when.timetuple(), modDate=when.timetuple(),
             title="scan0021", producer="Scanner", author="")
    return buf.getvalue()


# ------------------------------------------------------------------------------------------------------
# Images
# ------------------------------------------------------------------------------------------------------
def _text_center(draw, box, lines, font_path, color, max_size):
    from PIL import ImageFont
    x0, y0, x1, y1 = box
    size = max_size
    while size > 6:
        font = ImageFont.truetype(font_path, size)
        widths = [draw.textlength(t, font=font) for t in lines]
        line_h = size * 1.35
        if max(widths) <= (x1 - x0) * 0.92 and line_h * len(lines) <= (y1 - y0) * 0.95:
            break
        size -= 1
    total = line_h * len(lines)
    y = y0 + ((y1 - y0) - total) / 2
    for t, wdt in zip(lines, widths):
        draw.text((x0 + ((x1 - x0) - wdt) / 2, y), t, font=font, fill=color)
        y += line_h


def _png(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def images() -> dict[str, bytes]:
    """{url path: PNG bytes} for every image the pages show."""
    from PIL import Image, ImageDraw

    font = find_font("Garuda")
    out = {}
    for key, size, bg, fg, lines in IMAGE_SPECS:
        img = Image.new("RGB", size, bg)
        dr = ImageDraw.Draw(img)
        if key == "logo":
            dr.ellipse((2, 2, size[0] - 3, size[1] - 3), outline=fg, width=3)
        _text_center(dr, (0, 0, *size), lines, font, fg, max(10, size[1] // (len(lines) + 1)))
        out[C.IMG[key]] = _png(img.quantize(64) if size[0] > 100 else img)
    # structure chart (org-chart lines: governor -> vice governors at the side, a bus to the units below)
    img = Image.new("RGB", (800, 260), "#ffffff")
    dr = ImageDraw.Draw(img)
    gov, vice1, vice2, *units = CHART_BOXES
    gx = gov[0] + gov[2] // 2
    bus_y = units[0][1] - 20
    dr.line((gx, gov[1] + gov[3], gx, bus_y), fill="#1f4e79", width=2)
    vy = vice1[1] + vice1[3] // 2
    dr.line((vice1[0] + vice1[2], vy, vice2[0], vy), fill="#1f4e79", width=2)
    centers = [u[0] + u[2] // 2 for u in units]
    dr.line((min(centers), bus_y, max(centers), bus_y), fill="#1f4e79", width=2)
    for cx in centers:
        dr.line((cx, bus_y, cx, units[0][1]), fill="#1f4e79", width=2)
    for x, y, w, h, text in CHART_BOXES:
        dr.rectangle((x, y, x + w, y + h), outline="#1f4e79", width=2, fill="#e8f1fb")
        _text_center(dr, (x, y, x + w, y + h), [text], font, "#102a43", 18)
    out[C.IMG["chart"]] = _png(img.quantize(32))
    # portraits: grey silhouettes
    for i, (key, _name, *_rest) in enumerate(C.EXECUTIVES):
        img = Image.new("RGB", (120, 150), ["#dfe7ef", "#e6e0ef", "#efe6df", "#dfefe6", "#efefdf"][i % 5])
        dr = ImageDraw.Draw(img)
        dr.ellipse((35, 20, 85, 75), fill="#8a9bab")
        dr.pieslice((15, 80, 105, 190), 180, 360, fill="#5c6f82")
        out[C.IMG[key]] = _png(img.quantize(16))
    return out


# ------------------------------------------------------------------------------------------------------
# All documents
# ------------------------------------------------------------------------------------------------------
def disk_path(doc: dict) -> str:
    """Path of a document's file relative to www/."""
    return doc["file"] if doc.get("served") == "route" else doc["path"].lstrip("/")


def documents() -> dict[str, bytes]:
    """{path relative to www/: bytes} for every stored document (needs LibreOffice)."""
    out: dict[str, bytes] = {}
    to_pdf: dict[str, bytes] = {}
    for doc in C.DOCS:
        kind = doc["kind"]
        if kind == "oversize":
            continue
        if kind == "xlsx":
            out[disk_path(doc)] = xlsx_bytes(doc)
            continue
        data = docx_bytes(doc)
        if kind == "docx":
            out[disk_path(doc)] = data
        else:
            to_pdf[doc["key"]] = data
    pdfs = convert_to_pdf(to_pdf)
    for doc in C.DOCS:
        if doc["key"] not in pdfs:
            continue
        when = _when(doc)
        pdf = normalize_pdf(pdfs[doc["key"]], when)
        if doc["kind"] == "scan":
            pdf = scan_pdf(pdf, when, doc["key"])
        elif doc["kind"] == "corrupt":
            pdf = pdf[: int(len(pdf) * 0.4)]
        out[disk_path(doc)] = pdf
    return out
