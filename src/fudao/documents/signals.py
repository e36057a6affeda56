"""Signals the ingest sends, so later steps (search, catalogue) react without documents importing them.

- `version_stored(sender, version, publish)`: inside the ingest transaction, once a new
  DocumentVersion with its sections and passages is saved. Receivers that write to the store
  (the catalogue's extractors) write in the same transaction.
- `version_unchanged(sender, version, publish)`: inside a transaction, for a file whose content
  is the current version's (nothing is stored again), so that receivers still act on the run's
  options (the catalogue publishes the document's measures under `--publish`).
- `ingest_finished(sender, changed_versions)`: after the run commits, with the list of
  DocumentVersion ids that changed (may be empty). Receivers rebuild derived indexes.
"""

from django.dispatch import Signal

version_stored = Signal()
version_unchanged = Signal()
ingest_finished = Signal()
