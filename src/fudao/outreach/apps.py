from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "fudao.outreach"
    label = "outreach"
    verbose_name = "外撥活動"
    default_auto_field = "django.db.models.BigAutoField"
