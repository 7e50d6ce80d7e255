from django.apps import AppConfig


class HsdsConfig(AppConfig):
    name = "hsds"
    verbose_name = "HSDS open data"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import KINDS, assign_id, forget_id

        for kind, model in KINDS.items():
            post_save.connect(assign_id, sender=model, dispatch_uid=f"hsds-id-{kind}")
            post_delete.connect(forget_id, sender=model, dispatch_uid=f"hsds-forget-{kind}")
