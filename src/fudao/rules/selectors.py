"""Reading the rules in use: the published version of each measure (DESIGN "Rules as data").

`published_rules()` is what `match`, `screen` and campaigns decide with: for each measure the
published version published last, else the file shipped in the package (a store not yet
synced). It is kept in memory until a publish changes the store's published versions.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max

from fudao.errors import NotFound
from fudao.rules.loader import load_rule, load_rules
from fudao.rules.model import Rule

if TYPE_CHECKING:
    from fudao.rules.models import RuleVersion

class RuleVersionNotFound(NotFound):
    """No such rule version or measure rules (zh-TW message)."""

    def __str__(self) -> str:
        return f"找不到資格規則「{self.args[0]}」"


def version_to_dict(version: RuleVersion) -> dict[str, Any]:
    """The JSON of a version (without its texts): who loaded and published it, and when."""
    return {
        "id": version.pk, "measure_id": version.measure_id, "version": version.number,
        "name": version.name, "origin": version.origin, "filename": version.filename,
        "cases": version.cases, "loaded_at": version.loaded_at, "loaded_by": version.loaded_by_name,
        "published_at": version.published_at, "published_by": version.published_by_name or None,
    }


_lock = threading.Lock()
_cache: dict[str, Any] = {"key": None, "rules": None}


def published_fingerprint() -> str:
    """A value that changes whenever a version is published."""
    from fudao.rules.models import RuleVersion

    stats = RuleVersion.objects.filter(published_at__isnull=False).aggregate(
        n=Count("id"), last=Max("published_at"), top=Max("id"))
    return f"{stats['n']}|{stats['last']}|{stats['top']}"


def _current_ids() -> dict[str, int]:
    """The id of each measure's version in use (published last; the higher number on a tie)."""
    from fudao.rules.models import RuleVersion

    rows = (RuleVersion.objects.filter(published_at__isnull=False)
            .order_by("measure_id", "-published_at", "-number").values_list("measure_id", "id"))
    current: dict[str, int] = {}
    for measure_id, pk in rows:
        current.setdefault(measure_id, pk)
    return current


@lru_cache(maxsize=1024)
def _parsed(version_id: int, filename: str, rule_text: str) -> Rule:
    from fudao.rules.profile import FACTS

    return load_rule(Path(filename), set(FACTS), rule_text)


def published_rules() -> dict[str, Rule]:
    """Every rule in use by measure id: the store's published versions over the package's files
    (the package's files alone where the store cannot be read: no table yet, no database access,
    as for a file screened without a store)."""
    from fudao.rules.models import RuleVersion

    try:
        key = published_fingerprint()
    except Exception:  # the store is optional here, as for the catalogue in `match`
        return load_rules()
    with _lock:
        if _cache["key"] == key:
            return _cache["rules"]  # type: ignore[no-any-return]
    rules = dict(load_rules())
    ids = _current_ids()
    for v in RuleVersion.objects.filter(pk__in=ids.values()).only("id", "filename", "rule_text"):
        rule = _parsed(v.pk, v.filename, v.rule_text)
        rules[rule.measure_id] = rule
    with _lock:
        _cache.update(key=key, rules=rules)
    return rules


def current_version(measure_id: str) -> RuleVersion | None:
    """The version of a measure in use, or None (no version in the store)."""
    from fudao.rules.models import RuleVersion

    return (RuleVersion.objects.filter(measure_id=measure_id, published_at__isnull=False)
            .order_by("-published_at", "-number").first())


def rules_list() -> dict[str, Any]:
    """`fudao rules list`: each measure with rules, its version in use, who published it and
    when, how many versions are kept and how many wait for review."""
    from fudao.rules.models import RuleVersion
    current = _current_ids()
    counts = {row["measure_id"]: row for row in RuleVersion.objects.values("measure_id").annotate(
        versions=Count("id"), latest=Max("number"))}
    in_use = {v.measure_id: v for v in RuleVersion.objects.filter(pk__in=current.values())}
    out = []
    for measure_id, row in sorted(counts.items()):
        v = in_use.get(measure_id)
        pending = RuleVersion.objects.filter(measure_id=measure_id, published_at__isnull=True,
                                             number__gt=v.number if v else 0).count()
        out.append({"measure_id": measure_id, "name": v.name if v else "",
                    "in_use": version_to_dict(v) if v else None,
                    "versions": row["versions"], "pending": pending})
    return {"rules": out}


def rule_detail(measure_id: str) -> dict[str, Any]:
    """`fudao rules show ID`: every version of a measure's rules (newest first) and the text of
    the one in use; RuleVersionNotFound when the store keeps none."""
    from fudao.rules.models import RuleVersion

    versions = list(RuleVersion.objects.filter(measure_id=measure_id).order_by("-number"))
    if not versions:
        raise RuleVersionNotFound(measure_id)
    current = current_version(measure_id)
    return {
        "measure_id": measure_id, "name": (current or versions[0]).name,
        "in_use": current.number if current else None,
        "rule_text": current.rule_text if current else None,
        "versions": [{**version_to_dict(v), "in_use": current is not None and v.pk == current.pk}
                     for v in versions],
    }
