from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "fudao.alerts"
    verbose_name = "新措施通知"

    def ready(self) -> None:
        """Screen the subscriptions after every publish (rules, catalogue, ingest); with each of
        the worker's sweeps, delete week-old unconfirmed subscriptions and send digests that waited and
        the news of windows that opened or close within 14 days, and re-screen the enterprises whose
        record changed (their fits, their subscriptions)."""
        from fudao.alerts.changes import sweep_changed_enterprises
        from fudao.alerts.running import run_deferred, run_windows
        from fudao.alerts.services import sweep_unconfirmed
        from fudao.cases.tasks import PERIODIC
        from fudao.documents.signals import measures_published

        measures_published.connect(on_published, dispatch_uid="alerts.after_publish")
        PERIODIC["unconfirmed_alerts_deleted"] = sweep_unconfirmed
        PERIODIC["deferred_alerts"] = run_deferred
        PERIODIC["window_alerts"] = run_windows
        PERIODIC["changed_enterprises"] = sweep_changed_enterprises


def on_published(sender: object, measure_ids: list[str] | None, **kwargs: object) -> None:
    """Queue the screening of every confirmed subscription against what was published."""
    from fudao.alerts.tasks import after_publish

    after_publish(measure_ids)
