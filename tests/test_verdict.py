"""The per-item verdict rules, on evidence as a real Thai agency site presents it."""

import pytest

from checklist.checklists import load
from checklist.currency import UNKNOWN, EvidenceYear, meets_rule
from checklist.verdict import BROKEN, CURRENT, MISSING, OUTDATED, Evidence, judge

CL = load("ITA-2568")
FY = 2568
HUB = "https://www.yasothon.go.th/2018/th/ita.html"


def ev(url, *, year=None, kind="fiscal", source="document", rule="current", match=0.9, error=None, status=200,
       end_year=None, title="แผนปฏิบัติการป้องกันการทุจริต"):
    found = EvidenceYear(year, end_year, kind if year else None, source if year else None, str(year)) if year \
        else UNKNOWN
    return Evidence(url=url, kind="document", title=title, match=match, year=found,
                    meets=meets_rule(rule, found, FY), http_status=status, error=error, found_on=HUB)


def test_plan_for_the_assessed_year_is_current():
    v = judge(CL.item("O25"), [ev("https://x.go.th/o25-2568.pdf", year=2568)], FY)
    assert v.status == CURRENT
    assert v.reason == "พบ “แผนปฏิบัติการป้องกันการทุจริต” ปี 2568"
    assert 0.8 <= v.confidence <= 1


def test_only_last_years_plan_is_outdated_with_an_actionable_thai_reason():
    v = judge(CL.item("O25"), [ev("https://x.go.th/o25-2567.pdf", year=2567),
                               ev("https://x.go.th/o25-2566.pdf", year=2566, match=0.95)], FY)
    assert v.status == OUTDATED
    assert v.reason == "พบแผนปฏิบัติการป้องกันการทุจริต ปี 2567, 2566 เท่านั้น ต้องเป็นปี 2568"
    assert v.evidence[0].year.year == 2567  # newest first among equals of the rule


def test_a_current_document_wins_over_a_stronger_match_of_an_old_year():
    old = ev("https://x.go.th/2567.pdf", year=2567, match=0.99)
    new = ev("https://x.go.th/2568.pdf", year=2568, match=0.8)
    v = judge(CL.item("O25"), [old, new], FY)
    assert v.status == CURRENT and v.evidence[0] is new


def test_reports_are_judged_against_the_year_before():
    item = CL.item("O26")
    assert judge(item, [ev("https://x.go.th/r67.pdf", year=2567, rule="previous")], FY).status == CURRENT
    v = judge(item, [ev("https://x.go.th/r66.pdf", year=2566, rule="previous")], FY)
    assert v.status == OUTDATED and v.reason.endswith("ต้องเป็นรายงานของปี 2567")


def test_multi_year_plan_counts_when_its_span_covers_the_year():
    item = CL.item("O5")
    assert judge(item, [ev("https://x.go.th/p.pdf", year=2566, end_year=2570, kind="span", rule="span")], FY
                 ).status == CURRENT
    assert judge(item, [ev("https://x.go.th/p.pdf", year=2561, end_year=2565, kind="span", rule="span")], FY
                 ).status == OUTDATED


def test_items_without_a_time_rule_are_current_when_found_and_reachable():
    v = judge(CL.item("O1"), [ev("https://x.go.th/structure.html", rule="none", title="โครงสร้างและอำนาจหน้าที่")], FY)
    assert v.status == CURRENT and v.reason == "พบ “โครงสร้างและอำนาจหน้าที่”"


def test_only_dead_evidence_is_broken_and_says_where_the_link_is():
    dead = ev("https://x.go.th/o19.pdf", year=2568, error="http_404", status=404, rule="either",
              title="ข้อมูลสถิติเรื่องร้องเรียน")
    v = judge(CL.item("O19"), [dead], FY)
    assert v.status == BROKEN
    assert v.reason == f"ลิงก์ไปยังข้อมูลสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบเสีย (HTTP 404) ที่หน้า {HUB}"


def test_live_evidence_beats_a_dead_link():
    dead = ev("https://x.go.th/dead.pdf", year=2568, error="timeout", status=None, match=0.99)
    live = ev("https://x.go.th/live.pdf", year=2568, match=0.8)
    v = judge(CL.item("O25"), [dead, live], FY)
    assert v.status == CURRENT and v.evidence[0] is live


def test_no_evidence_is_missing_confidently_only_after_a_complete_scan():
    complete = judge(CL.item("O22"), [], FY, "complete")
    incomplete = judge(CL.item("O22"), [], FY, "incomplete")
    assert complete.status == incomplete.status == MISSING
    assert complete.confidence > 0.8 > 0.5 > incomplete.confidence
    assert "ไม่สมบูรณ์" in incomplete.reason and "ไม่สมบูรณ์" not in complete.reason


def test_a_failed_scan_never_claims_an_item_is_missing_with_confidence():
    v = judge(CL.item("O4"), [], FY, "failed")
    assert v.confidence == 0 and "การสแกนล้มเหลว" in v.reason


def test_evidence_without_any_year_is_not_current_for_a_dated_item():
    v = judge(CL.item("O25"), [ev("https://x.go.th/plan.pdf")], FY)
    assert v.status == OUTDATED
    assert "ไม่ระบุปี ต้องเป็นปี 2568" in v.reason


def test_a_year_read_only_from_the_file_date_lowers_confidence_and_says_so():
    v = judge(CL.item("O25"), [ev("https://x.go.th/plan.pdf", year=2568, kind="date", source="last_modified")], FY)
    assert v.status == CURRENT and "(ปีอ่านจากวันที่ไฟล์)" in v.reason
    assert v.confidence < 0.5


@pytest.mark.parametrize("rule, year, end, expected", [
    ("current", 2568, None, True), ("current", 2569, None, True), ("current", 2567, None, False),
    ("current", 2566, 2570, True), ("previous", 2567, None, True), ("previous", 2566, None, False),
    ("previous", 2568, None, True), ("either", 2567, None, True), ("either", 2568, None, True),
    ("either", 2566, None, False), ("span", 2566, 2570, True), ("span", 2561, 2565, False),
    ("span", 2568, None, True), ("none", None, None, True), ("current", None, None, None),
])
def test_time_rules(rule, year, end, expected):
    found = EvidenceYear(year, end, "fiscal", "document") if year else UNKNOWN
    assert meets_rule(rule, found, FY) is expected


def test_a_pinned_document_decides_the_item_even_if_a_better_one_exists():
    pinned = ev("https://x.go.th/chosen-2567.pdf", year=2567)
    pinned.decision = "pin"
    better = ev("https://x.go.th/other-2568.pdf", year=2568, match=0.99)
    v = judge(CL.item("O25"), [better, pinned], FY)
    assert v.status == OUTDATED and v.evidence[0] is pinned and v.evidence[1] is better
    assert v.reason.endswith("(ตามที่ปักหมุดไว้)")
