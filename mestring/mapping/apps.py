from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "mestring.mapping"
    label = "mapping"
    verbose_name = "Kartlegging"

    def ready(self):
        from auditlog.registry import auditlog

        from mestring.mapping import models

        for model in (models.Campaign, models.Phase, models.Questionnaire, models.Question, models.Choice,
                      models.Recipient, models.AccessToken, models.Response, models.MessageTemplate,
                      models.Mailing, models.Message, models.CallList, models.CallTarget, models.CallAttempt,
                      models.ExportLog, models.RegistryUpdate):
            auditlog.register(model, exclude_fields=["token_hash"] if model is models.AccessToken else None)
