"""Signals the ingest sends, so later steps (search, catalogue) react without documents importing them.

- `version_stored(sender, version, publish)`: inside the ingest transaction, once a new
  DocumentVersion with its sections and passages is saved. Receivers that write to the store
  (the catalogue's extractors) write in the same transaction.
- `ingest_finished(sender, changed_versions)`: after the run commits, with the list of
  DocumentVersion ids that changed (may be empty). Receivers rebuild derived indexes.
"""

from django.dispatch import Signal

version_stored = Signal()
ingest_finished = Signal()
