from django.db import migrations


def seed(apps, schema_editor):
    from mestring.registry.vocabularies import seed as seed_terms

    seed_terms(apps.get_model("registry", "Taxonomy"), apps.get_model("registry", "TaxonomyTerm"))


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_search_index")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
