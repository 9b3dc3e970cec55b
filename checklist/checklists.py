"""The OIT checklists, one data file per assessment year (checklist/ITA-*.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DEFAULT_CHECKLIST = "ITA-2568"
TIME_RULES = ("none", "current", "previous", "span", "either")

TIME_RULE_TH = {
    "none": "ไม่กำหนดปี (ต้องเป็นข้อมูลปัจจุบัน)",
    "current": "ต้องเป็นข้อมูลปีงบประมาณที่ประเมิน",
    "previous": "ต้องเป็นรายงานของปีงบประมาณก่อนหน้า",
    "span": "แผนหลายปีที่ครอบคลุมปีที่ประเมิน",
    "either": "ปีที่ประเมินหรือปีก่อนหน้า",
}


class ChecklistError(Exception):
    pass


@dataclass(frozen=True)
class Item:
    code: str
    title: str
    group_key: str
    group: str
    time_rule: str
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    negatives: tuple[str, ...]
    hints: tuple[str, ...]
    note: str

    @property
    def number(self) -> int:
        return int(self.code[1:])

    @property
    def names(self) -> tuple[str, ...]:
        """The title first, then every alias: all the ways a site may name the item."""
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    fiscal_year: int
    assessment_year: int
    items: tuple[Item, ...]

    def item(self, code: str) -> Item:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)



def available() -> list[str]:
    names = [e.name for e in resources.files("checklist").iterdir() if re.fullmatch(r"ITA-\d{4}\.toml", e.name)]
    return sorted(n.removesuffix(".toml") for n in names)


@lru_cache(maxsize=8)
def load(checklist_id: str = DEFAULT_CHECKLIST) -> Checklist:
    if checklist_id not in available():
        raise ChecklistError(f"unknown checklist {checklist_id!r}; available: {', '.join(available())}")
    data = tomllib.loads(resources.files("checklist").joinpath(f"{checklist_id}.toml").read_text("utf-8"))
    return _parse(data, checklist_id)


def _parse(data: dict, source: str) -> Checklist:
    head = data.get("checklist", {})
    groups = data.get("groups", {})
    items, seen = [], set()
    for raw in data.get("items", []):
        code = raw.get("code", "")
        if not re.fullmatch(r"O\d{1,2}", code) or code in seen:
            raise ChecklistError(f"{source}: bad or repeated item code {code!r}")
        seen.add(code)
        if raw.get("time_rule") not in TIME_RULES:
            raise ChecklistError(f"{source} {code}: time_rule must be one of {TIME_RULES}")
        if raw.get("group") not in groups:
            raise ChecklistError(f"{source} {code}: unknown group {raw.get('group')!r}")
        items.append(Item(
            code=code, title=raw["title"], group_key=raw["group"], group=groups[raw["group"]],
            time_rule=raw["time_rule"], aliases=tuple(raw.get("aliases", ())),
            keywords=tuple(raw.get("keywords", ())),
            negatives=tuple(raw.get("negatives", ())), hints=tuple(raw.get("hints", ())),
            note=raw.get("note", ""),
        ))
    if not items:
        raise ChecklistError(f"{source}: no items")
    return Checklist(id=head.get("id", source), title=head.get("title", source),
                     fiscal_year=int(head["fiscal_year"]), assessment_year=int(head.get("assessment_year",
                                                                                      head["fiscal_year"])),
                     items=tuple(items))
