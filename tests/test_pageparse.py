"""Page parsing on pages saved from the three kinds of sites agencies run: Joomla, WordPress, hand-made PHP."""

from crawler.encoding import canonical_name
from crawler.pageparse import parse_html, parse_page
from tests.conftest import file_response


def _links_by_text(parsed):
    return {link.text: link for link in parsed.links}


def test_joomla_hub_title_headings_breadcrumb():
    resp = file_response("joomla_ita_hub.html", "https://www.kalasin.go.th/index.php/th/ita")
    page = parse_page(resp.selector.root)
    assert page.title == "การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปี 2568 - สำนักงานจังหวัดกาฬสินธุ์"
    assert page.headings[0].startswith("การเปิดเผยข้อมูลสาธารณะ (Open Data")
    assert "ตัวชี้วัดย่อยที่ 10.1 การดำเนินการเพื่อป้องกันการทุจริต" in page.headings
    assert page.breadcrumb == "หน้าหลัก / ITA"


def test_joomla_hub_generic_link_text_gets_row_and_heading_context():
    page = parse_page(file_response("joomla_ita_hub.html", "https://www.kalasin.go.th/").selector.root)
    downloads = [link for link in page.links if link.text == "ดาวน์โหลด"]
    assert len(downloads) == 2
    o25, o26 = downloads
    assert o25.context == "O25 แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568 ดาวน์โหลด"
    assert o25.heading == "ตัวชี้วัดย่อยที่ 10.1 การดำเนินการเพื่อป้องกันการทุจริต"
    assert o26.context.startswith("O26 รายงานผลการดำเนินการป้องกันการทุจริต ประจำปี 2567")
    o1 = _links_by_text(page)["คลิกที่นี่"]
    assert o1.context == "O1 โครงสร้างและอำนาจหน้าที่ คลิกที่นี่"
    assert o1.heading == "ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน"


def test_image_link_takes_alt_and_title_texts():
    page = parse_page(file_response("joomla_ita_hub.html", "https://www.kalasin.go.th/").selector.root)
    links = _links_by_text(page)
    assert "ทำเนียบผู้บริหาร" in links
    assert links["ทำเนียบผู้บริหาร"].url == "/index.php/th/about/executives"
    assert "สำรอง สำเนาบน Google Drive" in links


def test_visible_text_skips_scripts_styles_and_hidden_blocks_and_keeps_thai_words_whole():
    page = parse_page(file_response("joomla_ita_hub.html", "https://www.kalasin.go.th/").selector.root)
    assert "ไม่ใช่ข้อความที่มองเห็น" not in page.text
    assert "ข้อความที่ซ่อนไว้" not in page.text
    assert ".hidden-phone" not in page.text
    assert "ศาลากลางจังหวัดกาฬสินธุ์ ถนนแก่งสำโรง" in page.text
    # table cells are separated, not glued into one Thai run
    assert "O25 แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568 ดาวน์โหลด" in page.text


def test_wordpress_accordion_lists_base_href_and_viewer_links():
    page = parse_page(file_response("wordpress_ita_page.html", "https://www.nakae.go.th/ita/2568/").selector.root)
    assert page.base_href == "https://www.nakae.go.th/"
    assert page.title == "ITA 2568 – เทศบาลตำบลนาแก"
    assert page.breadcrumb.startswith("หน้าแรก")
    assert "ITA 2568" in page.breadcrumb
    links = _links_by_text(page)
    pdf = links["[PDF]"]
    assert pdf.url == "wp-content/uploads/2024/11/สขร-ต.ค.67.pdf"
    assert pdf.context == "สขร.1 เดือน ตุลาคม 2567 [PDF]"
    assert pdf.heading == "o12 รายการการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ และความก้าวหน้าการจัดซื้อจัดจ้าง"
    assert links["ยื่นคำร้องออนไลน์"].heading == "O10 E–Service"
    assert any(link.tag == "iframe" for link in page.links)


def test_handmade_cp874_page_decodes_through_meta_charset():
    resp = file_response("handmade_cp874.html", "http://www.damrongdhama.example.go.th/complaint/index.php")
    assert canonical_name(resp.encoding) == "cp874"
    page = parse_page(resp.selector.root)
    assert page.title == "ศูนย์ดำรงธรรมจังหวัด :: ช่องทางแจ้งเรื่องร้องเรียน"
    links = _links_by_text(page)
    assert links["คู่มือการจัดการเรื่องร้องเรียน"].url == "download/คู่มือร้องเรียน.doc"
    assert "โทร. ๑๕๖๗ หรือ “ตู้ไปรษณีย์ ๑๒๓” …" in page.text


def test_parse_html_accepts_xhtml_declaration_and_broken_markup():
    page = parse_html('<?xml version="1.0" encoding="utf-8"?><html><body><h2>ประกาศ<p>ข้อความ<a href=x.pdf>ไฟล์'
                      "<table><tr><td>O7<td>รายงานประจำปี<td><a href=y.pdf>ดาวน์โหลด</a></table>")
    links = _links_by_text(page)
    assert links["ไฟล์"].url == "x.pdf"
    assert links["ดาวน์โหลด"].context == "O7 รายงานประจำปี ดาวน์โหลด"


def test_deeply_nested_markup_neither_crashes_nor_loses_text_after_comments():
    body = "<html><body>" + "<div>" * 1000 + "ลึกมาก<a href=x.pdf>ลิงก์</a>" + "</div>" * 1000
    page = parse_html(body + "<p>ข้อความ<!-- ความเห็น -->ต่อท้าย</p></body></html>")
    assert page.text.endswith("ลึกมากลิงก์\nข้อความต่อท้าย")
    assert [link.url for link in page.links] == ["x.pdf"]


def test_main_content_is_found_without_menus_and_sidebars():
    page = parse_page(file_response("joomla_ita_hub.html", "https://www.kalasin.go.th/").selector.root)
    assert page.main_text.startswith("การเปิดเผยข้อมูลสาธารณะ (Open Data")
    assert "ติดต่อเรา" not in page.main_text  # the menu
    assert "ศาลากลางจังหวัดกาฬสินธุ์" not in page.main_text  # the footer
    assert "ติดต่อเรา" in page.text
    wp = parse_page(file_response("wordpress_ita_page.html", "https://www.nakae.go.th/ita/").selector.root)
    assert wp.main_text.startswith("การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)")
    assert "หน้าแรก" not in wp.main_text  # the breadcrumb
    assert parse_html("<html><body><div>ประกาศ</div></body></html>").main_text is None


def test_links_after_a_block_nested_past_the_parser_limit_are_kept():
    nest = "<div><span>" * 3000 + "รายละเอียด" + "</span></div>" * 3000
    page = parse_html("<html><head><title>ประกาศจังหวัด</title></head><body><h2>ข่าวประชาสัมพันธ์</h2>"
                      "<p>ก่อนส่วนที่ซ้อนลึก</p>" + nest +
                      '<p>หลังส่วนที่ซ้อนลึก <a href="/ita/o10.pdf">แผนการดำเนินงาน ประจำปี พ.ศ. 2568</a></p>'
                      "</body></html>")
    assert "ก่อนส่วนที่ซ้อนลึก" in page.text and "หลังส่วนที่ซ้อนลึก" in page.text
    assert [(link.url, link.text) for link in page.links] == [("/ita/o10.pdf", "แผนการดำเนินงาน ประจำปี พ.ศ. 2568")]
    assert page.title == "ประกาศจังหวัด"


def test_a_nest_of_any_tag_is_read_in_the_last_resort():
    page = parse_html("<html><body>" + "<q>" * 5000 + "ลึก" + "</q>" * 5000 +
                      '<script>var x = "<a href=/bad>";</script><a href="/after.html">หน้าถัดไป</a></body></html>')
    assert [link.url for link in page.links] == ["/after.html"]
    assert "ลึก" in page.text and "var x" not in page.text
