from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "mestring.overview"
    label = "overview"
    verbose_name = "Nasjonale oversikter"
