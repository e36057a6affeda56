"""Read rules files: YAML with line numbers, JSON Schema validation, then the parsed `Rule`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from fudao.errors import Invalid
from fudao.rules.facts import FACTS
from fudao.rules.model import (
    COMPARE_OPS,
    MEMBER_OPS,
    Benefit,
    BenefitCase,
    BenefitTerm,
    Node,
    Param,
    ParamValue,
    Rule,
    Source,
)
from fudao.rules.schema import RULE_SCHEMA

DATA_DIR = Path(__file__).resolve().parent / "data"
Path_ = tuple[str | int, ...]


class RuleFileError(Invalid):
    """A rules file that cannot be read; the message names the file, the line and the field."""

    def __init__(self, path: Path | str, line: int | None, field: str, problem: str) -> None:
        where = f"{Path(path).name} 第 {line} 行" if line else Path(path).name
        super().__init__(f"規則檔 {where}，欄位「{field}」：{problem}")
        self.path, self.line, self.field = str(path), line, field


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps dates as text (they are parsed and checked here)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Located:
    """A loaded YAML document and a way to find the line of any path inside it."""

    def __init__(self, path: Path, text: str | None = None) -> None:
        self.path = path
        if text is None:
            text = path.read_text(encoding="utf-8")
        try:
            self.node = yaml.compose(text, Loader=_Loader)
            self.data: Any = yaml.load(text, Loader=_Loader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else None
            problem = getattr(exc, "problem", None) or str(exc)
            raise RuleFileError(path, line, "（YAML 語法）", f"無法解析：{problem}") from None

    def line(self, where: Path_) -> int | None:
        """The 1-based line of the value at a path of keys and indexes."""
        node = self.node
        for step in where:
            if isinstance(node, yaml.MappingNode):
                match = [v for k, v in node.value if k.value == step]
                if not match:
                    break
                node = match[0]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    break
                node = node.value[step]
        return node.start_mark.line + 1 if node is not None else None

    def fail(self, where: Path_, problem: str) -> RuleFileError:
        """An error naming this file, the line of `where` and its dotted field name."""
        field = ".".join(str(p) for p in where) or "（檔案）"
        return RuleFileError(self.path, self.line(where), field, problem)

    def validate(self, schema: dict[str, Any]) -> None:
        """Check the document against a JSON Schema; raise on the most specific error."""
        validator = jsonschema.Draft202012Validator(schema)
        errors = sorted(validator.iter_errors(self.data), key=lambda e: -len(e.absolute_path))
        if errors:
            error = jsonschema.exceptions.best_match(errors) or errors[0]
            deepest = _deepest(error)
            where = tuple(deepest.absolute_path)
            raise self.fail(where, _schema_problem(deepest, where))


_UNEXPECTED = re.compile(r"'([^']+)' (?:was|were) unexpected")
_REQUIRED = re.compile(r"'([^']+)' is a required property")


def _schema_problem(error: jsonschema.ValidationError, where: Path_) -> str:
    """A zh-TW reason for a schema error: an unknown operator, a missing source, or the rest."""
    unexpected = _UNEXPECTED.search(error.message)
    if unexpected and ("conditions" in where or "when" in where):
        ops = "、".join((*COMPARE_OPS, *MEMBER_OPS))
        return f"不認得的比較運算或欄位「{unexpected.group(1)}」（可用運算：{ops}；群組：all、any、not）"
    required = _REQUIRED.search(error.message)
    if required and required.group(1) == "source":
        return "缺少出處 source（每個參數值與條件須載明文件與行號，或法規名稱）"
    if required:
        return f"缺少必填欄位「{required.group(1)}」"
    return f"不符合規則格式（{error.message}）"


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """The innermost sub-error of a oneOf/anyOf failure (the one closest to the mistake)."""
    while error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    return error


def _date(doc: Located, where: Path_, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise doc.fail(where, f"日期「{text}」須為 YYYY-MM-DD") from None


def _source(data: dict[str, Any]) -> Source:
    lines = data.get("lines") or [None, None]
    return Source(data.get("doc"), lines[0], lines[1], data.get("ref"),
                  tuple(data.get("mentions", ())))


def parse_params(doc: Located, raw: dict[str, Any], base: Path_) -> dict[str, Param]:
    """The named, dated parameters of a file."""
    params: dict[str, Param] = {}
    for name, spec in (raw or {}).items():
        values = []
        for i, item in enumerate(spec["values"]):
            where = (*base, name, "values", i)
            start, end = _date(doc, (*where, "from"), item["from"]), _date(doc, (*where, "to"), item["to"])
            if start and end and end < start:
                raise doc.fail((*where, "to"), "結束日期早於開始日期")
            values.append(ParamValue(item["value"], start, end, _source(item["source"])))
        params[name] = Param(name, spec["label"], tuple(values))
    return params


def parse_condition(doc: Located, raw: dict[str, Any], where: Path_,
                    facts: set[str], params: dict[str, Param]) -> Node:
    """A condition node, checked against the known facts and parameters."""
    node = _bare_condition(doc, raw, where, facts, params)
    source = _source(raw["source"]) if "source" in raw else None
    return replace(node, id=raw.get("id"), label=raw.get("label"), hint=raw.get("hint"), source=source)


def _bare_condition(doc: Located, raw: dict[str, Any], where: Path_,
                    facts: set[str], params: dict[str, Param]) -> Node:
    for kind in ("all", "any"):
        if kind in raw:
            kids = tuple(parse_condition(doc, c, (*where, kind, i), facts, params)
                         for i, c in enumerate(raw[kind]))
            return Node(kind, children=kids)
    if "not" in raw:
        kid = parse_condition(doc, raw["not"], (*where, "not"), facts, params)
        return Node("not", children=(kid,))
    fact = raw["fact"]
    if fact not in facts:
        raise doc.fail((*where, "fact"), f"未知的企業資料欄位「{fact}」")
    ops = [op for op in (*COMPARE_OPS, *MEMBER_OPS) if op in raw]
    if len(ops) != 1:
        raise doc.fail(where, "每個條件須恰有一個比較運算（eq、ne、lt、le、gt、ge、in、not_in）")
    op = ops[0]
    if op in MEMBER_OPS:
        return Node("in", fact=fact, op=op, values=tuple(raw[op]))
    operand = raw[op]
    if isinstance(operand, dict):
        if operand["param"] not in params:
            raise doc.fail((*where, op, "param"), f"未定義的參數「{operand['param']}」")
        return Node("cmp", fact=fact, op=op, param=operand["param"])
    return Node("cmp", fact=fact, op=op, value=operand)


def _benefit(doc: Located, raw: dict[str, Any] | None, facts: set[str],
             params: dict[str, Param]) -> Benefit | None:
    if not raw:
        return None
    cases = []
    for i, case in enumerate(raw["cases"]):
        where: Path_ = ("benefit", "cases", i)
        when = parse_condition(doc, case["when"], (*where, "when"), facts, params) if "when" in case else None
        amount = case["amount"]["param"] if case["amount"] else None
        if amount and amount not in params:
            raise doc.fail((*where, "amount", "param"), f"未定義的參數「{amount}」")
        cases.append(BenefitCase(when, amount, case.get("note")))
    terms = []
    for i, term in enumerate(raw.get("terms", ())):
        names = {k: term[k]["param"] for k in ("up_to", "over") if k in term}
        if len(names) != 1:
            raise doc.fail(("benefit", "terms", i), "須恰有 up_to 或 over 其一")
        for key, name in names.items():
            if name not in params:
                raise doc.fail(("benefit", "terms", i, key, "param"), f"未定義的參數「{name}」")
        terms.append(BenefitTerm(term["label"], names.get("up_to"), names.get("over"), _source(term["source"])))
    return Benefit(raw["label"], tuple(cases), tuple(terms))


def load_rule(path: Path, facts: set[str], text: str | None = None) -> Rule:
    """Parse and check one rules file (or its `text`, read under the name `path`, as the store
    keeps it); raises `RuleFileError` naming file, line and field."""
    doc = Located(path, text)
    if not isinstance(doc.data, dict):
        raise doc.fail((), "規則檔須為 YAML 對應表（measure、name、conditions…）")
    doc.validate(RULE_SCHEMA)
    data = doc.data
    if path.stem != data["measure"]:
        raise doc.fail(("measure",), f"須與檔名相同（{path.stem}）")
    params = parse_params(doc, data.get("params", {}), ("params",))
    top = [parse_condition(doc, c, ("conditions", i), facts, params)
           for i, c in enumerate(data["conditions"])]
    applies = data["applies"]
    return Rule(
        measure_id=data["measure"], name=data["name"], agency=data["agency"],
        needs=tuple(data.get("needs", ())),
        valid_from=_date(doc, ("applies", "from"), applies["from"]),
        valid_to=_date(doc, ("applies", "to"), applies["to"]),
        sources=tuple(_source(s) for s in data["sources"]),
        params=params, condition=Node("all", children=tuple(top)),
        benefit=_benefit(doc, data.get("benefit"), facts, params),
        notes=tuple(data.get("notes", ())), path=str(path),
        informational=_informational(doc, data),
    )


def _informational(doc: Located, data: dict[str, Any]) -> bool:
    """Whether the rule marks an informational measure (then it has no conditions)."""
    flag = bool(data.get("informational", False))
    if flag and data["conditions"]:
        raise doc.fail(("conditions",), "資訊性措施（informational: true）不可有資格條件")
    return flag


def rule_files(folder: Path = DATA_DIR) -> list[Path]:
    """The rules files of a folder (test-case files and the derived-facts file excluded)."""
    return sorted(p for p in folder.glob("*.yaml")
                  if not p.name.endswith(".tests.yaml") and not p.name.startswith("_"))


@lru_cache(maxsize=4)
def load_rules(folder: Path = DATA_DIR) -> dict[str, Rule]:
    """Every rule of a folder by measure id (cached)."""
    return {rule.measure_id: rule for rule in (load_rule(p, set(FACTS)) for p in rule_files(folder))}
