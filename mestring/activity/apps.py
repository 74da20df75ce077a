from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "mestring.activity"
    label = "activity"
    verbose_name = "Aktivitetsrapportering"

    def ready(self):
        from auditlog.registry import auditlog

        from mestring.activity import models

        for model in (models.ReportingYear, models.ActivityReport, models.RunActivity, models.RunHomeMunicipality):
            auditlog.register(model)
