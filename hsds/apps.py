from django.apps import AppConfig


class HsdsConfig(AppConfig):
    name = "hsds"
    verbose_name = "HSDS open data"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from organizations.models import OpeningHours, Organization

        from .models import (
            KINDS,
            assign_id,
            forget_id,
            mark_changed,
            mark_organization_changed,
        )

        for kind, model in KINDS.items():
            post_save.connect(assign_id, sender=model, dispatch_uid=f"hsds-id-{kind}")
            post_delete.connect(forget_id, sender=model, dispatch_uid=f"hsds-forget-{kind}")
        # After the ids above, so a new entry's id is there to mark.
        for model in [*KINDS.values(), OpeningHours]:
            uid = f"hsds-changed-{model._meta.label}"
            post_save.connect(mark_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(mark_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for through in (Organization.topics.through, Organization.municipalities.through):
            m2m_changed.connect(
                mark_organization_changed,
                sender=through,
                dispatch_uid=f"hsds-{through._meta.label}",
            )
