from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "mestring.registry"
    label = "registry"
    verbose_name = "Tjenesteregister"

    def ready(self):
        from auditlog.registry import auditlog

        from mestring.registry import models, signals  # noqa: F401  (signals keep the search index fresh)

        for model in (models.Taxonomy, models.TaxonomyTerm, models.Service, models.ServiceMembership,
                      models.Contact, models.Location, models.OpeningHours, models.CourseRun):
            auditlog.register(model)
        auditlog.register(models.CourseOffer, m2m_fields={"diagnosis_groups", "target_groups", "locations"},
                          exclude_fields=["search_text", "modified"])
        auditlog.register(models.ApiToken, exclude_fields=["secret_hash", "last_used"])
