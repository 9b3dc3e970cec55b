"""Fuzzy matching of what a site shows (link texts, row context, headings, titles, file names) to items.

How a text is scored against an item (measured on Thai in research/tech-stack.md §2, checked against the
labelled corpus in tests/fixtures/corpus):
- both sides are canonicalised the same way (checklist/lexicon.toml: the assessment's own long name and
  common spellings folded to short forms, sub-indicator headings dropped) and compared as match keys
  (no spaces: Thai has no word spaces, so token scorers and rapidfuzz's default processor, which deletes
  Thai vowels, are useless);
- ``partial_ratio`` finds an item name inside a longer label but scores any short text 100 against a name
  that contains it ("แผน"), so it is used only when the text is at least 0.6 of the name's length;
- a name found in the middle of a much longer label is weak evidence ("คณะผู้บริหาร" in a news headline):
  the score is damped by how much of the label's topic the name covers, unless the label starts with it;
- plans and reports of the same topic differ by their first document-type word (แผน / รายงาน / คู่มือ …):
  a different type costs 20 points, and an item's negative words, found in the head of the label (not in
  a qualifier such as "(ทบทวนจากรายงานผล …)"), cost 35;
- a text without any of the item's keywords (its distinctive words: บุคลากร, จัดซื้อ, ความเสี่ยง …) costs 25,
  so a shared phrasing ("รายงานผลการดำเนินงานตามแผน…") cannot carry a match on its own;
- an item code adds weight only when the page or heading is about the assessed year, and only to an item
  the words already point at; a bare code under another year's heading is read through that year's item
  titles (checklist/schemes.toml), so "O7" under "ITA 2566" is news, not the annual report.
Every text is scored against every item name in one ``rapidfuzz.process.cdist`` call per scorer.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
from rapidfuzz import fuzz, process

from checklist.checklists import Checklist, load
from checklist.codes import label_code, read_codes
from checklist.thaitext import match_key, match_key_no_tones, normalize_for_matching

THRESHOLD = 75.0  # a weighted field score (0-100) that makes a text evidence for an item
NEAR_BEST = 8.0  # a candidate is evidence for every item within this many points of its best item
PARTIAL_GUARD = 0.6
FULL_COVERAGE = 0.6
TYPE_PENALTY = 20.0
NEGATIVE_PENALTY = 35.0
KEYWORD_PENALTY = 25.0
KEYWORD_MATCH = 85.0
CODE_BONUS = 20.0  # added after the field weight, for a code of the assessed year that agrees with the words
CODE_MIN_BASE = 45.0
CODE_ONLY_BASE = 62.0  # a label that is only a code ("O19 :: คลิก") under the assessed year
HINT_SCORE = 78.0  # a file name or label made of the item's hint words ("HRD-plan-2568.pdf", "nogift.jpg")
OWN_FIELDS = frozenset({"page_title", "page_heading", "doc_title", "doc_head"})


def _lexicon() -> dict:
    return tomllib.loads(resources.files("checklist").joinpath("lexicon.toml").read_text("utf-8"))


LEXICON = _lexicon()
_PHRASES = [(re.compile(p), r) for p, r in LEXICON["phrases"].items()]
_SECTIONS = [re.compile(p) for p in LEXICON["section_headings"]["patterns"]]
_GENERIC = re.compile(LEXICON["generic"]["pattern"], re.IGNORECASE)
_BOILERPLATE = re.compile(LEXICON["boilerplate"]["pattern"], re.IGNORECASE)
_HEAD_END = re.compile(LEXICON["head"]["pattern"])
_HUB_LINK = re.compile(LEXICON["hub_link"]["pattern"])
_DOC_TYPES = list(LEXICON["doc_types"].items())
_DOC_TYPE_RE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _DOC_TYPES))
_TYPE_IDS = {name: i for i, (name, _) in enumerate(_DOC_TYPES)}


@lru_cache(maxsize=65536)
def canonical(text: str) -> str:
    """Normalised text with section headings dropped and known phrases folded (see lexicon.toml)."""
    text = normalize_for_matching(text)
    for pattern in _SECTIONS:
        text = pattern.sub(" ", text)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(f" {replacement} ", text)
    return " ".join(text.split())


def _without_codes(text: str) -> str:
    for code in sorted(read_codes(text), key=lambda c: -c.start):
        text = text[: code.start] + " " + text[code.end:]
    return text


_SUBJECT = re.compile(r"(?:^|\s)เรื่อง\s*:?\s+")


@lru_cache(maxsize=65536)
def topic_key(text: str) -> str:
    """What a label is about: without codes, years, dates, file markers and generic link words. In
    "ประกาศจังหวัด… เรื่อง X" the topic is X."""
    text = _without_codes(canonical(text))
    m = _SUBJECT.search(text)
    if m and m.start() < len(text) / 2:
        text = text[m.end():]
    return match_key(_BOILERPLATE.sub(" ", _GENERIC.sub(" ", text)))


def doc_type(text: str) -> str | None:
    """The first document-type word in the head of a label ("แผน…", "รายงาน…")."""
    m = _DOC_TYPE_RE.search(label_head(text))
    return m.lastgroup if m else None


def label_head(text: str) -> str:
    """The label before any qualifier: negative words are looked for here only."""
    canon = canonical(text)
    m = _HEAD_END.search(canon)
    return canon[: m.start()] if m and m.start() >= 8 else canon


def is_hub_link_text(text: str) -> bool:
    """Whether a link names the ITA/OIT disclosure section as a whole ("ITA 2568", "การเปิดเผยข้อมูลสาธารณะ")."""
    return bool(_HUB_LINK.search(canonical(text)))


def is_generic_link_text(text: str) -> bool:
    """True for "ดาวน์โหลด", "คลิกที่นี่ (PDF 1.2 MB)", "[PDF]", an arrow, an icon's alt text ..."""
    return len(topic_key(text)) < 3


@dataclass(frozen=True)
class Field:
    """One text that may name an item, with the weight its kind of evidence deserves."""

    name: str  # link_text | context | heading | doc_title | doc_head | doc_line | page_title | page_heading | ...
    text: str
    weight: float
    year: int | None = None  # the assessment year the page or heading it sits under is about
    found_on: str | None = None  # the page a link field was on


@dataclass
class Candidate:
    """A URL (page, document or external link) with every text that speaks about it."""

    url: str
    kind: str  # page | document | external
    fields: list[Field] = field(default_factory=list)


@dataclass(frozen=True)
class Signal:
    field: str
    text: str
    name: str  # the item name (title or alias) that matched
    raw: float  # rapidfuzz score before weights and penalties
    score: float  # what the field contributed, 0-100
    penalties: tuple[str, ...] = ()
    code: str | None = None

    def as_dict(self) -> dict:
        return {"field": self.field, "text": self.text[:200], "name": self.name, "raw": round(self.raw, 1),
                "score": round(self.score, 1), "penalties": list(self.penalties), "code": self.code}


@dataclass
class ItemMatch:
    code: str
    score: float  # 0-100
    signal: Signal
    found_on: str | None = None

    @property
    def match(self) -> float:
        return round(max(0.0, min(1.0, self.score / 100)), 3)


@lru_cache(maxsize=1)
def _schemes() -> dict[int, dict[int, str]]:
    """Item titles by number for every assessment year we know, from schemes.toml and the checklists."""
    raw = tomllib.loads(resources.files("checklist").joinpath("schemes.toml").read_text("utf-8"))
    schemes: dict[int, dict[int, str]] = {}
    for year, table in raw.items():
        if "same_as" not in table:
            schemes[int(year)] = {int(code[1:]): title for code, title in table.items()}
    for year, table in raw.items():
        if "same_as" in table:
            schemes[int(year)] = schemes[int(table["same_as"])]
    from checklist.checklists import available

    for checklist_id in available():
        cl = load(checklist_id)
        schemes[cl.assessment_year] = {item.number: item.title for item in cl.items}
    return schemes


@dataclass(frozen=True)
class _Prepared:
    """A text ready for scoring: what to compare, and the code it carries."""

    compare: str  # canonical text without its code (or the translated title of an old code)
    topic: str
    code_item: int | None  # index of the assessed checklist's item the code names
    code_label: str | None
    code_only: bool


class Matcher:
    def __init__(self, checklist: Checklist, threshold: float = THRESHOLD, near_best: float = NEAR_BEST):
        self.checklist = checklist
        self.threshold = threshold
        self.near_best = near_best
        names, owners = [], []
        for i, item in enumerate(checklist.items):
            for name in item.names:
                names.append(name)
                owners.append(i)
        self.names = names
        canon_names = [canonical(n) for n in names]
        self.name_keys = [match_key(n) for n in canon_names]
        self.name_keys_nt = [match_key_no_tones(n) for n in canon_names]
        self.name_topics = [topic_key(n) for n in names]
        title_types = [doc_type(item.title) for item in checklist.items]
        # A name without a type word ("ผลการพัฒนาบุคลากร") is of its item's type (a report); a text of the
        # item's own type never clashes ("ประกาศ … นโยบายไม่รับของขวัญ" is an O21 announcement).
        self.name_types = [doc_type(n) or title_types[o] for n, o in zip(names, owners, strict=True)]
        self.name_type_ids = np.array([_TYPE_IDS.get(t, -1) for t in self.name_types])[None, :]
        self.title_type_ids = np.array([_TYPE_IDS.get(title_types[o], -1) for o in owners])[None, :]
        self.name_owner = np.array(owners)
        self.name_len = np.array([max(1, len(k)) for k in self.name_keys], dtype=float)
        self.negative_keys = [[match_key(canonical(n)) for n in item.negatives] for item in checklist.items]
        keywords = [(i, match_key(canonical(k))) for i, item in enumerate(checklist.items) for k in item.keywords]
        self.keyword_keys = [k for _, k in keywords]
        self.keyword_owner = np.array([i for i, _ in keywords])
        self.item_index = {item.number: i for i, item in enumerate(checklist.items)}
        # Latin hints match as whole words ("risk" is not in "asterisk"); Thai ones as part of the key.
        self.hints = [[(re.compile(rf"(?<![a-z0-9]){re.escape(h.lower())}(?![a-z0-9])") if h.isascii() else
                        re.compile(re.escape(match_key(h))), len(h)) for h in item.hints]
                      for item in checklist.items]

    def _prepare(self, text: str, year: int | None) -> _Prepared:
        compare = _without_codes(canonical(text))
        topic = topic_key(text)
        code = label_code(text)
        if code is None:
            return _Prepared(compare, topic, None, None, False)
        code_only = len(topic) < 3
        if year is None or year == self.checklist.assessment_year:
            return _Prepared(compare, topic, self.item_index.get(code.number), f"O{code.number}", code_only)
        old_title = _schemes().get(year, {}).get(code.number)
        if code_only and old_title:
            # "O7" under "ITA 2566" is that year's O7: compare its title instead of the empty label.
            return _Prepared(canonical(old_title), topic_key(old_title), None, f"O{code.number}@{year}", False)
        return _Prepared(compare, topic, None, None, False)

    # -- field level --------------------------------------------------------------------------------

    def score_texts(self, texts: list[str], years: list[int | None] | None = None):
        """Scores (texts x items, 0-100, before field weights), where a code agrees and where a negative word
        was found (both texts x items), and an ``explain(row, item)`` function for the signal behind a cell."""
        n_items = len(self.checklist.items)
        years = years or [None] * len(texts)
        prepared = [self._prepare(t, y) for t, y in zip(texts, years, strict=True)]
        if not texts:
            empty = np.zeros((0, n_items), dtype=bool)
            return np.zeros((0, n_items)), empty, empty, None
        keys = [match_key(p.compare) for p in prepared]
        keys_nt = [match_key_no_tones(p.compare) for p in prepared]
        partial = np.maximum(
            process.cdist(keys, self.name_keys, scorer=fuzz.partial_ratio, workers=-1),
            process.cdist(keys_nt, self.name_keys_nt, scorer=fuzz.partial_ratio, workers=-1),
        )
        whole = np.maximum(
            process.cdist(keys, self.name_keys, scorer=fuzz.ratio, workers=-1),
            process.cdist(keys_nt, self.name_keys_nt, scorer=fuzz.ratio, workers=-1),
        )
        text_len = np.array([max(1, len(k)) for k in keys], dtype=float)[:, None]
        # A text shorter than the name, found inside it, lacks the rest of the name ("สรุปผลการจัดซื้อจัดจ้าง"
        # is in both the monthly and the annual item's names): it scores by how much of the name it has.
        shortness = np.sqrt(np.minimum(1.0, text_len / self.name_len[None, :]))
        raw = np.where(text_len >= PARTIAL_GUARD * self.name_len[None, :], partial * shortness, whole)

        topic_len = np.array([max(1, len(p.topic)) for p in prepared], dtype=float)[:, None]
        coverage = np.minimum(1.0, self.name_len[None, :] / np.maximum(topic_len, self.name_len[None, :]))
        damp = np.minimum(1.0, coverage / FULL_COVERAGE)
        for row, col in zip(*np.nonzero((damp < 1) & (raw >= 85)), strict=True):
            if self._starts_with(prepared[row].topic, self.name_topics[col]):
                damp[row, col] = 1.0  # the label opens with the name: it is about the item

        text_type_ids = np.array([_TYPE_IDS.get(doc_type(p.compare), -1) for p in prepared])[:, None]
        type_clash = ((text_type_ids >= 0) & (self.name_type_ids >= 0) & (text_type_ids != self.name_type_ids)
                      & (text_type_ids != self.title_type_ids))
        # A news item about a plan or an event is news, not the disclosure itself.
        news = _TYPE_IDS["news"]
        type_clash |= (text_type_ids == news) & (self.title_type_ids != news) & (self.name_type_ids != news)
        adjusted = raw * damp - TYPE_PENALTY * type_clash

        scores = np.zeros((len(texts), n_items))
        best_name = np.zeros((len(texts), n_items), dtype=int)
        for i in range(n_items):
            cols = np.flatnonzero(self.name_owner == i)
            sub = adjusted[:, cols]
            arg = sub.argmax(axis=1)
            scores[:, i] = sub[np.arange(len(texts)), arg]
            best_name[:, i] = cols[arg]
        heads = [match_key(label_head(p.compare)) for p in prepared]
        negative = np.array([[any(n and n in h for n in negs) for negs in self.negative_keys] for h in heads],
                            dtype=bool).reshape(len(texts), n_items)
        scores -= NEGATIVE_PENALTY * negative
        # Keywords are looked for fuzzily too: sites misspell them ("ข้อมูลผู้บริหร").
        kw_found = process.cdist(keys, self.keyword_keys, scorer=fuzz.partial_ratio, workers=-1) >= KEYWORD_MATCH
        kw_found &= text_len >= np.array([len(k) for k in self.keyword_keys])[None, :]
        has_keywords = np.array([bool(item.keywords) for item in self.checklist.items])
        no_keyword = np.zeros((len(texts), n_items), dtype=bool)
        for i in np.flatnonzero(has_keywords):
            no_keyword[:, i] = ~kw_found[:, self.keyword_owner == i].any(axis=1)
        scores -= KEYWORD_PENALTY * no_keyword
        for row, text in enumerate(texts):
            self._apply_hints(scores, row, text.lower())
        code_hit = np.zeros_like(scores, dtype=bool)
        for row, p in enumerate(prepared):
            if p.code_item is None:
                continue
            if p.code_only:
                scores[row, p.code_item] = max(scores[row, p.code_item], CODE_ONLY_BASE)
            code_hit[row, p.code_item] = scores[row, p.code_item] >= CODE_MIN_BASE
        scores = np.clip(scores, 0, 100)

        def explain(row: int, i: int) -> tuple:
            name = best_name[row, i]
            penalties = []
            if type_clash[row, name]:
                penalties.append(f"type:{_DOC_TYPES[text_type_ids[row, 0]][0]}≠{self.name_types[name]}")
            if negative[row, i]:
                penalties.append("negative")
            if no_keyword[row, i]:
                penalties.append("no-keyword")
            if damp[row, name] < 1:
                penalties.append(f"coverage:{coverage[row, name]:.2f}")
            label = prepared[row].code_label
            used = label if code_hit[row, i] or (label and "@" in label) else None
            return self.names[name], float(raw[row, name]), tuple(penalties), used

        return scores, code_hit, negative, explain

    def _apply_hints(self, scores: np.ndarray, row: int, lowered: str) -> None:
        """Agencies name uploads in English ("HRD-plan-2568.pdf", "risk-report-2567.pdf"): a text holding an
        item's hint words scores at least HINT_SCORE for it; the longest hint wins ("risk-report" over
        "risk")."""
        key = match_key(lowered)
        found = [(size, i) for i, hints in enumerate(self.hints) for pattern, size in hints
                 if pattern.search(lowered if pattern.pattern.startswith("(?<!") else key)]
        if found:
            longest = max(size for size, _ in found)
            for size, i in found:
                if size == longest:
                    scores[row, i] = max(scores[row, i], HINT_SCORE)

    @staticmethod
    def _starts_with(topic: str, name_topic: str) -> bool:
        """The label opens with the name (after at most a short lead such as "ข้อมูล" or "ดาวน์โหลด")."""
        if len(name_topic) < 6 or not topic:
            return False
        lead = max(2, int(0.2 * len(topic)))
        found = topic.find(name_topic)
        if 0 <= found <= lead:
            return True
        aligned = fuzz.partial_ratio_alignment(name_topic, topic, score_cutoff=90)
        return aligned is not None and aligned.dest_start <= lead

    # -- candidate level ----------------------------------------------------------------------------

    def match(self, candidates: list[Candidate]) -> list[list[ItemMatch]]:
        """For each candidate, the items it is evidence for (best first); empty when it names none."""
        index: dict[tuple[str, int | None], int] = {}
        for cand in candidates:
            for f in cand.fields:
                index.setdefault((f.text, f.year), len(index))
        order = list(index)
        scores, code_hit, negative, explain = self.score_texts([t for t, _ in order], [y for _, y in order])
        results = []
        for cand in candidates:
            # What a page or document calls itself outranks what links to it say: a page titled
            # "สรุปผลการจัดซื้อจัดจ้างรายเดือน" is not the annual report, whatever a menu link's words suggest.
            vetoed = np.zeros(len(self.checklist.items), dtype=bool)
            for f in cand.fields:
                if f.name in OWN_FIELDS:
                    vetoed |= negative[index[(f.text, f.year)]]
            best: dict[int, tuple[float, Field, int]] = {}
            for f in cand.fields:
                row = index[(f.text, f.year)]
                weighted = np.minimum(100.0, scores[row] * f.weight + CODE_BONUS * code_hit[row])
                weighted[vetoed] = 0
                for i in np.flatnonzero(weighted >= self.threshold):
                    if i not in best or weighted[i] > best[i][0]:
                        best[i] = (float(weighted[i]), f, row)
            if not best:
                results.append([])
                continue
            top = max(v[0] for v in best.values())
            matches = []
            for i, (score, f, row) in sorted(best.items(), key=lambda kv: -kv[1][0]):
                if score < top - self.near_best:
                    continue
                name, raw, penalties, code = explain(row, i)
                matches.append(ItemMatch(
                    code=self.checklist.items[i].code, score=score,
                    signal=Signal(f.name, f.text, name, raw, score, penalties, code), found_on=f.found_on))
            results.append(matches)
        return results
