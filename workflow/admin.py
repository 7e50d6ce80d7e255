"""History, undo and no lost edits for every content admin; the checks Reviewers record."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ObjectDoesNotExist
from django.db import models, transaction
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .history import changes, shorten
from .models import Verification
from .selectors import deleted_entries, due_for_review

VERSION_FIELD = "edit_version"


def latest_version(obj):
    """The id of the newest history row of `obj`: the version an editor's form was made from.

    Entries that came in by `loaddata` have no history yet (simple-history skips raw saves):
    they get a baseline row the first time an editor opens them, so a later conflict can say
    field by field what changed since then.
    """
    history = type(obj).history
    version = history.filter(**{obj._meta.pk.attname: obj.pk}).order_by("-history_id")
    newest = version.values_list("history_id", flat=True).first()
    if newest is None:
        history.bulk_history_create([obj], default_change_reason="baseline")
        newest = history.filter(**{obj._meta.pk.attname: obj.pk}).latest("history_id").history_id
    return newest


def changes_since(obj, version):
    """What others saved after `version`: one (who, when, [Change]) per save."""
    history = type(obj).history.filter(**{obj._meta.pk.attname: obj.pk})
    previous = history.filter(history_id=version).first()
    saves = []
    for record in history.filter(history_id__gt=version or 0).order_by("history_id"):
        saves.append((record.history_user, record.history_date, changes(record, previous)))
        previous = record
    return saves


class VersionedForm(forms.ModelForm):
    """Carries the version the editor started from; a save over a newer version is refused."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial[VERSION_FIELD] = latest_version(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or VERSION_FIELD not in self.data:
            return cleaned
        started_from = cleaned.get(VERSION_FIELD)
        history = type(self.instance).history.filter(
            **{self.instance._meta.pk.attname: self.instance.pk}
        )
        newest = history.order_by("-history_id").values_list("history_id", flat=True).first()
        if newest is not None and newest != started_from:
            raise forms.ValidationError(self.conflict_message(started_from), code="conflict")
        return cleaned

    def conflict_message(self, started_from):
        lines = []
        for user, when, fields in changes_since(self.instance, started_from):
            changed = (
                "; ".join(
                    f"{change.label}: {shorten(change.old)} → {shorten(change.new)}"
                    for change in fields
                )
                or "no field you can see"
            )
            when = timezone.localtime(when).strftime("%d %b %Y %H:%M")
            lines.append(f"{user or 'someone'} saved it at {when} ({changed})")
        return (
            "Someone else saved this entry after you opened it, so your changes were NOT saved: "
            + ". ".join(lines)
            + ". Open the entry again to see the current version, then make your changes again."
        )


def safe_str(obj):
    """An entry's name even when something it names in its title was deleted."""
    try:
        return str(obj)
    except ObjectDoesNotExist:
        return f"{obj._meta.verbose_name} #{obj.pk}"


def missing_relations(obj):
    """The verbose names of the entries this (restored) version points to that no longer exist."""
    missing = []
    for field in obj._meta.concrete_fields:
        if field.is_relation and getattr(obj, field.attname) is not None:
            target = field.related_model._default_manager.filter(pk=getattr(obj, field.attname))
            if not target.exists():
                missing.append(str(field.verbose_name))
    return missing


class _Named:
    """Stands in for a restored version in the page's title and breadcrumbs, whose own name may
    need an entry that was deleted (an office's name starts with its organization's)."""

    def __init__(self, obj):
        self.pk = obj.pk
        self.name = safe_str(obj)

    def __str__(self):
        return self.name


class HistoryAdmin(SimpleHistoryAdmin):
    """History and undo (django-simple-history) and no lost edits, for a content admin.

    Put it first among the bases, before modeltranslation's TranslationAdmin.
    """

    form = VersionedForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and VERSION_FIELD not in flatten_fieldsets(fieldsets):
            name, options = fieldsets[0]
            fieldsets = [
                (name, {**options, "fields": [*options["fields"], VERSION_FIELD]}),
                *fieldsets[1:],
            ]
        return fieldsets

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:
            fields = [field for field in fields if field != VERSION_FIELD]
        return fields

    def history_view_title(self, request, obj):
        return f"History: {safe_str(obj)}"

    def history_form_view_title(self, request, obj):
        return f"Restore this version of {safe_str(obj)}"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        record = self.model.history.filter(
            **{self.model._meta.pk.attname: object_id, "history_id": version_id}
        ).first()
        if record is not None:
            missing = missing_relations(record.instance)
            if missing:
                self.message_user(
                    request,
                    "This version belongs to an entry that was deleted since ("
                    + ", ".join(missing)
                    + "). Recover that entry first, or choose another one below; "
                    "nothing was restored.",
                    messages.WARNING,
                )
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        if "original" in context:
            context["original"] = _Named(context["original"])
        return super().render_history_view(request, template, context, **kwargs)


class ChecksForm(forms.Form):
    method = forms.ChoiceField(label="How was it checked?", choices=Verification.Method.choices)
    source_url = forms.URLField(
        label="Against which source (web address)?", required=False, assume_scheme="https"
    )
    note = forms.CharField(label="Note for editors", required=False, max_length=300)


@admin.action(
    description="Record a check of the selected organizations (today)",
    permissions=["verify"],
)
def mark_checked_today(modeladmin, request, queryset):
    """An intermediate page asks how the entries were checked and against what."""
    if "apply" in request.POST:
        form = ChecksForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                for organization in queryset:
                    Verification.objects.create(
                        organization=organization, checked_by=request.user, **form.cleaned_data
                    )
            modeladmin.message_user(request, f"{queryset.count()} marked as checked today.")
            return None
    else:
        form = ChecksForm()
    return render(
        request,
        "admin/workflow/record_checks.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": "How were these entries checked?",
            "form": form,
            "entries": queryset,
            "opts": modeladmin.model._meta,
            "action": "mark_checked_today",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


class VerificationInline(admin.TabularInline):
    model = Verification
    extra = 0
    fields = ["checked_on", "method", "source_url", "checked_by", "note"]
    readonly_fields = ["checked_by"]
    verbose_name = "check by a person"
    verbose_name_plural = "checks by a person (newest first)"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("organizations.verify_organization")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("organizations.verify_organization")

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("checked_by")


@admin.register(Verification)
class VerificationAdmin(admin.ModelAdmin):
    list_display = ["entry_name", "checked_on", "method", "checked_by", "source_link"]
    list_filter = ["method", "checked_on"]
    list_select_related = ["organization", "location__organization", "checked_by"]
    search_fields = ["organization__name", "location__name", "location__organization__name"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["checked_by"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="entry")
    def entry_name(self, obj):
        return safe_str(obj.entry)

    @admin.display(description="source")
    def source_link(self, obj):
        if obj.source_url:
            return format_html(
                '<a href="{}" rel="noreferrer">{}</a>', obj.source_url, obj.source_url
            )
        return "-"

    def save_model(self, request, obj, form, change):
        if not obj.checked_by_id:
            obj.checked_by = request.user
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request):
        return request.user.has_perm("organizations.verify_organization")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("organizations.verify_organization")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("due/", view(self.due_view), name="workflow_due"),
            path("deleted/", view(self.deleted_view), name="workflow_deleted"),
            *super().get_urls(),
        ]

    def due_view(self, request):
        """Entries never checked or checked too long ago, and those with open reports."""
        if not request.user.has_perm("organizations.view_organization"):
            raise admin.sites.PermissionDenied
        return TemplateResponse(
            request,
            "admin/workflow/due.html",
            {
                **self.admin_site.each_context(request),
                "title": "Due for review",
                "due": due_for_review(),
            },
        )

    def deleted_view(self, request):
        """Deleted entries, newest first, each with a link to restore its last version."""
        if not request.user.has_perm("organizations.view_organization"):
            raise admin.sites.PermissionDenied
        return TemplateResponse(
            request,
            "admin/workflow/deleted.html",
            {
                **self.admin_site.each_context(request),
                "title": "Deleted entries you can recover",
                "entries": deleted_entries(),
            },
        )
