from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "fudao.audit"
    label = "audit"
    verbose_name = "稽核紀錄"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from fudao.audit import receivers

        receivers.connect()
