"""The `/metrics` text: request metrics (every worker's, in multiprocess mode) and gauges read
from the store when scraped (task queue depth, running tasks, open SLA breaches)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector


class StoreGauges(Collector):
    """Gauges computed from the store at scrape time (shared by every host)."""

    def collect(self) -> Iterator[Metric]:
        from django.utils import timezone
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        from fudao.cases.models import Case

        tasks = GaugeMetricFamily("fudao_tasks", "Background tasks by status (ready = queue depth)",
                                  labels=["status"])
        for status in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
            tasks.add_metric([status.value.lower()], DBTaskResult.objects.filter(status=status).count())
        yield tasks
        now = timezone.now()
        open_cases = Case.objects.filter(resolved_at__isnull=True, closed_at__isnull=True,
                                         merged_into__isnull=True)
        breaches = GaugeMetricFamily("fudao_sla_breaches_open",
                                     "Open cases past a service-level clock's due time", labels=["clock"])
        breaches.add_metric(["first_response"], open_cases.filter(
            first_response_at__isnull=True, first_response_due__lt=now).count())
        breaches.add_metric(["resolution"], open_cases.filter(resolution_due__lt=now).count())
        yield breaches


def render() -> bytes:
    """The Prometheus text of this host."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
        text = generate_latest(registry)
    else:
        text = generate_latest(REGISTRY)
    store = CollectorRegistry()
    store.register(StoreGauges())
    return text + generate_latest(store)
