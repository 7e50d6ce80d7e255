from django.conf import settings
from django.db import models

from common.models import TRANSLATED_LANGUAGES


class Translator(models.Model):
    """The languages one person may translate content into, at the translator's desk."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translator"
    )
    languages = models.JSONField(
        default=list, blank=True, help_text='Language codes, e.g. ["ar", "fa"].'
    )

    class Meta:
        permissions = [("translate", "Can translate content into their assigned languages")]

    def __str__(self):
        return f"{self.user}: {', '.join(self.languages) or 'no languages'}"


def languages_for(user):
    """The languages this person may translate into: all for Reviewers, else their own.

    Not all for Editors: a translation saved here is live at once, while an Editor's change to
    a published entry waits for a Reviewer (workflow.PendingChange). Editors translate in the
    entry's own admin form, or are made Translators for their languages.
    """
    if not user.is_active or not user.is_staff:
        return []
    if user.is_superuser or user.has_perm("organizations.publish_organization"):
        return list(TRANSLATED_LANGUAGES)
    if not user.has_perm("translations.translate"):
        return []
    translator = Translator.objects.filter(user=user).first()
    return [code for code in TRANSLATED_LANGUAGES if translator and code in translator.languages]
