"""Ingest documents into the store: idempotent by content hash, one transaction per document."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from fudao.documents.dating import document_facts
from fudao.documents.models import Document, DocumentVersion, ExtractedValue, Passage, Section
from fudao.documents.pipeline import ParsedDocument, content_hash, parse_document
from fudao.documents.readers import DocumentError, check_supported, is_supported
from fudao.documents.signals import (
    announce_publish,
    ingest_finished,
    version_stored,
    version_unchanged,
)

log = logging.getLogger(__name__)

Progress = Callable[[int, int, Path], None]

# Test hook: once a new version's rows are written (before commit), touch this file and wait,
# so that a test can kill the process in the middle of a transaction.
HOLD_ENV = "FUDAO_INGEST_HOLD_FILE"


@dataclass
class FileResult:
    """What happened to one file."""

    path: str
    stem: str
    status: str  # added | updated | unchanged | error
    sections: int = 0
    passages: int = 0
    values: int = 0
    error: str | None = None
    version_id: int | None = None


@dataclass
class IngestReport:
    """The per-file results of one ingest run."""

    results: list[FileResult] = field(default_factory=list)

    @property
    def changed_versions(self) -> list[int]:
        return [r.version_id for r in self.results if r.version_id is not None and r.status in ("added", "updated")]

    @property
    def errors(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "error"]

    def totals(self) -> dict[str, int]:
        """Counts by status and the sections and passages stored by this run."""
        counts = {status: 0 for status in ("added", "updated", "unchanged", "error")}
        for result in self.results:
            counts[result.status] += 1
        counts["documents"] = len(self.results)
        counts["sections"] = sum(r.sections for r in self.results)
        counts["passages"] = sum(r.passages for r in self.results)
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The `fudao ingest --json` document."""
        documents = [{k: v for k, v in asdict(r).items() if k != "version_id"} for r in self.results]
        return {"documents": documents, "totals": self.totals()}


def collect_paths(paths: Sequence[Path]) -> list[Path]:
    """The files named, and the supported files under the folders named (recursively), in order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and is_supported(p))
            files.extend(p for p in found if not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            files.append(path)
    return files


def ingest_paths(
    paths: Sequence[Path],
    *,
    publish: bool = False,
    progress: Progress | None = None,
    max_bytes: int | None = None,
) -> IngestReport:
    """Ingest files and folders; each document is stored whole or not at all.

    Sends `version_stored` inside each new version's transaction, `version_unchanged` for a file
    already stored as it is, and `ingest_finished` after commit.
    """
    limit = max_bytes if max_bytes is not None else settings.FUDAO_MAX_DOCUMENT_BYTES
    files = collect_paths([Path(p) for p in paths])
    report = IngestReport()
    seen: dict[str, Path] = {}
    for done, path in enumerate(files, start=1):
        report.results.append(_ingest_one(path, publish=publish, limit=limit, seen=seen))
        if progress is not None:
            progress(done, len(files), path)
    changed = report.changed_versions
    transaction.on_commit(lambda: ingest_finished.send(sender=DocumentVersion, changed_versions=changed))
    if publish:
        announce_publish(None)  # the alerts screen the subscriptions against what was published
    return report


def _ingest_one(path: Path, *, publish: bool, limit: int, seen: dict[str, Path]) -> FileResult:
    result = FileResult(path=str(path), stem=path.stem, status="error")
    try:
        data = _read_bytes(path, limit)
        if path.stem in seen:
            raise DocumentError(f"與 {seen[path.stem]} 的文件名稱（{path.stem}）重複")
        seen[path.stem] = path
        current = _current_version(path.stem)
        if current is not None and current.content_hash == content_hash(data):
            with transaction.atomic():
                version_unchanged.send(sender=DocumentVersion, version=current, publish=publish)
            return _unchanged(result, current)
        parsed = parse_document(path, data)
        version = store_document(parsed, source_path=path, publish=publish)
    except DocumentError as exc:
        result.error = str(exc)
        return result
    except Exception as exc:  # a receiver or the store failed: the transaction was rolled back
        log.debug("ingest of %s failed", path, exc_info=True)
        result.error = f"寫入資料庫失敗（{type(exc).__name__}：{exc}）"
        return result
    result.status = "updated" if current is not None else "added"
    result.version_id = version.pk
    result.sections = len(parsed.tree.sections)
    result.passages = len(parsed.passages)
    result.values = sum(len(v) for v in parsed.values)
    return result


def _read_bytes(path: Path, limit: int) -> bytes:
    if not path.exists():
        raise DocumentError("找不到檔案或資料夾")
    if not path.is_file():
        raise DocumentError("不是一般檔案")
    check_supported(path)
    size = path.stat().st_size
    if size > limit:
        raise DocumentError(f"檔案過大（{size / 1048576:.1f} MB，上限 {limit / 1048576:.0f} MB）")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"無法讀取檔案（{exc.strerror}）") from exc


def _current_version(stem: str) -> DocumentVersion | None:
    return DocumentVersion.objects.filter(document__stem=stem, is_current=True).first()


def _unchanged(result: FileResult, version: DocumentVersion) -> FileResult:
    result.status = "unchanged"
    result.sections = version.sections.count()
    result.passages = version.passages.count()
    result.values = ExtractedValue.objects.filter(passage__version=version).count()
    return result


def store_document(parsed: ParsedDocument, *, source_path: Path, publish: bool = False) -> DocumentVersion:
    """Store a parsed document as its current version, replacing the old one in one transaction."""
    with transaction.atomic():
        document, _ = Document.objects.select_for_update().get_or_create(
            stem=parsed.stem, defaults={"title": parsed.title, "source_path": str(source_path)}
        )
        facts = document_facts(parsed.stem, parsed.read.text, parsed.title)
        document.title, document.as_of, document.source_path = facts.title, facts.as_of, str(source_path)
        document.save(update_fields=["title", "as_of", "source_path", "updated_at"])
        document.versions.all().delete()  # the old version, its sections, passages and values
        version = DocumentVersion.objects.create(
            document=document, content_hash=parsed.content_hash, file_format=parsed.read.file_format,
            encoding=parsed.read.encoding, byte_size=parsed.byte_size, line_count=parsed.line_count,
            original_text=parsed.read.text, is_current=True,
        )
        sections = _store_sections(version, parsed)
        _store_passages(version, parsed, sections)
        _hold_for_tests()
        version_stored.send(sender=DocumentVersion, version=version, publish=publish)
    return version


def _store_sections(version: DocumentVersion, parsed: ParsedDocument) -> list[Section]:
    rows = [
        Section(
            version=version, order=node.order, level=node.level, numbering=node.numbering[:40],
            title=node.title[:500], title_path=node.title_path, line_start=node.line_start, line_end=node.line_end,
        )
        for node in parsed.tree.sections
    ]
    Section.objects.bulk_create(rows, batch_size=500)
    children = []
    for row, node in zip(rows, parsed.tree.sections, strict=True):
        if node.parent is not None:
            row.parent = rows[node.parent]
            children.append(row)
    Section.objects.bulk_update(children, ["parent"], batch_size=500)
    return rows


def _store_passages(version: DocumentVersion, parsed: ParsedDocument, sections: list[Section]) -> None:
    rows = []
    for order, draft in enumerate(parsed.passages):
        section = sections[draft.section] if draft.section is not None else None
        rows.append(Passage(
            version=version, section=section, order=order, kind=draft.kind, text=draft.text,
            section_path=section.title_path if section is not None else [],
            line_start=draft.line_start, line_end=draft.line_end,
        ))
    Passage.objects.bulk_create(rows, batch_size=500)
    values = [
        ExtractedValue(passage=row, kind=value.kind[:12], raw=value.raw, value=value.value, line=value.line)
        for row, found in zip(rows, parsed.values, strict=True)
        for value in found
    ]
    ExtractedValue.objects.bulk_create(values, batch_size=1000)


def _hold_for_tests() -> None:
    hold = os.environ.get(HOLD_ENV)
    if hold:
        Path(hold).touch()
        time.sleep(float(os.environ.get("FUDAO_INGEST_HOLD_SECONDS", "60")))
