"""A registry data version that every write changes, kept by database triggers.

Triggers rather than Django signals: bulk_create, queryset.update(), raw SQL and imports change
the version too, whichever code made the write. The token is random (not a counter) so that a
rolled-back transaction cannot bring back an old value that a cache still holds an answer for.
SQLite triggers fire per row; PostgreSQL's fire once per statement.
"""
from django.db import migrations, models

TABLES = ["registry_taxonomy", "registry_taxonomyterm", "registry_service", "registry_servicemembership",
          "registry_contact", "registry_location", "registry_openinghours", "registry_courseoffer",
          "registry_courseoffer_diagnosis_groups", "registry_courseoffer_target_groups",
          "registry_courseoffer_locations", "registry_courserun", "structure_unit"]
BUMP_SQLITE = ("INSERT INTO registry_dataversion (id, token) VALUES (1, random()) "
               "ON CONFLICT(id) DO UPDATE SET token = excluded.token;")
BUMP_PG = ("INSERT INTO registry_dataversion (id, token) VALUES (1, (random() * 9.0e18)::bigint) "
           "ON CONFLICT (id) DO UPDATE SET token = excluded.token")


def create(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute("CREATE OR REPLACE FUNCTION registry_bump_data_version() RETURNS trigger AS $$ "
                f"BEGIN {BUMP_PG}; RETURN NULL; END $$ LANGUAGE plpgsql")
        for table in TABLES:
            execute(f"CREATE TRIGGER {table}_dv AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION registry_bump_data_version()")
    else:
        for table in TABLES:
            for op in ("INSERT", "UPDATE", "DELETE"):
                execute(f"CREATE TRIGGER {table}_dv_{op.lower()} AFTER {op} ON {table} BEGIN {BUMP_SQLITE} END")
    execute("INSERT INTO registry_dataversion (id, token) VALUES (1, 1)")


def drop(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            execute(f"DROP TRIGGER IF EXISTS {table}_dv ON {table}")
        execute("DROP FUNCTION IF EXISTS registry_bump_data_version()")
    else:
        for table in TABLES:
            for op in ("insert", "update", "delete"):
                execute(f"DROP TRIGGER IF EXISTS {table}_dv_{op}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_vocabularies"), ("structure", "0001_initial")]
    operations = [
        migrations.CreateModel(name="DataVersion", fields=[
            ("id", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
            ("token", models.BigIntegerField(default=0)),
        ], options={"verbose_name": "dataversjon"}),
        migrations.RunPython(create, drop),
    ]
