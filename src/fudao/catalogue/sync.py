"""Write extracted drafts to the catalogue: create or update measures, keep editors' values.

A field an editor changed is in `locked_fields`: re-extraction never overwrites it; when the
source's extracted value changes under it, a diff (old extracted, new extracted, editor value)
is recorded in `source_diffs` and a review flag is raised. Measures the new version no longer
lists are retired. Publishing (on ingest with `publish`, or by an editor) moves draft and
reviewed measures to published and leaves every field as it is.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from fudao.catalogue.draft import MEASURE_FIELDS, DraftMeasure
from fudao.catalogue.models import Measure
from fudao.documents.models import Document, DocumentVersion

DIFF_FLAG = "來源已變動：請檢視已編輯欄位的新舊擷取值"
GONE_FLAG = "來源文件新版本已不再列出此措施"
PUBLISHABLE = (Measure.Status.DRAFT, Measure.Status.REVIEWED)
_LIST_FIELDS = {"aliases", "service_items", "benefits", "applicant_types", "required_documents",
                "executing_units", "contacts", "websites", "mittelstand_preferences",
                "contact_directory"}


def _empty(field: str) -> Any:
    return [] if field in _LIST_FIELDS else None if field in ("window", "listing") else ""


def extracted_values(draft: DraftMeasure) -> dict[str, Any]:
    """Every public field of a draft, empty where the extractor found nothing."""
    return {f: draft.fields.get(f, _empty(f)) for f in MEASURE_FIELDS}


def apply_draft(measure: Measure, draft: DraftMeasure, version: DocumentVersion | None, *, publish: bool) -> None:
    """Update one measure from its draft, respecting the editor's locked fields."""
    old = measure.extracted or {}
    new = extracted_values(draft)
    now = timezone.now()
    for field in MEASURE_FIELDS:
        if field in measure.locked_fields:
            if old and old.get(field) != new[field]:
                measure.source_diffs = [*measure.source_diffs, {
                    "field": field, "old_extracted": old.get(field), "new_extracted": new[field],
                    "editor_value": measure.get_value(field), "at": now.isoformat(),
                }]
        else:
            measure.set_value(field, new[field])
    if measure.status == Measure.Status.RETIRED and GONE_FLAG in measure.review_flags:
        measure.status = Measure.Status.DRAFT  # listed again by the document
    measure.extracted = new
    measure.sources = draft.sources
    flags = list(draft.review_flags)
    if measure.source_diffs:
        flags.append(DIFF_FLAG)
    measure.review_flags = flags
    if version is not None:
        measure.document, measure.version = version.document, version
    measure.line_start, measure.line_end = draft.line_start, draft.line_end
    measure.last_checked = now
    if publish and measure.status in PUBLISHABLE:
        measure.status = Measure.Status.PUBLISHED


def _history_entry(*, document: Document, name: str, agency: str, line_start: int | None,
                   line_end: int | None, contacts: list[Any], sources: dict[str, Any]) -> dict[str, Any]:
    return {"doc": document.stem, "title": document.title,
            "as_of": document.as_of.isoformat() if document.as_of else None,
            "name": name, "agency": agency, "line_start": line_start, "line_end": line_end,
            "contacts": contacts, "sources": sources}


def _leads(document: Document, measure: Measure) -> bool:
    """Whether `document` should give the measure its facts: it already does, or it is newer."""
    if measure.document_id in (None, document.pk):
        return True
    return (document.as_of or date.min) > (measure.as_of or date.min)


def _without_doc(history: list[dict[str, Any]], stem: str) -> list[dict[str, Any]]:
    return [h for h in history if h.get("doc") != stem]


def _demote_lead(measure: Measure) -> None:
    """The measure's leading document is replaced by a newer one: keep the old facts as history."""
    old = measure.document
    if old is None:
        return
    entry = _history_entry(document=old, name=measure.name, agency=measure.agency,
                           line_start=measure.line_start, line_end=measure.line_end,
                           contacts=measure.contacts, sources=measure.sources)
    measure.history = [*_without_doc(measure.history, old.stem), entry]


def store_drafts(version: DocumentVersion, drafts: list[DraftMeasure], *, publish: bool = False) -> dict[str, int]:
    """Create or update the measures of one document version; retire those it no longer lists.

    A programme another document already gave a measure (the same id) stays one measure: the
    newer document's facts lead and the older one is kept in `history`; re-ingesting either
    document keeps that order.
    """
    counts = {"created": 0, "updated": 0, "retired": 0}
    document = version.document
    seen: set[str] = set()
    existing = Measure.objects.select_related("document").in_bulk([d.slug for d in drafts])
    created: dict[str, Measure] = {}
    for draft in drafts:
        measure = existing.get(draft.slug)
        if measure is None:
            measure = created.setdefault(draft.slug, Measure(id=draft.slug, status=Measure.Status.DRAFT))
        seen.add(draft.slug)
        if draft.slug in existing and not _leads(document, measure):
            entry = _history_entry(document=document, name=draft.name, agency=draft.fields.get("agency", ""),
                                   line_start=draft.line_start, line_end=draft.line_end,
                                   contacts=draft.fields.get("contacts", []), sources=draft.sources)
            history = [*_without_doc(measure.history, document.stem), entry]
            if history != measure.history:
                measure.history = history
                measure.save(update_fields=["history", "updated_at"])
            counts["updated"] += 1
            continue
        if draft.slug in existing and measure.document_id not in (None, document.pk):
            _demote_lead(measure)
        apply_draft(measure, draft, version, publish=publish)
        measure.as_of = document.as_of
        measure.history = _without_doc(measure.history, document.stem)
        if draft.slug in existing:
            measure.save()
            counts["updated"] += 1
    # One INSERT for the new measures (a first ingest creates them all).
    Measure.objects.bulk_create(created.values())
    counts["created"] = len(created)
    for gone in Measure.objects.filter(document=document).exclude(pk__in=seen):
        if gone.status != Measure.Status.RETIRED:
            gone.status = Measure.Status.RETIRED
            gone.review_flags = [*gone.review_flags, GONE_FLAG]
            gone.save()
            counts["retired"] += 1
    for other in Measure.objects.exclude(pk__in=seen).exclude(document=document).only("id", "history"):
        kept = _without_doc(other.history, document.stem)
        if kept != other.history:  # an older document no longer names this programme
            other.history = kept
            other.save(update_fields=["history", "updated_at"])
    return counts


def on_version_stored(sender: Any, version: DocumentVersion, publish: bool = False, **kwargs: Any) -> None:
    """Signal receiver: extract the new version's measures, in the ingest's transaction."""
    from fudao.catalogue.extract import extract_all

    drafts = extract_all(version.original_text.splitlines(), version.document.stem)
    store_drafts(version, drafts, publish=publish)


def set_status(measures: QuerySet[Measure], status: str) -> int:
    """Give many measures one status at once (fields untouched); returns how many changed.
    Touches `updated_at`, so the caches of published measures and pages see the change."""
    return measures.update(status=status, updated_at=timezone.now())


def publish_document_measures(document: Document) -> int:
    """Publish the draft and reviewed measures of one document; returns how many."""
    return set_status(Measure.objects.filter(document=document, status__in=PUBLISHABLE),
                      Measure.Status.PUBLISHED)


def on_version_unchanged(sender: Any, version: DocumentVersion, publish: bool = False, **kwargs: Any) -> None:
    """Signal receiver: a file ingested again as it was; under `publish`, publish its measures."""
    if publish:
        publish_document_measures(version.document)
