from django import template
from django.conf import settings

from workflow.models import PendingChange
from workflow.selectors import due_counts

register = template.Library()


@register.inclusion_tag("admin/workflow/review_summary.html", takes_context=True)
def review_summary(context):
    user = context["request"].user
    if not user.has_perm("organizations.view_organization"):
        return {"counts": None}
    return {
        "counts": due_counts(),
        "days": settings.REVIEW_AFTER_DAYS,
        "pending": PendingChange.objects.waiting().count(),
    }
