"""The checklists as data: both years load, follow the research note, and `oit checklist` prints them."""

import subprocess
import sys

import pytest

from checklist.checklists import ChecklistError, available, load


def test_both_assessment_years_are_available():
    assert available() == ["ITA-2568", "ITA-2569"]


def test_ita_2568_has_28_items_with_the_time_rules_of_the_research_note():
    cl = load("ITA-2568")
    assert [i.code for i in cl.items] == [f"O{n}" for n in range(1, 29)]
    rules = {i.code: i.time_rule for i in cl.items}
    assert {c for c, r in rules.items() if r == "none"} == {"O1", "O2", "O3", "O8", "O9", "O10", "O16", "O17",
                                                            "O18"}
    assert {c for c, r in rules.items() if r == "previous"} == {"O7", "O13", "O15", "O24", "O26", "O28"}
    assert rules["O5"] == "span" and rules["O19"] == "either"
    assert cl.item("O25").title == "แผนปฏิบัติการป้องกันการทุจริต"
    assert cl.item("O1").group == "ข้อมูลพื้นฐาน" and cl.item("O28").group == "มาตรการภายในเพื่อป้องกันการทุจริต"
    assert all(i.keywords for i in cl.items)


def test_ita_2569_is_renumbered_from_o11_on():
    cl = load("ITA-2569")
    assert len(cl.items) == 26 and cl.fiscal_year == 2569
    assert "จัดซื้อจัดจ้าง" in cl.item("O11").title and "รายเดือน" in cl.item("O11").title
    assert cl.item("O23").title == "แผนปฏิบัติการป้องกันการทุจริต"


def test_unknown_checklist_is_a_clear_error():
    with pytest.raises(ChecklistError, match="available: ITA-2568, ITA-2569"):
        load("ITA-2570")


def test_oit_checklist_prints_items_by_sub_indicator():
    out = subprocess.run([sys.executable, "-m", "crawler.cli", "checklist", "--checklist", "ITA-2569"],
                         capture_output=True, text=True, check=True).stdout
    assert "ITA-2569" in out and "26 ข้อ" in out
    assert "9.3 การบริหารเงินงบประมาณ" in out
    assert "O23  current  แผนปฏิบัติการป้องกันการทุจริต" in out
