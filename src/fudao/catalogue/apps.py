from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "fudao.catalogue"
    verbose_name = "輔導措施目錄"
