"""Signals the ingest sends, so later steps (search, catalogue) react without documents importing them.

- `version_stored(sender, version, publish)`: inside the ingest transaction, once a new
  DocumentVersion with its sections and passages is saved. Receivers that write to the store
  (the catalogue's extractors) write in the same transaction.
- `version_unchanged(sender, version, publish)`: inside a transaction, for a file whose content
  is the current version's (nothing is stored again), so that receivers still act on the run's
  options (the catalogue publishes the document's measures under `--publish`).
- `ingest_finished(sender, changed_versions)`: after the run commits, with the list of
  DocumentVersion ids that changed (may be empty). Receivers rebuild derived indexes.
- `measures_published(sender, measure_ids)`: after the commit of a publish — an ingest with
  `--publish` (measure_ids None: any), the catalogue's review, a rules file published — so
  that the alerts screen the subscriptions. Send it with `announce_publish`.
"""

from django.db import transaction
from django.dispatch import Signal

version_stored = Signal()
version_unchanged = Signal()
ingest_finished = Signal()
measures_published = Signal()


def announce_publish(measure_ids: list[str] | None, sender: object = None) -> None:
    """Send `measures_published` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: measures_published.send(sender=sender, measure_ids=measure_ids))
