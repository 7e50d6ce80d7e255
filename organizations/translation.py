from modeltranslation.translator import TranslationOptions, register

from .models import Location, OpeningHours, Organization, Topic


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    # The name stays in its official Dutch form in every language; name_en sits beside it.
    fields = Organization.translated_fields


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = Topic.translated_fields


@register(Location)
class LocationTranslationOptions(TranslationOptions):
    fields = Location.translated_fields


@register(OpeningHours)
class OpeningHoursTranslationOptions(TranslationOptions):
    fields = OpeningHours.translated_fields
