from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "fudao.search"
    verbose_name = "搜尋"

    def ready(self) -> None:
        """Rebuild the search index after every ingest run."""
        from fudao.documents.signals import ingest_finished
        from fudao.search.index import refresh

        ingest_finished.connect(refresh, dispatch_uid="fudao.search.refresh")
