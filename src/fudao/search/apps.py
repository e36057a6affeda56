from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "fudao.search"
    verbose_name = "搜尋"
