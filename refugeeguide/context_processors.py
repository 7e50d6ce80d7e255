from django.conf import settings
from django.utils.translation import get_language, get_language_info

from common.urls import in_language


def languages(request):
    """The current page in every language, as plain links: no form, no cookie, no JavaScript."""
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": in_language(request, code),
                "bidi": info["bidi"],
                "is_current": code == current,
                "is_default": code == settings.LANGUAGE_CODE,
            }
        )
    return {"language_links": links}
