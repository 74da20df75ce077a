from django.apps import AppConfig


class OverviewConfig(AppConfig):
    name = "mestring.overview"
    label = "overview"
    verbose_name = "Nasjonale oversikter"

    def ready(self):
        from mestring.overview import cache

        cache.connect_signals()
