"""The eligibility questionnaire's form steps: which questions to show, and reading the answers.

State travels in the form itself (no session, no JavaScript): `answers` holds the profile so far
as JSON, `skipped` the facts answered 「不知道」, `asked` the questions of the step being sent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from django.http import QueryDict

from fudao.rules.profile import FACTS, INPUT_FACTS, FactSpec, ProfileError, parse_profile
from fudao.zhtext.amounts import parse_amount

UNKNOWN = "__unknown__"
# Facts that are money: read as people write amounts (5000萬, 5,000萬元, 五千萬, 50000000).
MONEY_FACTS = ("paid_in_capital_twd", "annual_revenue_twd", "loan_request_twd")
# The sections of 行業統計分類 (第11次修正), so that nobody has to know what a letter means.
SECTION_NAMES = {
    "A": "農、林、漁、牧業", "B": "礦業及土石採取業", "C": "製造業", "D": "電力及燃氣供應業",
    "E": "用水供應及污染整治業", "F": "營建工程業", "G": "批發及零售業", "H": "運輸及倉儲業",
    "I": "住宿及餐飲業", "J": "出版影音及資通訊業", "K": "金融及保險業", "L": "不動產業",
    "M": "專業、科學及技術服務業", "N": "支援服務業", "O": "公共行政及國防；強制性社會安全",
    "P": "教育業", "Q": "醫療保健及社會工作服務業", "R": "藝術、娛樂及休閒服務業", "S": "其他服務業",
}
STEP_SIZE = 4
MAX_STATE_CHARS = 8_000


@dataclass
class Question:
    """One question of a step: the fact key, its spec and the raw answer sent (shown again on an error)."""

    key: str
    spec: FactSpec
    value: list[str] = field(default_factory=list)

    @property
    def choice_widget(self) -> bool:
        """Whether the answer is picked among choices (radio buttons)."""
        return self.spec.type in ("enum", "bool")


@dataclass
class StepState:
    """What the form carries between steps."""

    answers: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def answers_json(self) -> str:
        """The answers as the hidden field's JSON."""
        return json.dumps(self.answers, ensure_ascii=False)


def questions_for(keys: list[str], state: StepState) -> list[Question]:
    """The next step's questions: needed facts not yet answered nor skipped, at most STEP_SIZE."""
    wanted = [k for k in keys if k in INPUT_FACTS and k not in state.answers and k not in state.skipped]
    return [Question(k, form_spec(k)) for k in wanted[:STEP_SIZE]]


def form_spec(key: str) -> FactSpec:
    """A fact's spec as the form shows it: industry sections named (C 製造業), amounts explained."""
    spec = FACTS[key]
    if key == "industry_section":
        return replace(spec, choices=[(code, f"{code} {SECTION_NAMES.get(code, '')}".strip())
                                      for code, _ in spec.choices])
    if key in MONEY_FACTS:
        return replace(spec, help="可寫 5000萬、5,000萬元、五千萬 或 50000000")
    return spec


def read_state(data: QueryDict) -> StepState:
    """The answers and skipped facts the form carried; ProfileError if they were tampered with."""
    raw = data.get("answers") or "{}"
    if len(raw) > MAX_STATE_CHARS:
        raise ProfileError("表單資料過長")
    try:
        answers = json.loads(raw)
    except json.JSONDecodeError:
        raise ProfileError("表單資料已損毀，請重新開始") from None
    parse_profile(answers)
    skipped = [k for k in (data.get("skipped") or "").split(",") if k in INPUT_FACTS]
    return StepState(answers=answers, skipped=skipped)


def convert(key: str, spec: FactSpec, data: QueryDict) -> Any:
    """One answer from the form as the profile's type, UNKNOWN for 「不知道」, None if left blank.

    A blank answer counts as 「不知道」 too, so that a step never asks the same question twice.
    """
    if spec.type == "list":
        values = list(dict.fromkeys(data.getlist(key)))  # repeats cost nothing
        if UNKNOWN in values or not values:
            return UNKNOWN if UNKNOWN in values else None
        allowed = {v for v, _ in spec.choices}
        return [v for v in values if v in allowed] if allowed else values
    raw = (data.get(key) or "").strip()
    if raw == UNKNOWN or key in data.getlist("skip"):
        return UNKNOWN
    if not raw:
        return None
    return read_fact(key, spec, raw)


def read_fact(key: str, spec: FactSpec, raw: str) -> Any:
    """One written fact as the profile's type: amounts as written (5000萬, 五千萬), numbers with
    thousands separators, yes/no; ProfileError naming the field on a bad value."""
    if spec.type == "bool":
        return {"true": True, "false": False}.get(raw, raw)
    if key in MONEY_FACTS:
        return _money(key, spec, raw)
    if spec.type in ("int", "number"):
        return _number(key, spec, raw)
    return raw


def _money(key: str, spec: FactSpec, raw: str) -> int:
    """An amount of TWD as written (5000萬, 5,000萬元, 五千萬, 50000000) via zhtext."""
    amount = parse_amount(raw)
    if amount is None or amount < 0:
        raise ProfileError(f"「{spec.label}」須為金額，例如 5000萬 或 50000000（收到「{raw}」）", key)
    return amount


def _number(key: str, spec: FactSpec, raw: str) -> int | float:
    from fudao.web.limits import InputError, parse_number

    try:
        return parse_number(raw, label=spec.label, field=key, integer=spec.type == "int")
    except InputError as exc:
        raise ProfileError(str(exc), key) from None


def merge_step(state: StepState, data: QueryDict) -> StepState:
    """The state after this step's answers; ProfileError (naming the field) on a bad value."""
    answers = dict(state.answers)
    skipped = list(state.skipped)
    for key in [k for k in (data.get("asked") or "").split(",") if k in INPUT_FACTS]:
        value = convert(key, FACTS[key], data)
        if value == UNKNOWN or value is None:
            answers.pop(key, None)
            if key not in skipped:
                skipped.append(key)
        else:
            answers[key] = value
    parse_profile(answers)
    return StepState(answers=answers, skipped=skipped)


def answer_rows(state: StepState) -> list[dict[str, str]]:
    """The answers given so far as label/value rows in zh-TW (for the results summary)."""
    rows = []
    for key, value in state.answers.items():
        spec = form_spec(key)
        labels = dict(spec.choices)
        if isinstance(value, list):
            shown = "、".join(labels.get(v) or v for v in value)
        elif isinstance(value, bool):
            shown = labels.get("true" if value else "false") or str(value)
        else:
            shown = labels.get(str(value)) or (f"{value:,}" if isinstance(value, int | float) else str(value))
        rows.append({"key": key, "label": spec.label, "value": shown})
    rows += [{"key": k, "label": FACTS[k].label, "value": "不知道"} for k in state.skipped]
    return rows
