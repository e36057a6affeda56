"""`fudao migrate`: bring the store's schema up to date (needed for PostgreSQL)."""

from __future__ import annotations

import typer

from fudao import bootstrap


def register(app: typer.Typer) -> None:
    @app.command()
    def migrate() -> None:
        """建立或更新資料庫結構（PostgreSQL 需先執行）。"""
        bootstrap.setup(migrate=False)
        from django.core.management import call_command

        from fudao.store import migration_lock

        with migration_lock():
            call_command("migrate", interactive=False, verbosity=1)
