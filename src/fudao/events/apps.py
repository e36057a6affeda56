from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "fudao.events"
    label = "events"
    verbose_name = "活動"
