"""Start Django for command-line use and migrate a new SQLite store on first use."""

from __future__ import annotations

import os

_ready = False


def setup(db_url: str | None = None, migrate: bool = True) -> None:
    """Configure Django once; with `migrate`, bring an embedded SQLite store up to date."""
    global _ready
    if _ready:
        return
    if db_url:
        os.environ["FUDAO_DB"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fudao.settings")
    import django

    django.setup()
    _ready = True
    if migrate:
        migrate_if_embedded()


def migrate_if_embedded() -> None:
    """Apply pending migrations to a SQLite store (PostgreSQL waits for `fudao migrate`),
    under the store's migration lock so that concurrent first starts do not collide."""
    from django.db import connection

    if connection.vendor != "sqlite" or not pending_migrations():
        return
    from fudao.store import migration_lock

    with migration_lock():
        if pending_migrations():  # another process may have migrated while we waited
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)


def pending_migrations() -> bool:
    """Whether the store lacks some migration."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
