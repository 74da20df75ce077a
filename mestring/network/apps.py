from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "mestring.network"
    label = "network"
    verbose_name = "Nettverk og arrangementer"

    def ready(self):
        from auditlog.registry import auditlog

        from mestring.network import models

        auditlog.register(models.Event)
        # Only the seat's life cycle is audited: names and addresses must vanish on anonymisation.
        auditlog.register(models.Registration, include_fields=[
            "status", "promoted_at", "cancelled_at", "checked_in_at", "anonymised_at"])
        auditlog.register(models.PersonalDataAccess)
        for model in (models.Representative, models.Training, models.Rate, models.Assignment):
            auditlog.register(model)
        from mestring.network import models_groups as groups
        # Extracted text and search keys are derived, not edited: left out of the trail.
        auditlog.register(groups.Group)
        auditlog.register(groups.Membership)
        auditlog.register(groups.Meeting, exclude_fields=["search_text"])
        auditlog.register(groups.Attachment, exclude_fields=["text", "search_text"])
        auditlog.register(groups.DirectoryEntry, exclude_fields=["search_text"])
        auditlog.register(groups.DirectoryExport)
        models.register_knowledge_audit(auditlog)
