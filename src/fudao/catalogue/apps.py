from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "fudao.catalogue"
    verbose_name = "輔導措施目錄"

    def ready(self) -> None:
        """Extract measures whenever the ingest stores a new document version; publish those of
        an unchanged document when the ingest publishes; name the published measures in answers."""
        from fudao.catalogue.services import published_measures
        from fudao.catalogue.sync import on_version_stored, on_version_unchanged
        from fudao.documents.signals import version_stored, version_unchanged
        from fudao.search import directory

        directory.install(published_measures)

        version_stored.connect(on_version_stored, dispatch_uid="catalogue.extract_measures")
        version_unchanged.connect(on_version_unchanged, dispatch_uid="catalogue.publish_unchanged")
