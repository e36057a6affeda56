from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "fudao.documents"
    verbose_name = "文件與知識庫"
