"""Generate the offline sample site: ``python -m crawler.sample_site.build [--out DIR] [--binaries MODE]``.

Writes ``DIR/www/`` (cleaned first), ``DIR/routes.json`` and ``DIR/expected.json`` (DIR defaults to this
package's folder). Text files (HTML, legacy cp874 pages, robots.txt, sitemap.xml, CSS) always come from
``content.py`` and are byte-identical on every run. Binary files (documents and PNG images) depend on
``--binaries``:

* ``auto`` (default): rebuild documents when LibreOffice is installed and images when a Thai TLWG font is,
  else reuse the committed ones from this package's ``www/``;
* ``rebuild``: always rebuild (fails without the tools);
* ``reuse``: copy the committed files;
* ``skip``: write no binary file (used by the tests' reproducibility check).

At the end the build walks the generated site like a crawler (from ``/``, following links, redirects and
routes) to derive the link facts in ``expected.json`` and to check that the site is what content.py intends.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import sys
import time
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from . import content as C
from . import docs as D
from . import layout as L
from .content import DOC, NEWS, P
from .server import find_route

PACKAGE_DIR = Path(__file__).resolve().parent
TEXT_EXTS = {".html", ".php", ".txt", ".xml", ".css"}


# ======================================================================================================
# Page builders
# ======================================================================================================
def _info(published, modified=None, hits=None):
    return L.article_info(published, modified, hits)


def build_home() -> str:
    latest = NEWS[:5]
    items = []
    for i, n in enumerate(latest):
        d = L.parse_dt(n["date"])
        date = L.thai_full(d, thai_digits=True) if i == 0 else L.thai_short(d)
        items.append(f'<li itemscope itemtype="https://schema.org/Article"><a href="{escape(L.href(C.news_path(n)))}" '
                     f'itemprop="url"><span itemprop="name">{escape(n["title"])}</span></a> '
                     f'<span class="mod-articles-date">({escape(date)})</span></li>')
    featured = []
    for n in (NEWS[8], NEWS[9]):
        d = L.parse_dt(n["date"])
        featured.append(f'<li><a href="{escape(L.href(C.news_path(n)))}">{escape(n["title"])}</a> '
                        f'<span class="small">{escape(L.thai_short(d, two_digit_year=False))}</span></li>')
    aug = [(d, t) for (y, m, d), t in sorted(C.CALENDAR_EVENTS.items()) if (y, m) == (2025, 8)]
    events = "".join(f"<li>{d} ส.ค. 68 {escape(t)}</li>" for d, t in aug)
    main = f"""<div class="moduletable banner-top"><img src="{escape(L.href(C.IMG['banner_top']))}" alt="จังหวัดยโสธร เมืองเกษตรอินทรีย์" width="960" height="160" /></div>
<div class="blog-featured" itemscope itemtype="https://schema.org/Blog">
<div class="moduletable latestnews"><h3>ข่าวประชาสัมพันธ์ล่าสุด</h3>
<ul class="latestnews mod-list">
{chr(10).join(items)}
</ul>
<p class="readmore"><a class="btn" href="{escape(L.href(P['news']))}">ดูข่าวทั้งหมด</a></p></div>
<div class="moduletable"><h3>ข่าวกิจกรรมเด่น</h3><ul>
{chr(10).join(featured)}
</ul></div>
<div class="moduletable"><h3>ปฏิทินกิจกรรม</h3>
<ul>{events}</ul>
<p><a href="{escape(L.href(P['calendar']))}">ปฏิทินกิจกรรม</a></p></div>
<div class="moduletable"><h3>การประเมินคุณธรรมและความโปร่งใส (ITA)</h3>
<p><a href="{escape(L.href(P['hub']))}">การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2568</a></p></div>
<div class="moduletable"><h3>ลิงก์ที่น่าสนใจ</h3><ul>
<li><a href="{escape(C.EXT['drive_briefing'])}" target="_blank" rel="noopener noreferrer">ข้อมูลบรรยายสรุปจังหวัดยโสธร ปี 2568 (Google Drive)</a></li>
<li><a href="{escape(C.EXT['infogo'])}" target="_blank" rel="noopener noreferrer">ศูนย์รวมข้อมูลเพื่อติดต่อราชการ</a></li>
<li><a href="{escape(C.EXT['facebook'])}" target="_blank" rel="noopener noreferrer">เฟซบุ๊ก ประชาสัมพันธ์จังหวัดยโสธร</a></li>
<li><a href="{escape(L.href(P['old_index']))}">เว็บไซต์เดิมของสำนักงานจังหวัด</a></li>
</ul></div>
</div>"""
    return L.page("หน้าหลัก", main, active="หน้าหลัก", body_class="com_content view-featured", home=True)


def _pagination(page_no: int, pages: int) -> str:
    def url(n):
        return P["news"] if n == 1 else f"{P['news']}?start={(n - 1) * C.NEWS_PER_PAGE}"

    li = []
    if page_no == 1:
        li += ['<li class="disabled"><a>หน้าแรก</a></li>', '<li class="disabled"><a>ก่อนหน้า</a></li>']
    else:
        li += [f'<li><a title="หน้าแรก" href="{escape(L.href(url(1)))}" class="pagenav">หน้าแรก</a></li>',
               f'<li><a title="ก่อนหน้า" href="{escape(L.href(url(page_no - 1)))}" class="pagenav">ก่อนหน้า</a></li>']
    for n in range(1, pages + 1):
        if n == page_no:
            li.append(f'<li class="active"><a>{n}</a></li>')
        else:
            li.append(f'<li><a title="{n}" href="{escape(L.href(url(n)))}" class="pagenav">{n}</a></li>')
    if page_no == pages:
        li += ['<li class="disabled"><a>ถัดไป</a></li>', '<li class="disabled"><a>หน้าสุดท้าย</a></li>']
    else:
        li += [f'<li><a title="ถัดไป" href="{escape(L.href(url(page_no + 1)))}" class="pagenav">ถัดไป</a></li>',
               f'<li><a title="หน้าสุดท้าย" href="{escape(L.href(url(pages)))}" class="pagenav">หน้าสุดท้าย</a></li>']
    return (f'<div class="pagination"><p class="counter pull-right">หน้า {page_no} จาก {pages}</p>'
            f'<ul class="pagination-list">{"".join(li)}</ul></div>')


def build_news_list(page_no: int) -> str:
    per = C.NEWS_PER_PAGE
    pages = (len(NEWS) + per - 1) // per
    chunk = NEWS[(page_no - 1) * per: page_no * per]
    items = []
    for n in chunk:
        first = next(b for b in n["body"] if b[0] == "p")
        items.append(f"""<div class="item" itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting">
<div class="page-header"><h2 itemprop="name"><a href="{escape(L.href(C.news_path(n)))}" itemprop="url">{escape(n['title'])}</a></h2></div>
{_info(n['date'], None, n['hits'])}
<p>{L.inline(first[1])}</p>
<p class="readmore"><a class="btn" href="{escape(L.href(C.news_path(n)))}" itemprop="url">อ่านเพิ่มเติม: {escape(n['title'][:40])}...</a></p>
</div>""")
    main = ('<div class="blog" itemscope itemtype="https://schema.org/Blog">\n'
            '<div class="page-header"><h2>ข่าวประชาสัมพันธ์</h2></div>\n'
            '<div class="items-leading clearfix">\n' + "\n".join(items) + "\n</div>\n"
            + _pagination(page_no, pages) + "\n</div>")
    return L.page("ข่าวประชาสัมพันธ์", main, crumbs=[], active="ข่าวประชาสัมพันธ์",
                  body_class="com_content view-category layout-blog")


def build_article(i: int) -> str:
    n = NEWS[i]
    pager = ['<ul class="pager pagenav">']
    if i > 0:
        pager.append(f'<li class="previous"><a class="hasTooltip" title="{escape(NEWS[i - 1]["title"])}" '
                     f'href="{escape(L.href(C.news_path(NEWS[i - 1])))}" rel="prev">&lt; ก่อนหน้า</a></li>')
    if i + 1 < len(NEWS):
        pager.append(f'<li class="next"><a class="hasTooltip" title="{escape(NEWS[i + 1]["title"])}" '
                     f'href="{escape(L.href(C.news_path(NEWS[i + 1])))}" rel="next">ถัดไป &gt;</a></li>')
    pager.append("</ul>")
    body = L.blocks(n["body"]) + "\n" + "".join(pager)
    main = L.item_page(n["title"], body, _info(n["date"], None, n["hits"]))
    return L.page(n["title"], main, crumbs=[("ข่าวประชาสัมพันธ์", P["news"])], active="ข่าวประชาสัมพันธ์",
                  body_class="com_content view-article")


def build_hub() -> str:
    out = ['<p>จังหวัดยโสธรเปิดเผยข้อมูลสาธารณะตามแบบตรวจการเปิดเผยข้อมูลสาธารณะ (Open Data Integrity and '
           'Transparency Assessment : OIT) ของสำนักงาน ป.ป.ช. ประจำปีงบประมาณ พ.ศ. 2568 ดังนี้</p>']
    for indicator, sub, rows in C.HUB_SECTIONS:
        if indicator:
            out.append(f"<h3>{escape(indicator)}</h3>")
        out.append(f"<h4>{escape(sub)}</h4>")
        trs = []
        for code, _item, title, links in rows:
            if isinstance(links, str):
                cell = f'<span class="text-muted">{escape(links)}</span>'
            else:
                cell = "<br />".join(L.link(lk) for lk in links)
            trs.append(f'<tr><td class="oit-code">{escape(code)}</td><td>{escape(title)}</td><td>{cell}</td></tr>')
        out.append('<table class="table table-bordered oit-table"><thead><tr><th width="8%">ข้อ</th>'
                   '<th>ข้อมูล</th><th width="28%">ลิงก์/เอกสาร</th></tr></thead><tbody>\n'
                   + "\n".join(trs) + "\n</tbody></table>")
    out.append(f'<p>ข้อมูลปีที่ผ่านมา: <a href="{escape(L.href(P["archive"]))}">การประเมินคุณธรรมและความโปร่งใส ITA '
               f'ประจำปีงบประมาณ พ.ศ. 2567</a></p>')
    out.append(f'<p>ร่วมตอบแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) '
               f'<a href="{escape(C.EXT["itas_eit"])}" target="_blank" rel="noopener noreferrer">คลิกที่นี่</a></p>')
    title = "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2568"
    main = L.item_page(title, "\n".join(out), _info("2024-12-02 09:00", "2025-07-30 16:45", 3120))
    return L.page(title, main, crumbs=[("ITA", P["ita_short"])], active="ITA", body_class="com_content view-article")


def build_archive() -> str:
    trs = []
    for code, title, links in C.ARCHIVE_ROWS:
        cell = escape(links) if isinstance(links, str) else "<br />".join(L.link(lk) for lk in links)
        trs.append(f"<tr><td>{escape(code)}</td><td>{escape(title)}</td><td>{cell}</td></tr>")
    body = ('<p>ข้อมูลการเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2567 (เก็บไว้เพื่อการอ้างอิง)</p>\n'
            '<table class="table table-bordered"><thead><tr><th>ข้อ</th><th>ข้อมูล</th><th>ลิงก์</th></tr></thead>'
            "<tbody>\n" + "\n".join(trs) + "\n</tbody></table>")
    title = "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. 2567"
    main = L.item_page(title, body, _info("2023-12-15 10:00", "2024-09-27 15:00", 2215))
    return L.page(title, main, crumbs=[("ITA", P["ita_short"])], active="ITA", body_class="com_content view-article")


def build_executives_body() -> str:
    rows = []
    for key, name, position, phone, mail in C.EXECUTIVES:
        rows.append(f'<tr><td><img src="{escape(L.href(C.IMG[key]))}" alt="{escape(name)}" width="120" height="150" /></td>'
                    f'<td><p><strong>{escape(name)}</strong><br />{escape(position)}<br />โทรศัพท์ {escape(phone)}<br />'
                    f'อีเมล <a href="mailto:{escape(mail)}">{escape(mail)}</a></p></td></tr>')
    return '<table class="table executives"><tbody>\n' + "\n".join(rows) + "\n</tbody></table>"


def build_static_page(pg: dict) -> str:
    body = build_executives_body() if pg["body"] == "EXECUTIVES" else L.blocks(pg["body"])
    main = L.item_page(pg["title"], body, _info(pg.get("published"), pg.get("modified"), pg.get("hits")))
    active = None
    for _id, text, path, children in C.MAIN_MENU:
        if P[pg["key"]] == path or any(P[pg["key"]] == c[2] for c in children):
            active = text
    return L.page(pg["title"], main, crumbs=pg["crumbs"], active=active, body_class="com_content view-article")


def build_intro() -> str:
    return f"""<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8" />
<title>จังหวัดยโสธร - Yasothon Province</title>
<style>body{{background:#fdf0d5;text-align:center;font-family:Tahoma,sans-serif}} .enter a{{font-size:20px}}</style>
</head>
<body>
<p><img src="{escape(L.href(C.IMG['intro']))}" alt="ยินดีต้อนรับสู่เว็บไซต์จังหวัดยโสธร" width="800" height="300" /></p>
<p class="enter"><a href="{escape(L.href(P['home']))}">เข้าสู่เว็บไซต์</a></p>
</body>
</html>
"""


def build_joomla_404() -> str:
    return f"""<!DOCTYPE html>
<html lang="th-th" dir="ltr">
<head>
<meta charset="utf-8" />
<title>{escape(C.JOOMLA_404_TITLE)}</title>
<link href="{escape(L.href(C.CSS))}" rel="stylesheet" />
</head>
<body class="site error">
<div class="container">
<h1 class="page-header">ไม่พบหน้าที่ต้องการ</h1>
<div class="well">
<p><strong>คุณอาจไม่สามารถเข้าชมหน้านี้ได้ เนื่องจาก:</strong></p>
<ol>
<li>ที่คั่นหน้า (bookmark) หมดอายุ</li>
<li>เครื่องมือค้นหามีรายการที่ล้าสมัยของเว็บไซต์นี้</li>
<li>พิมพ์ที่อยู่ผิด</li>
<li>คุณไม่มีสิทธิ์เข้าถึงหน้านี้</li>
<li>ไม่พบข้อมูลที่ร้องขอ</li>
</ol>
<p><a href="{escape(L.href(P['home']))}">กลับหน้าหลัก</a></p>
<blockquote><span class="label label-inverse">404</span> ไม่พบบทความ</blockquote>
</div>
</div>
</body>
</html>
"""


def build_admin() -> str:
    return """<!DOCTYPE html>
<html lang="en-gb" dir="ltr">
<head>
<meta charset="utf-8" />
<meta name="robots" content="noindex, nofollow" />
<title>จังหวัดยโสธร - Administration</title>
</head>
<body class="site com_login view-login">
<form action="index.php" method="post" id="form-login">
<fieldset class="loginform">
<input name="username" type="text" placeholder="Username" />
<input name="passwd" type="password" placeholder="Password" />
<button type="submit">Log in</button>
</fieldset>
</form>
<p>Joomla!&#174; is free software released under the GNU General Public License.</p>
</body>
</html>
"""


def build_old_page(pg: dict) -> bytes:
    """A hand-made PHP page of the early 2560s: HTML 4, tables, <font>, bytes in cp874 (TIS-620)."""
    meta = (f'<meta http-equiv="Content-Type" content="text/html; charset={pg["meta"]}">\n' if pg["meta"] else "")
    if pg.get("short"):
        (_, links), = pg["lines"]
        text, target = links[0]
        html = (f"<html>\n<head>\n<title>{escape(pg['title'])}</title>\n{meta}</head>\n<body>\n"
                f'<a href="{escape(L.href(target))}">{escape(text)}</a>\n</body>\n</html>\n')
        return _cp874(html)
    parts = []
    for line in pg["lines"]:
        kind = line[0]
        if kind == "h":
            parts.append(f'<p><font size="3" color="#003366"><b>{escape(line[1])}</b></font></p>')
        elif kind == "p":
            parts.append(f"<p>{escape(line[1])}</p>")
        elif kind == "form":
            _, action, fields, submit = line
            rows = "".join(f'<tr><td align="right">{escape(f)} :</td><td><input type="text" name="f{i}" size="40"></td></tr>'
                           for i, f in enumerate(fields))
            parts.append(f'<form method="post" action="{escape(action)}"><table border="0" cellpadding="3">{rows}'
                         f'<tr><td></td><td><input type="submit" value="{escape(submit)}"></td></tr></table></form>')
        elif kind == "table":
            head = "".join(f'<td bgcolor="#CCDDEE"><b>{escape(h)}</b></td>' for h in line[1])
            body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in line[2])
            parts.append(f'<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>{head}</tr>{body}</table>')
        elif kind == "links":
            parts.append("<p>" + " | ".join(f'<a href="{escape(L.href(t))}">{escape(x)}</a>' for x, t in line[1]) + "</p>")
    html = f"""<html>
<head>
<title>{escape(pg['title'])}</title>
{meta}</head>
<body bgcolor="#FFFFFF" topmargin="0" leftmargin="0">
<table width="780" border="0" align="center" cellpadding="6" cellspacing="0">
<tr><td bgcolor="#006699"><font face="MS Sans Serif" size="4" color="#FFFFFF"><b>สำนักงานจังหวัดยโสธร</b></font></td></tr>
<tr><td><font face="MS Sans Serif" size="2">
{chr(10).join(parts)}
</font></td></tr>
<tr><td bgcolor="#EEEEEE" align="center"><font face="MS Sans Serif" size="1">สำนักงานจังหวัดยโสธร ศาลากลางจังหวัดยโสธร ถนนแจ้งสนิท อำเภอเมือง จังหวัดยโสธร 35000 โทร. 0-4571-2566</font></td></tr>
</table>
</body>
</html>
"""
    return _cp874(html)


def _cp874(html: str) -> bytes:
    data = html.replace("\n", "\r\n").encode("cp874")
    assert data == html.replace("\n", "\r\n").encode("tis-620"), "legacy page uses characters outside TIS-620"
    return data


ROBOTS = """# If the Joomla site is installed within a folder
# eg www.example.com/joomla/ then the robots.txt file
# MUST be moved to the site root
# eg www.example.com/robots.txt
# AND the joomla folder name MUST be prefixed to all of the
# paths.
User-agent: *
Disallow: /administrator/
Disallow: /2018/administrator/
Disallow: /2018/bin/
Disallow: /2018/cache/
Disallow: /2018/cli/
Disallow: /2018/includes/
Disallow: /2018/installation/
Disallow: /2018/language/
Disallow: /2018/layouts/
Disallow: /2018/libraries/
Disallow: /2018/logs/
Disallow: /2018/plugins/
Disallow: /2018/tmp/

Sitemap: {BASE}/sitemap.xml
"""

CSS_TEXT = """body{font-family:Tahoma,"Leelawadee UI",sans-serif;font-size:14px;color:#333;margin:0;background:#f4f6f8}
.container{max-width:1200px;margin:0 auto;background:#fff;padding:0 12px}
.header{padding:10px 0}.brand{color:#7a1f1f;text-decoration:none;font-size:26px}.site-description{font-size:13px;color:#666}
.navigation .nav.menu{list-style:none;margin:0;padding:0;background:#1f4e79}.navigation .nav.menu>li{display:inline-block;position:relative}
.navigation .nav.menu>li>a{display:block;color:#fff;padding:10px 14px;text-decoration:none}
#aside .nav.menu{list-style:none;padding:0}#aside .nav.menu li{border-bottom:1px solid #dde}#aside .nav.menu a{display:block;padding:6px;color:#1f4e79}
.nav-child{display:none;position:absolute;background:#fff;list-style:none;padding:4px;min-width:220px;z-index:9;border:1px solid #ccc}
.navigation .nav.menu>li:hover .nav-child{display:block}.nav-child a{display:block;padding:4px;color:#1f4e79}
.row-fluid{display:flex;gap:16px}.span9{flex:3}.span3{flex:1}
.breadcrumb{list-style:none;padding:8px;background:#f5f5f5}.breadcrumb li{display:inline}
.table{border-collapse:collapse;width:100%}.table td,.table th{border:1px solid #ccc;padding:6px;vertical-align:top}
.article-info{color:#777;font-size:12px}.article-info dd{display:inline;margin:0 12px 0 0}.article-info dt{display:none}
.footer{background:#1f4e79;color:#fff;padding:14px 0;font-size:13px}.footer .container{background:transparent}.footer a{color:#ffd166}
.cal_table{border-collapse:collapse;width:100%}.cal_table td,.cal_table th{border:1px solid #ddd;height:48px;vertical-align:top}
.pagination-list li{display:inline;margin-right:6px}
"""


def build_sitemap_xml() -> str:
    paths = [P[k] for k in ("home", "history", "general", "amphoe", "vision", "structure", "executives", "plan",
                            "tourism", "news", "announce", "contact", "hub", "eservice", "damrongdham",
                            "downloads", "infocenter", "laws", "qa", "orphan")]
    paths += [C.news_path(n) for n in NEWS[:6]]
    urls = "\n".join(f"  <url>\n    <loc>{{BASE}}{escape(L.href(p))}</loc>\n    <changefreq>weekly</changefreq>\n  </url>"
                     for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "\n</urlset>\n")


def disk_path_for(path: str) -> str:
    """www-relative file for a decoded URL path without query."""
    if path.endswith("/"):
        return path.lstrip("/") + "index.html"
    return path.lstrip("/")


def text_files() -> dict[str, bytes]:
    files: dict[str, str | bytes] = {}
    files[disk_path_for(P["intro"])] = build_intro()
    files[disk_path_for(P["home"])] = build_home()
    files[disk_path_for(P["news"])] = build_news_list(1)
    files["_routed/news-start-10.html"] = build_news_list(2)
    for i, n in enumerate(NEWS):
        files[disk_path_for(C.news_path(n))] = build_article(i)
    files[disk_path_for(P["hub"])] = build_hub()
    files[disk_path_for(P["archive"])] = build_archive()
    for pg in C.PAGES:
        files[disk_path_for(P[pg["key"]])] = build_static_page(pg)
    for pg in C.OLD_PAGES:
        files[disk_path_for(pg["path"])] = build_old_page(pg)
    files["_routed/joomla-404.html"] = build_joomla_404()
    files["administrator/index.php"] = build_admin()
    files["robots.txt"] = ROBOTS
    files["sitemap.xml"] = build_sitemap_xml()
    files[C.CSS.lstrip("/")] = CSS_TEXT
    return {k: (v.encode("utf-8") if isinstance(v, str) else v) for k, v in files.items()}


# ======================================================================================================
# Routes
# ======================================================================================================
def build_routes() -> dict:
    from urllib.parse import quote
    routes = dict(C.EXTRA_ROUTES)
    for doc in C.DOCS:
        if doc.get("served") != "route" or doc["kind"] == "oversize":
            continue
        disp = doc["disposition"].format(quoted=quote(doc["filename"], safe=""), raw=doc["filename"])
        ctype = "application/pdf" if doc["kind"] in ("pdf", "scan", "corrupt") else \
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        routes[doc["path"]] = {"file": doc["file"], "headers": {"Content-Type": ctype, "Content-Disposition": disp}}
    for pg in C.OLD_PAGES:
        routes[pg["path"]] = {"headers": {"Content-Type": pg["header"]}}
    return dict(sorted(routes.items()))


# ======================================================================================================
# Walk the generated site (like a crawler) to derive link facts
# ======================================================================================================
class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.iframes: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self._href, self._text = a["href"], []
        elif tag == "img" and self._href is not None and a.get("alt"):
            self._text.append(a["alt"])
        elif tag == "iframe" and a.get("src"):
            self.iframes.append(a["src"])

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def _decode_target(base_path: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    absu = urljoin("http://site" + L.href(base_path), href)
    parts = urlsplit(absu)
    if parts.netloc != "site":
        return absu  # external
    path = unquote(parts.path)
    query = unquote(parts.query)
    return f"{path}?{query}" if query else path


def walk(routes: dict, files: dict[str, bytes]) -> dict:
    """BFS from / over the generated text files and routes (binary files need not exist)."""
    disallow = [line.split(":", 1)[1].strip() for line in ROBOTS.splitlines() if line.startswith("Disallow:")]
    pages: dict[str, dict] = {}
    docs: dict[str, dict] = {}
    external: dict[str, dict] = {}
    dead: dict[str, dict] = {}
    redirects: dict[str, tuple[int, str]] = {}
    traps: dict[str, list[str]] = {}
    blocked: dict[str, list[str]] = {}
    doc_paths = {d["path"] for d in C.DOCS}
    queue = ["/"]
    seen = {"/"}
    sources: dict[str, list[tuple[str, str]]] = {}

    def note(target, src, text):
        sources.setdefault(target, []).append((src, text))

    while queue:
        target = queue.pop(0)
        path, _, query = target.partition("?")
        key, route = find_route(routes, path, query)
        route = route or {}
        if any(path.startswith(d) for d in disallow):
            blocked[target] = []
            continue
        if "redirect" in route:
            to = route["redirect"]["to"]
            redirects[target] = (route["redirect"]["status"], to)
            if to not in seen:
                seen.add(to)
                queue.append(to)
            continue
        if "status" in route:
            dead[target] = {"status": route["status"]}
            continue
        if "calendar" in route:
            traps[target] = []
            continue
        if "generate" in route or target in doc_paths:
            docs[target] = {}
            continue
        rel = route.get("file") or disk_path_for(path)
        body = files.get(rel)
        if body is None and not rel.endswith("/") and (rel + "/index.html") in files:
            body = files[rel + "/index.html"]
        if body is None:
            dead[target] = {"status": 404}
            continue
        ext = Path(rel).suffix
        if ext not in (".html", ".php"):
            docs[target] = {}
            continue
        ctype = route.get("headers", {}).get("Content-Type", "")
        encoding = "cp874" if path.startswith("/old/") else "utf-8"
        text = body.decode(encoding)
        parser = _Links()
        parser.feed(text)
        title = text.split("<title>", 1)[1].split("</title>", 1)[0] if "<title>" in text else ""
        pages[target] = {"title": html.unescape(title.strip()), "encoding": encoding, "content_type": ctype}
        for href, label in parser.links:
            t = _decode_target(path, href)
            if t is None:
                continue
            if t.startswith(("http://", "https://")):
                e = external.setdefault(t, {"texts": set(), "pages": set()})
                e["texts"].add(label)
                e["pages"].add(target)
                continue
            note(t, target, label)
            if t not in seen:
                seen.add(t)
                queue.append(t)
        for src in parser.iframes:
            e = external.setdefault(src, {"texts": set(), "pages": set()})
            e["texts"].add("(iframe)")
            e["pages"].add(target)
    return dict(pages=pages, docs=docs, external=external, dead=dead, redirects=redirects, traps=traps,
                blocked=blocked, sources=sources)


# ======================================================================================================
# expected.json
# ======================================================================================================
def _url(path: str) -> str:
    return L.href(path)


def _content_type(doc: dict) -> str:
    return {"pdf": "application/pdf", "scan": "application/pdf", "corrupt": "application/pdf",
            "oversize": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}[doc["kind"]]


def build_expected(routes: dict, graph: dict) -> dict:
    sources = graph["sources"]

    def linked_from(target):
        return sorted({s for s, _ in sources.get(target, [])})

    def link_texts(target):
        return sorted({t for _, t in sources.get(target, []) if t})

    sitemap_paths = set()
    for line in build_sitemap_xml().splitlines():
        if "<loc>" in line:
            sitemap_paths.add(unquote(line.split("{BASE}", 1)[1].split("</loc>", 1)[0]))
    orphan = P["orphan"]
    pages = []
    all_pages = dict(graph["pages"])
    all_pages[orphan] = {"title": f"{next(p for p in C.PAGES if p['key'] == 'orphan')['title']} - {C.SITE['name']}",
                         "encoding": "utf-8", "content_type": ""}
    for path in sorted(all_pages):
        info = all_pages[path]
        route = find_route(routes, *path.partition("?")[::2])[1] or {}
        entry = {"path": path, "url": _url(path), "title": info["title"],
                 "charset": "tis-620" if info["encoding"] == "cp874" else "utf-8",
                 "linked": path != orphan, "in_sitemap": path in sitemap_paths}
        if path == P["history_dup"]:
            entry["duplicate_of"] = P["history"]
        if route.get("fail_first"):
            entry["fails_first"] = route["fail_first"]
        pages.append(entry)

    documents = []
    for d in C.DOCS:
        entry = {"path": d["path"], "url": _url(d["path"]), "kind": d["kind"] if d["kind"] in ("pdf", "docx", "xlsx")
                 else "pdf", "content_type": _content_type(d), "has_text": d["kind"] in ("pdf", "docx", "xlsx"),
                 "phrase": d["phrase"], "year": d["year"], "item": d["item"], "title": d["title"],
                 "linked_from": linked_from(d["path"]), "link_texts": link_texts(d["path"])}
        if d.get("span"):
            entry["span"] = d["span"]
        if d["kind"] == "scan":
            entry["scanned"] = True
            entry["year_only_in_link_text"] = True
        if d["kind"] == "corrupt":
            entry["corrupt"] = True
        if d["kind"] == "oversize":
            entry["oversize"] = True
            entry["size"] = d["size"]
        if d.get("served") == "route":
            entry["file"] = None if d["kind"] == "oversize" else d["file"]
            if d.get("filename"):
                entry["filename"] = d["filename"]
                entry["content_disposition"] = routes[d["path"]]["headers"]["Content-Disposition"]
        else:
            entry["file"] = D.disk_path(d)
        if d["key"] == "risk68":
            entry["year_only_in_body"] = True
        documents.append(entry)

    tis = []
    for pg in C.OLD_PAGES:
        declared = ("header" if "tis-620" in pg["header"] else "meta" if pg["meta"] else
                    "wrong-header" if "iso-8859-1" in pg["header"] else "none")
        tis.append({"path": pg["path"], "url": _url(pg["path"]), "content_type_header": pg["header"],
                    "meta_charset": pg["meta"], "declared": declared, "encoding": "cp874",
                    "phrase": pg["phrase"], "item": pg["item"], "short": bool(pg.get("short"))})

    dead = {}
    details = []
    for target, info in sorted(graph["dead"].items()):
        dead[target] = info["status"]
        details.append({"path": target, "status": info["status"], "linked_from": linked_from(target),
                        "link_texts": link_texts(target)})
    loop_start = P["sitemap_html"]
    dead[loop_start] = "redirect_loop"
    details.append({"path": loop_start, "error": "redirect_loop", "linked_from": linked_from(loop_start)[:3],
                    "linked_from_count": len(linked_from(loop_start)), "link_texts": link_texts(loop_start)})

    chain, cur = [], P["ita_short"]
    while cur in graph["redirects"]:
        status, to = graph["redirects"][cur]
        chain.append({"from": cur, "status": status, "to": to})
        cur = to
        if len(chain) > 5:
            break
    external = []
    evidence_urls = {}
    for _ind, _sub, rows in C.HUB_SECTIONS:
        for _code, item, _title, links in rows:
            if not isinstance(links, str):
                for lk in links:
                    if lk.href.startswith("http"):
                        evidence_urls[lk.href] = item
    for url, e in sorted(graph["external"].items()):
        external.append({"url": url, "texts": sorted(t for t in e["texts"] if t), "pages": len(e["pages"]),
                         "sample_page": sorted(e["pages"])[0], "item": evidence_urls.get(url)})

    items = {}
    titles = {item: title for _i, _s, rows in C.HUB_SECTIONS for _c, item, title, _l in rows}
    titles["O22"] = "รายงานการรับทรัพย์สินหรือประโยชน์อื่นใดโดยธรรมจรรยา"
    for code, (verdict, why, evidence) in C.ITEMS.items():
        items[code] = {"verdict": verdict, "why": why, "evidence": evidence, "hub_title": titles.get(code)}

    calendar_key = next(k for k, v in routes.items() if "calendar" in v)
    return {
        "about": "Ground truth for the offline sample site (crawler/sample_site). Paths are decoded (UTF-8); "
                 "'url' fields are the percent-encoded form used in hrefs.",
        "fiscal_year": C.FISCAL_YEAR,
        "snapshot_date": C.SNAPSHOT_DATE,
        "start": "/",
        "home": P["home"],
        "hub": P["hub"],
        "archive": P["archive"],
        "pages": pages,
        "documents": documents,
        "tis620_pages": tis,
        "dead_links": dead,
        "dead_link_details": details,
        "redirect_chain": {"start": P["ita_short"], "hops": chain, "final": cur,
                           "linked_from": "main menu item 'ITA' on every Joomla page"},
        "redirect_loop": {"start": loop_start, "cycle": [loop_start, P["sitemap_loop"]],
                          "statuses": [routes[loop_start]["redirect"]["status"],
                                       routes[P["sitemap_loop"]]["redirect"]["status"]],
                          "linked_from": "footer link 'แผนผังเว็บไซต์' on every Joomla page"},
        "flaky": {"path": P["participation"], "fail_first": routes[P["participation"]]["fail_first"],
                  "status": routes[P["participation"]].get("fail_status", 503)},
        "slow": {"path": P["general"], "delay": routes[P["general"]]["delay"]},
        "trap": {"entry": P["calendar"], "url": _url(P["calendar"]), "kind": "jevents_calendar",
                 "route": calendar_key, "linked_from": linked_from(P["calendar"])},
        "oversize": {"path": P["big"], "url": _url(P["big"]), "size": DOC["big"]["size"],
                     "content_type": "application/pdf", "linked_from": linked_from(P["big"])},
        "corrupt_pdf": {"path": DOC["haze_corrupt"]["path"], "url": _url(DOC["haze_corrupt"]["path"]),
                        "truncated_to": 0.4, "linked_from": linked_from(DOC["haze_corrupt"]["path"])},
        "orphan": {"path": orphan, "url": _url(orphan), "in_sitemap": True, "linked": False},
        "robots": {"disallow": [ln.split(":", 1)[1].strip() for ln in ROBOTS.splitlines() if ln.startswith("Disallow:")],
                   "sitemap": "/sitemap.xml", "linked_disallowed": sorted(graph["blocked"])},
        "external_links": external,
        "lookalikes": [{"items": [a, b], "note": note} for a, b, note in C.LOOKALIKES],
        "last_modified": "synthetic: each file's Last-Modified is a fixed point in FY2568 derived from its content "
                         "hash (not the document's real date); ETag is a content hash",
        "items": items,
    }


# ======================================================================================================
# Main
# ======================================================================================================
def build(out_dir: Path | str = PACKAGE_DIR, binaries: str = "auto", source_dir: Path | str | None = None,
          verbose: bool = True) -> dict:
    t0 = time.monotonic()
    out_dir = Path(out_dir)
    www = out_dir / "www"
    source_www = Path(source_dir) if source_dir else PACKAGE_DIR / "www"
    doc_rels = [D.disk_path(d) for d in C.DOCS if d["kind"] != "oversize"]
    img_rels = [p.lstrip("/") for p in C.IMG.values()]

    # decide per group before cleaning (the source may be the output)
    plan = {}
    for group, group_rels, tool_ok in (("documents", doc_rels, bool(D.soffice_path())),
                                       ("images", img_rels, _font_ok())):
        if binaries == "skip":
            plan[group] = "skip"
        elif binaries == "rebuild" or (binaries == "auto" and tool_ok):
            plan[group] = "rebuild"
        else:
            plan[group] = "reuse"
    snapshot = {}
    for group, group_rels in (("documents", doc_rels), ("images", img_rels)):
        if plan[group] == "reuse":
            for rel in group_rels:
                f = source_www / rel
                if not f.is_file():
                    raise SystemExit(f"cannot reuse {rel}: not in {source_www}; install LibreOffice/fonts-thai-tlwg")
                snapshot[rel] = f.read_bytes()

    if www.exists():
        shutil.rmtree(www)
    www.mkdir(parents=True)
    files = text_files()
    for rel, data in files.items():
        dest = www / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)

    binary: dict[str, bytes] = dict(snapshot)
    if plan["documents"] == "rebuild":
        binary.update(D.documents())
    if plan["images"] == "rebuild":
        binary.update({p.lstrip("/"): b for p, b in D.images().items()})
    for rel, data in sorted(binary.items()):
        dest = www / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)

    routes = build_routes()
    (out_dir / "routes.json").write_text(json.dumps(routes, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                         encoding="utf-8")
    graph = walk(routes, files)
    expected = build_expected(routes, graph)
    _check(expected, graph)
    (out_dir / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    stats = {"pages": len(expected["pages"]), "documents": len(expected["documents"]),
             "text_files": len(files), "binary_files": len(binary), "plan": plan,
             "bytes": sum(f.stat().st_size for f in www.rglob("*") if f.is_file()),
             "seconds": round(time.monotonic() - t0, 2)}
    if verbose:
        print(f"sample site written to {www}: {stats['pages']} pages, {stats['documents']} documents, "
              f"{stats['text_files']} text + {stats['binary_files']} binary files, {stats['bytes'] / 1024:.0f} KiB "
              f"(documents: {plan['documents']}, images: {plan['images']}) in {stats['seconds']} s")
    return stats


def _font_ok() -> bool:
    try:
        D.find_font("Garuda")
        return True
    except D.ToolMissing:
        return False


def _check(expected: dict, graph: dict) -> None:
    """Fail the build when the generated site does not say what content.py intends."""
    problems = []
    linked = {p["path"] for p in expected["pages"] if p["linked"]}
    for d in expected["documents"]:
        if not d["linked_from"]:
            problems.append(f"document not linked: {d['path']}")
    if P["orphan"] in graph["pages"] or P["orphan"] in graph["sources"]:
        problems.append("orphan page is linked")
    for key in ("hub", "archive", "participation", "old_complaint", "old_winner", "old_webboard", "history_dup",
                "news_p2"):
        if P[key] not in linked:
            problems.append(f"page not reachable: {P[key]}")
    if expected["redirect_chain"]["final"] != P["hub"] or len(expected["redirect_chain"]["hops"]) != 2:
        problems.append("redirect chain broken")
    for code, item in expected["items"].items():
        for ev in item["evidence"]:
            if ev not in linked and ev not in {d["path"] for d in expected["documents"]} and ev not in expected["dead_links"]:
                problems.append(f"{code}: evidence {ev} not reachable")
    names = [p["path"] for p in expected["pages"]] + [d["path"] for d in expected["documents"]]
    for name in names:
        for part in name.split("?")[0].split("/"):
            if len(part.encode()) > 200:  # ext4 allows 255 bytes per name; Thai is 3 bytes a letter
                problems.append(f"path component too long for some file systems: {part}")
    if problems:
        raise SystemExit("sample site check failed:\n  " + "\n  ".join(problems))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m crawler.sample_site.build", description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(PACKAGE_DIR), help="output folder (www/, routes.json, expected.json)")
    ap.add_argument("--binaries", choices=["auto", "rebuild", "reuse", "skip"], default="auto")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    build(args.out, args.binaries, verbose=not args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
