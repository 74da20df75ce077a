from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    name = "mestring.overview"
    label = "overview"
    verbose_name = "Nasjonale oversikter"
    menu_label = _("Oversikter")  # the site menu's link in core/base.html; translated in this app's catalogue

    def ready(self):
        from mestring.overview import cache

        cache.connect_signals()
