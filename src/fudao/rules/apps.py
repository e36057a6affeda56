from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "fudao.rules"
    verbose_name = "資格規則"

    def ready(self) -> None:
        """Record the package's rules files after each migrate (the initial load)."""
        from django.db.models.signals import post_migrate

        post_migrate.connect(_initial_load, sender=self)


def _initial_load(using: str = "default", **kwargs: object) -> None:
    from django.db import connections

    from fudao.rules.models import RuleVersion
    from fudao.rules.services import sync_package_rules

    if RuleVersion._meta.db_table in connections[using].introspection.table_names():
        sync_package_rules()
