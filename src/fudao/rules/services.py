"""Loading and publishing rule versions (DESIGN "Rules as data"): checked, kept, audited.

Every write goes through `load_version` or `publish_version`, each one transaction that also
writes the audit entry. A refused file (`RuleFileError`: file, line, reason) writes nothing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.accounts.roles import Role
from fudao.audit.services import record as record_audit
from fudao.documents.signals import announce_publish
from fudao.errors import Denied
from fudao.rules.checking import check_rule_file, tests_path
from fudao.rules.loader import DATA_DIR, RuleFileError, rule_files
from fudao.rules.models import RuleVersion
from fudao.rules.selectors import RuleVersionNotFound, current_version, version_to_dict

__all__ = ["RuleVersionNotFound", "version_to_dict"]

PACKAGE_LABEL = "套件內建"
EDITING_ROLES = (Role.EDITOR, Role.ADMIN)

# Called (after the commit) with the measure ids whose published rules changed; the alerts
# register here so that a publish enqueues their screening without this module knowing them.


class RulePermissionError(Denied):
    """The actor may not load or publish rules (only an editor or an administrator may)."""

    def __str__(self) -> str:
        return "只有目錄編輯或系統管理者可以載入或發布資格規則"


def digest(rule_text: str, tests_text: str) -> str:
    """The fingerprint of a version's two texts (an unchanged file is not a new version)."""
    return hashlib.sha256(f"{rule_text}\0{tests_text}".encode()).hexdigest()


def count_cases(tests_text: str) -> int:
    """How many test cases a (checked) test-case file holds."""
    import yaml

    data = yaml.safe_load(tests_text) if tests_text else None
    return len(data.get("cases") or []) if isinstance(data, dict) else 0


def _require_editor(by: Actor) -> None:
    if by.role not in EDITING_ROLES:
        raise RulePermissionError()


def read_files(path: Path) -> tuple[str, str]:
    """The texts of a rules file and of its `<slug>.tests.yaml` beside it (RuleFileError when
    either cannot be read)."""
    if not path.is_file():
        raise RuleFileError(path, None, "（檔案）", "找不到規則檔")
    cases = tests_path(path)
    if not cases.is_file():
        raise RuleFileError(path, None, "（測試案例）", f"找不到測試案例檔 {cases.name}（須放在規則檔旁）")
    try:
        return path.read_text(encoding="utf-8"), cases.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RuleFileError(path, None, "（檔案）", "須為 UTF-8 文字檔") from None


def load_file(*, path: Path, publish: bool, by: Actor) -> dict[str, Any]:
    """Check a rules file and its test cases from disk and keep it (see `load_version`)."""
    rule_text, tests_text = read_files(path)
    return load_version(filename=path.name, rule_text=rule_text, tests_text=tests_text,
                        publish=publish, by=by)


def load_version(*, filename: str, rule_text: str, tests_text: str, publish: bool,
                 by: Actor) -> dict[str, Any]:
    """Check a rules file's text (facts, operators, parameters with sources) and run its test
    cases; keep it as a new version (the same text as the measure's latest version is not a new
    one) and, with `publish`, make it the version in use. Returns the version's dict with
    `created` and `published_now`. Raises `RuleFileError` (file, line, reason; nothing written)
    or `RulePermissionError`."""
    _require_editor(by)
    if not filename.endswith(".yaml") or filename.endswith(".tests.yaml"):
        raise RuleFileError(filename, None, "（檔名）", "規則檔名須為「措施代碼.yaml」")
    rule = check_rule_file(Path(filename), rule_text, tests_text)
    cases = count_cases(tests_text)
    fingerprint = digest(rule_text, tests_text)
    now = timezone.now()
    with transaction.atomic():
        rows = RuleVersion.objects.select_for_update().filter(measure_id=rule.measure_id)
        latest = rows.order_by("-number").first()
        created = latest is None or latest.digest != fingerprint
        if created:
            version = RuleVersion.objects.create(
                measure_id=rule.measure_id, number=(latest.number + 1) if latest else 1,
                name=rule.name, rule_text=rule_text, tests_text=tests_text, digest=fingerprint,
                origin="editor", filename=filename, cases=cases,
                loaded_by_id=by.user_id, loaded_by_name=by.label)
        else:
            assert latest is not None
            version = latest
        published_now = publish and (version.published_at is None or not _is_current(version))
        if published_now:
            version.published_at, version.published_by_id = now, by.user_id
            version.published_by_name = by.label
            version.save(update_fields=["published_at", "published_by", "published_by_name"])
        _audit("rules_loaded", by, version, published=published_now, created=created)
        if published_now:
            announce_publish([version.measure_id])
    return {**version_to_dict(version), "created": created, "published_now": published_now}


def publish_version(*, version_id: int, by: Actor) -> dict[str, Any]:
    """Publish a loaded version after checking it again (its test cases must still pass);
    RuleVersionNotFound, RuleFileError or RulePermissionError otherwise."""
    _require_editor(by)
    with transaction.atomic():
        version = RuleVersion.objects.select_for_update().filter(pk=version_id).first()
        if version is None:
            raise RuleVersionNotFound(str(version_id))
        check_rule_file(Path(version.filename), version.rule_text, version.tests_text)
        if version.published_at is not None and _is_current(version):
            return {**version_to_dict(version), "published_now": False}
        version.published_at, version.published_by_id = timezone.now(), by.user_id
        version.published_by_name = by.label
        version.save(update_fields=["published_at", "published_by", "published_by_name"])
        _audit("rules_published", by, version, published=True, created=False)
        announce_publish([version.measure_id])
    return {**version_to_dict(version), "published_now": True}


def _is_current(version: RuleVersion) -> bool:
    current = current_version(version.measure_id)
    return current is not None and current.pk == version.pk


def _audit(action: str, by: Actor, version: RuleVersion, *, published: bool, created: bool) -> None:
    record_audit(action=action, actor=by.label, detail={
        "measure_id": version.measure_id, "version": version.number, "published": published,
        "created": created})


def sync_package_rules(folder: Path = DATA_DIR) -> int:
    """The initial load: record each rules file shipped in the package whose text is not yet the
    latest package version of its measure, published by 套件內建. Returns how many were added."""
    from fudao.rules.loader import load_rule
    from fudao.rules.profile import FACTS

    added = 0
    facts = set(FACTS)
    known = {(v["measure_id"], v["digest"]) for v in
             RuleVersion.objects.filter(origin="package").values("measure_id", "digest")}
    for path in rule_files(folder):
        rule_text = path.read_text(encoding="utf-8")
        cases = tests_path(path)
        tests_text = cases.read_text(encoding="utf-8") if cases.is_file() else ""
        fingerprint = digest(rule_text, tests_text)
        if (path.stem, fingerprint) in known:
            continue
        rule = load_rule(path, facts, rule_text)
        with transaction.atomic():
            latest = (RuleVersion.objects.select_for_update().filter(measure_id=rule.measure_id)
                      .order_by("-number").first())
            RuleVersion.objects.create(
                measure_id=rule.measure_id, number=(latest.number + 1) if latest else 1,
                name=rule.name, rule_text=rule_text, tests_text=tests_text, digest=fingerprint,
                origin="package", filename=path.name, cases=count_cases(tests_text),
                loaded_by_name=PACKAGE_LABEL, published_at=timezone.now(),
                published_by_name=PACKAGE_LABEL)
        added += 1
    return added


