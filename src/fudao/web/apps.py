from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "fudao.web"
    verbose_name = "網站"
