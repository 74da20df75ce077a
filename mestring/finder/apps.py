from django.apps import AppConfig


class FinderConfig(AppConfig):
    name = "mestring.finder"
    label = "finder"
    verbose_name = "Kurssøk"
