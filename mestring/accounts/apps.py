from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mestring.accounts"
    label = "accounts"
    verbose_name = "Kontoer og roller"

    def ready(self):
        from auditlog.registry import auditlog

        from mestring.accounts import models

        auditlog.register(models.User, exclude_fields=["password", "last_login"])
        auditlog.register(models.RoleAssignment)
