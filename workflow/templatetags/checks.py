"""How a person checked an entry, in the visitor's language ("by phone")."""

from django import template

from workflow.models import Verification

register = template.Library()


@register.filter
def check_method(value):
    try:
        return Verification.Method(value).label
    except ValueError:
        return ""
