import django_filters
from django import forms
from django.conf import settings
from django.core.validators import validate_slug
from django.db import connection
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from procedures.models import Stage
from search.query import Search

from .models import Municipality, Organization, Topic, language_name

# The languages the directory can filter by: the site's own and others many people who seek
# asylum here speak (Dari, Pashto, Amharic, Kurdish ...), named in the visitor's language.
SPOKEN_LANGUAGES = (
    *(code for code, _name in settings.LANGUAGES),
    *("prs", "ps", "am", "ku", "ckb", "ru", "fr", "es", "ur", "hy", "ka", "sq"),
)


def spoken_language_choices():
    return sorted(((code, language_name(code)) for code in SPOKEN_LANGUAGES), key=lambda c: c[1])


UNKNOWN_CHOICE = _("We do not know this choice, so we left it out.")


class SearchField(forms.CharField):
    """Free text: NUL characters are dropped rather than refused; the rest is searched."""

    default_error_messages = {
        "max_length": _("This search is too long. Use at most %(limit_value)d characters."),
    }

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class SlugChoiceField(ModelChoiceField):
    """Checks that a value looks like a slug before asking the database for it.

    A NUL byte or a 5,000-character value then becomes a plain "not a valid choice" beside
    the field, instead of a database error.
    """

    def to_python(self, value):
        if value not in self.empty_values:
            try:
                validate_slug(value)
            except forms.ValidationError:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
            if len(value) > 50:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        # Our own words, so the message is translated in every language (Django has no Tigrinya).
        kwargs.setdefault("error_messages", {"invalid_choice": UNKNOWN_CHOICE})
        super().__init__(*args, **kwargs)


class OrganizationFilter(django_filters.FilterSet):
    # A page ranks a bounded number of matches (search/backends.py); an export wants them all.
    bounded_search = True

    q = SearchFilter(
        label=_("Search"),
        method="search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    stage = SlugChoiceFilter(
        label=_("Stage"),
        queryset=Stage.objects.only("slug", "title"),
        method="filter_stage",
        empty_label=_("All stages"),
    )
    municipality = SlugChoiceFilter(
        label=_("Municipality"),
        queryset=Municipality.objects.only("slug", "name"),
        method="filter_municipality",
        empty_label=_("All municipalities"),
    )
    topic = SlugChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.only("slug", "name"),
        method="filter_topic",
        empty_label=_("All topics"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organization"),
        choices=Organization.Kind.choices,
        empty_label=_("All kinds"),
        error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )
    language = django_filters.ChoiceFilter(
        label=_("Language spoken"),
        choices=spoken_language_choices,  # called per form, so named in the page's language
        method="filter_language",
        empty_label=_("All languages"),
        error_messages={"invalid_choice": UNKNOWN_CHOICE},
    )
    open = django_filters.BooleanFilter(
        label=_("Open now"),
        widget=forms.CheckboxInput,
        method="filter_open",
    )

    class Meta:
        model = Organization
        fields = ["q", "stage", "municipality", "topic", "kind", "language", "open"]

    def filter_queryset(self, queryset):
        filtered = queryset
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                filtered = self.filters[name].filter(filtered, value)
        if filtered is not queryset and connection.vendor == "sqlite":
            # The filters pick ids, from indexes alone; only the rows picked are then read
            # whole. Asked in one query, SQLite read each organization of the stage whole (its
            # texts in eight languages) to check the other filters: 11 ms against 5 at 10,000.
            # PostgreSQL plans the one query well, and this one badly (it took the ids for
            # many and walked the names in order to find twenty).
            queryset = queryset.filter(pk__in=filtered.values("pk"))
        else:
            queryset = filtered
        # The search last: it ranks a bounded number of matches (search/backends.py), which
        # must be those the other filters keep.
        return self.filters["q"].filter(queryset, self.form.cleaned_data.get("q"))

    def search(self, queryset, name, value):
        """The site's search (search/), best match first, in every language at once."""
        return Search(value).organizations(queryset, bounded=self.bounded_search)

    def filter_stage(self, queryset, name, value):
        return value.organizations_in(queryset)

    def filter_municipality(self, queryset, name, value):
        return queryset.for_municipality(value)

    def filter_topic(self, queryset, name, value):
        return queryset.for_topic(value)

    def filter_language(self, queryset, name, value):
        return queryset.speaking(value)

    def filter_open(self, queryset, name, value):
        # Unticked is "any": only a ticked box narrows the list.
        return queryset.open_at() if value else queryset


class OrganizationExportFilter(OrganizationFilter):
    bounded_search = False
