from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Shared pieces"

    def ready(self):
        from . import cache

        cache.connect_signals()
