from django.apps import AppConfig


class StructureConfig(AppConfig):
    name = "mestring.structure"
    label = "structure"
    verbose_name = "Nasjonal struktur"

    def ready(self):
        from auditlog.registry import auditlog

        from mestring.structure import models

        for model in (models.Unit, models.Catchment, models.ChangeEvent, models.ChangeLink,
                      models.Population, models.BorderWeight):
            auditlog.register(model)
