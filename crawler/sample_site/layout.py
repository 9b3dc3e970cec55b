"""HTML templates of the sample site: a Joomla 3 page (menus, breadcrumb, item-page, sidebar, footer), Thai
date formats, and the JEvents month/day calendar that the server renders on the fly.

All text goes through :func:`html.escape`; hrefs are percent-encoded UTF-8 like Joomla emits them unless a
:class:`~crawler.sample_site.content.Link` asks for the raw Thai form.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
from html import escape
from urllib.parse import quote

from . import content as C
from .content import Link

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
          "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
MONTHS_ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
WEEKDAYS = ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"]

URL_SAFE = "/?&=:;,+%~@!$'()*-._"


def href(path: str, raw: bool = False) -> str:
    """The href as written in HTML (before attribute escaping)."""
    if raw or path.startswith(("http://", "https://")) and not any(ord(c) > 127 for c in path):
        return path
    if path.startswith(("http://", "https://")):
        scheme, rest = path.split("://", 1)
        return f"{scheme}://{quote(rest, safe=URL_SAFE)}"
    return quote(path, safe=URL_SAFE)


def parse_dt(s: str) -> _dt.datetime:
    return _dt.datetime.strptime(s, "%Y-%m-%d %H:%M") if " " in s else _dt.datetime.strptime(s, "%Y-%m-%d")


def thai_full(d: _dt.date, thai_digits: bool = False) -> str:
    """๑๕ สิงหาคม ๒๕๖๘ / 15 สิงหาคม 2568"""
    s = f"{d.day} {MONTHS[d.month - 1]} {d.year + 543}"
    return s.translate(THAI_DIGITS) if thai_digits else s


def thai_short(d: _dt.date, two_digit_year: bool = True) -> str:
    """15 ส.ค. 68 / 3 ต.ค. 2567"""
    y = d.year + 543
    return f"{d.day} {MONTHS_ABBR[d.month - 1]} {y % 100 if two_digit_year else y}"


def iso(d: _dt.datetime) -> str:
    return d.strftime("%Y-%m-%dT%H:%M:%S+07:00")


# ------------------------------------------------------------------------------------------------------
# Inline and block rendering
# ------------------------------------------------------------------------------------------------------
def link(lk: Link) -> str:
    attrs = [f'href="{escape(href(lk.href, lk.raw))}"']
    if lk.title:
        attrs.append(f'title="{escape(lk.title)}"')
    if lk.blank:
        attrs.append('target="_blank" rel="noopener noreferrer"')
    if lk.img:
        inner = f'<img src="{escape(href(lk.img))}" alt="{escape(lk.text)}" width="24" height="24" />'
    else:
        inner = escape(lk.text)
    return f"<a {' '.join(attrs)}>{inner}</a>"


def inline(x) -> str:
    if x is None:
        return ""
    if isinstance(x, Link):
        return link(x)
    if isinstance(x, (list, tuple)):
        return "".join(inline(i) for i in x)
    return escape(str(x))


def table(head, rows, cls="table table-bordered table-striped") -> str:
    out = [f'<table class="{cls}">', "<thead><tr>"]
    out += [f"<th>{escape(h)}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def blocks(body) -> str:
    out = []
    for b in body:
        kind = b[0]
        if kind == "p":
            out.append(f"<p>{inline(b[1])}</p>")
        elif kind in ("h3", "h4"):
            out.append(f"<{kind}>{escape(b[1])}</{kind}>")
        elif kind in ("ul", "ol"):
            out.append(f"<{kind}>" + "".join(f"<li>{inline(i)}</li>" for i in b[1]) + f"</{kind}>")
        elif kind == "table":
            out.append(table(b[1], b[2]))
        elif kind == "img":
            out.append(f'<p><img src="{escape(href(b[1]))}" alt="{escape(b[2])}" class="img-responsive" /></p>')
        elif kind == "iframe":
            out.append(f'<iframe src="{escape(href(b[1]))}" title="{escape(b[2])}" width="600" height="300" '
                       f'style="border:0" loading="lazy"></iframe>')
        else:
            raise ValueError(f"unknown block {kind!r}")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------------
# Joomla 3 page
# ------------------------------------------------------------------------------------------------------
def _menu(active: str | None) -> str:
    out = ['<ul class="nav menu nav-pills mod-list">']
    for item_id, text, path, children in C.MAIN_MENU:
        cls = [f"item-{item_id}"]
        if item_id == 101:
            cls.append("default")
        if active == text:
            cls += ["current", "active"]
        if children:
            cls += ["deeper", "parent"]
        out.append(f'<li class="{" ".join(cls)}"><a href="{escape(href(path))}">{escape(text)}</a>')
        if children:
            out.append('<ul class="nav-child unstyled small">')
            for cid, ctext, cpath in children:
                out.append(f'<li class="item-{cid}"><a href="{escape(href(cpath))}">{escape(ctext)}</a></li>')
            out.append("</ul>")
        out.append("</li>")
    out.append("</ul>")
    return "\n".join(out)


def _breadcrumb(crumbs, title) -> str:
    out = ['<ul itemscope itemtype="https://schema.org/BreadcrumbList" class="breadcrumb">',
           '<li>คุณอยู่ที่: &#160;</li>',
           f'<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
           f'<a itemprop="item" href="{escape(href(C.P["home"]))}" class="pathway"><span itemprop="name">หน้าหลัก</span></a>'
           '<span class="divider">/</span><meta itemprop="position" content="1"></li>']
    pos = 2
    for text, path in crumbs:
        out.append(f'<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem">'
                   f'<a itemprop="item" href="{escape(href(path))}" class="pathway"><span itemprop="name">'
                   f'{escape(text)}</span></a><span class="divider">/</span>'
                   f'<meta itemprop="position" content="{pos}"></li>')
        pos += 1
    out.append(f'<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem" class="active">'
               f'<span itemprop="name">{escape(title)}</span><meta itemprop="position" content="{pos}"></li>')
    out.append("</ul>")
    return "\n".join(out)


def _sidebar() -> str:
    out = ['<div id="aside" class="span3">', '<div class="moduletable banners">']
    for img, alt, path in C.BANNERS:
        out.append(f'<div class="banneritem"><a href="{escape(href(path))}" title="{escape(alt)}">'
                   f'<img src="{escape(href(img))}" alt="{escape(alt)}" width="250" height="70" /></a></div>')
    out.append("</div>")
    out.append('<div class="moduletable_menu"><h3>บริการประชาชน</h3><ul class="nav menu mod-list">')
    for text, path in C.SERVICE_MENU:
        out.append(f'<li><a href="{escape(href(path))}">{escape(text)}</a></li>')
    out.append("</ul></div>")
    out.append('<div class="moduletable"><h3>ลิงก์หน่วยงาน</h3><ul>')
    for text, url in C.EXTERNAL_BANNERS:
        out.append(f'<li><a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(text)}</a></li>')
    out.append("</ul></div></div>")
    return "\n".join(out)


def _footer() -> str:
    links = " | ".join(f'<a href="{escape(href(p))}">{escape(t)}</a>' for t, p in C.FOOTER_LINKS)
    return (f'<footer class="footer" role="contentinfo"><div class="container">\n'
            f'<p class="address"><strong>{escape(C.SITE["office"])}</strong> {escape(C.SITE["address"])}<br />'
            f'โทรศัพท์ {escape(C.SITE["phone"])} โทรสาร {escape(C.SITE["fax"])} '
            f'อีเมล <a href="mailto:{escape(C.SITE["email"])}">{escape(C.SITE["email"])}</a></p>\n'
            f'<p class="footer-links">{links}</p>\n'
            f'<p class="copyright">{escape(C.SITE["copyright"])} · สถิติผู้เข้าชม {escape(C.SITE["visitors"])} ครั้ง</p>\n'
            f'</div></footer>')


def article_info(published: str | None, modified: str | None = None, hits: int | None = None,
                 thai_digits: bool = False) -> str:
    if not published:
        return ""
    pd = parse_dt(published)
    out = ['<dl class="article-info muted">', '<dt class="article-info-term">รายละเอียด</dt>',
           f'<dd class="published"><span class="icon-calendar" aria-hidden="true"></span> '
           f'<time datetime="{iso(pd)}" itemprop="datePublished">เผยแพร่: {escape(thai_full(pd, thai_digits))}</time></dd>']
    if modified:
        md = parse_dt(modified)
        out.append(f'<dd class="modified"><span class="icon-calendar" aria-hidden="true"></span> '
                   f'<time datetime="{iso(md)}" itemprop="dateModified">ปรับปรุงล่าสุด: {escape(thai_full(md))}</time></dd>')
    if hits is not None:
        out.append(f'<dd class="hits"><span class="icon-eye-open" aria-hidden="true"></span> '
                   f'<meta itemprop="interactionCount" content="UserPageVisits:{hits}" />เปิดอ่าน: {hits:,}</dd>')
    out.append("</dl>")
    return "\n".join(out)


def item_page(title: str, body_html: str, info_html: str = "") -> str:
    return (f'<div class="item-page" itemscope itemtype="https://schema.org/Article">\n'
            f'<meta itemprop="inLanguage" content="th-TH" />\n'
            f'<div class="page-header"><h2 itemprop="headline">{escape(title)}</h2></div>\n'
            f'{info_html}\n<div itemprop="articleBody">\n{body_html}\n</div>\n</div>')


def page(title: str, main_html: str, *, crumbs=None, active: str | None = None, body_class: str = "",
         description: str | None = None, home: bool = False) -> str:
    """A full Joomla 3 page."""
    crumb_html = "" if home else _breadcrumb(crumbs or [], title)
    full_title = C.SITE["name"] if home else f"{title} - {C.SITE['name']}"
    desc = description or "เว็บไซต์จังหวัดยโสธร ข้อมูลข่าวสาร การบริการประชาชน และการเปิดเผยข้อมูลสาธารณะ"
    return f"""<!DOCTYPE html>
<html lang="th-th" dir="ltr">
<head>
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
<meta name="description" content="{escape(desc)}" />
<meta name="generator" content="Joomla! - Open Source Content Management" />
<title>{escape(full_title)}</title>
<link href="{escape(href(C.CSS))}" rel="stylesheet" />
</head>
<body class="site {escape(body_class)}">
<div class="body"><div class="container">
<header class="header" role="banner"><div class="header-inner clearfix">
<a class="brand pull-left" href="{escape(href(C.P['home']))}"><img src="{escape(href(C.IMG['logo']))}" alt="{escape(C.SITE['name'])}" width="80" height="80" />
<span class="site-title" title="{escape(C.SITE['name'])}">{escape(C.SITE['name'])}</span>
<div class="site-description">{escape(C.SITE['name_en'])}</div></a>
</div></header>
<nav class="navigation" role="navigation">
{_menu(active)}
</nav>
<div class="row-fluid">
<main id="content" role="main" class="span9">
{crumb_html}
<div id="system-message-container"></div>
{main_html}
</main>
{_sidebar()}
</div>
</div></div>
{_footer()}
</body>
</html>
"""


# ------------------------------------------------------------------------------------------------------
# JEvents calendar (rendered by the server for any year/month: an endless crawler trap)
# ------------------------------------------------------------------------------------------------------
def _cal_url(task: str, y: int, m: int, d: int | None, itemid: int) -> str:
    q = f"option=com_jevents&task={task}&year={y}&month={m:02d}"
    if d is not None:
        q += f"&day={d:02d}"
    return f"{C.J}/index.php?{q}&Itemid={itemid}"


def _events(y: int, m: int, d: int) -> list[str]:
    ev = []
    if (y, m, d) in C.CALENDAR_EVENTS:
        ev.append(C.CALENDAR_EVENTS[(y, m, d)])
    if d == 25:
        ev.append(f"{C.MONTHLY_MEETING}{MONTHS[m - 1]} {y + 543}")
    return ev


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + delta
    return idx // 12, idx % 12 + 1


def render_calendar(params: dict[str, str], itemid: int, default_year: int, default_month: int) -> str | None:
    """HTML for a JEvents month or day view, or None when the query is not a valid date."""
    task = params.get("task", "month.calendar")
    try:
        y = int(params.get("year", default_year))
        m = int(params.get("month", default_month))
        d = int(params["day"]) if "day" in params else None
        if not (1 <= y <= 9999 and 1 <= m <= 12):
            return None
        if d is not None:
            _dt.date(y, m, d)
    except (ValueError, TypeError):
        return None
    if task.startswith("day.") and d is not None:
        return _render_day(y, m, d, itemid)
    return _render_month(y, m, itemid)


def _render_month(y: int, m: int, itemid: int) -> str:
    py, pm = _shift_month(y, m, -1)
    ny, nm = _shift_month(y, m, 1)
    nav = (f'<table class="cal_top_day_names"><tr>'
           f'<td class="cal_td_month"><a href="{escape(href(_cal_url("month.calendar", py, pm, None, itemid)))}" '
           f'title="เดือนก่อนหน้า">&laquo; {escape(MONTHS[pm - 1])}</a></td>'
           f'<td class="cal_td_currentmonth">{escape(MONTHS[m - 1])} {y + 543}</td>'
           f'<td class="cal_td_month"><a href="{escape(href(_cal_url("month.calendar", ny, nm, None, itemid)))}" '
           f'title="เดือนถัดไป">{escape(MONTHS[nm - 1])} &raquo;</a></td></tr></table>')
    rows = ['<table class="cal_table"><tr>' + "".join(f'<th class="cal_daysnames">{escape(w)}</th>' for w in WEEKDAYS)
            + "</tr>"]
    cal = _calendar.Calendar(firstweekday=6)  # weeks start on Sunday
    for week in cal.monthdayscalendar(y, m):
        cells = []
        for d in week:
            if d == 0:
                cells.append('<td class="cal_td_daysoutofmonth">&#160;</td>')
                continue
            ev = _events(y, m, d)
            cls = "cal_td_dayshasevents" if ev else "cal_td_daysnoevents"
            cell = (f'<td class="{cls}"><a class="cal_daylink" href="{escape(href(_cal_url("day.listevents", y, m, d, itemid)))}" '
                    f'title="ดูกิจกรรมวันที่ {d}">{d}</a>')
            cell += "".join(f'<div class="eventfull">{escape(e)}</div>' for e in ev)
            cells.append(cell + "</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</table>")
    main = (f'<div id="jevents"><div class="contentpaneopen jeventpage" id="jevents_body">'
            f'<div class="jev_toprow"><h2 class="contentheading">ปฏิทินกิจกรรม</h2></div>\n{nav}\n'
            + "\n".join(rows) + "</div></div>")
    return page(f"ปฏิทินกิจกรรม {MONTHS[m - 1]} {y + 543}", main, crumbs=[("ข่าวประชาสัมพันธ์", C.P["news"])],
                body_class="com_jevents view-month")


def _render_day(y: int, m: int, d: int, itemid: int) -> str:
    day = _dt.date(y, m, d)
    prev, nxt = day - _dt.timedelta(days=1), day + _dt.timedelta(days=1)
    ev = _events(y, m, d)
    items = "".join(f"<li>{escape(e)}</li>" for e in ev) or "<li>ไม่มีกิจกรรมในวันนี้</li>"
    main = (f'<div id="jevents"><div class="jev_toprow"><h2 class="contentheading">ปฏิทินกิจกรรม '
            f'{escape(thai_full(day))}</h2></div>\n<ul class="ev_ul">{items}</ul>\n<p class="jev_pagination">'
            f'<a href="{escape(href(_cal_url("day.listevents", prev.year, prev.month, prev.day, itemid)))}">&laquo; วันก่อนหน้า</a> | '
            f'<a href="{escape(href(_cal_url("month.calendar", y, m, None, itemid)))}">ดูทั้งเดือน</a> | '
            f'<a href="{escape(href(_cal_url("day.listevents", nxt.year, nxt.month, nxt.day, itemid)))}">วันถัดไป &raquo;</a></p></div>')
    return page(f"ปฏิทินกิจกรรม {thai_full(day)}", main, crumbs=[("ข่าวประชาสัมพันธ์", C.P["news"])],
                body_class="com_jevents view-day")
