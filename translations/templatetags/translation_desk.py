from django import template
from django.utils.translation import get_language_info

from translations.models import languages_for

register = template.Library()


@register.inclusion_tag("translations/index_links.html")
def translation_desk_links(user):
    """ "Translate into <language>" on the admin index, for the languages this person has."""
    return {"languages": [(code, get_language_info(code)["name"]) for code in languages_for(user)]}
