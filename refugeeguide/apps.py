from django.apps import AppConfig


class RefugeeguideConfig(AppConfig):
    name = "refugeeguide"
    verbose_name = "Refugee Guide NL"

    def ready(self):
        from . import cache

        cache.connect_signals()
