"""The full-text index: an FTS5 table on SQLite, a GIN expression index on PostgreSQL."""
from django.db import migrations

FTS = "registry_offer_fts"
GIN = "registry_offer_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {GIN} ON registry_courseoffer "
                              "USING gin (to_tsvector('simple', search_text))")
    else:
        schema_editor.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(stems, tokenize='unicode61 remove_diacritics 0', detail=none)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN}")
    else:
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
