from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "fudao.alerts"
    verbose_name = "新措施通知"

    def ready(self) -> None:
        """Screen the subscriptions after every publish (rules, catalogue, ingest)."""
        from fudao.alerts.running import after_publish
        from fudao.rules import services

        if after_publish not in services.on_publish:
            services.on_publish.append(after_publish)
