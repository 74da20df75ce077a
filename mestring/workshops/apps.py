from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "mestring.workshops"
    label = "workshops"
    verbose_name = "Dialogkafé"

    def ready(self):
        from auditlog.registry import auditlog

        from mestring.workshops import models

        for model in (models.Workshop, models.Round, models.Question, models.WorkshopTable, models.Heading,
                      models.MergeGroup, models.Note):
            auditlog.register(model)
