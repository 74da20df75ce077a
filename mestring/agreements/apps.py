from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "mestring.agreements"
    label = "agreements"
    verbose_name = "Samarbeidsavtaler"

    def ready(self):
        from auditlog.registry import auditlog

        from mestring.agreements import models

        for model in (models.Agreement, models.Document, models.DocumentVersion, models.Review):
            auditlog.register(model)
