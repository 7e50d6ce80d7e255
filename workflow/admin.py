"""History, undo and no lost edits for every content admin; the checks Reviewers record."""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models, transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from .history import changes, shorten
from .models import PendingChange, Verification
from .pending import approving, replay, submitted_form, trial
from .preview import preview, preview_url
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
        if self.instance.pk is None or self.add_prefix(VERSION_FIELD) not in self.data:
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
        if self.prefix:  # an inline: name the office, role or step
            return (
                f"Someone else saved \u201c{safe_str(self.instance)}\u201d after you opened it, "
                "so your changes to it were NOT saved: " + self.what_changed(started_from)
            )
        return (
            "Someone else saved this entry after you opened it, so your changes were NOT saved: "
            + self.what_changed(started_from)
        )

    def what_changed(self, started_from):
        lines = []
        for user, when, fields in changes_since(self.instance, started_from):
            changed = (
                "; ".join(
                    f"{change.label}: {shorten(change.old)} → {shorten(change.new)}"
                    for change in fields
                )
                or "none of its own fields; perhaps its offices, roles or steps, "
                "each shown below if you changed it too"
            )
            when = timezone.localtime(when).strftime("%d %b %Y %H:%M")
            lines.append(f"{user or 'someone'} saved it at {when} ({changed})")
        return (
            ". ".join(lines)
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


def publishes(request):
    """Whether this request's user may make a change live at once (Reviewers), rather than
    propose it. A replayed pending change is the Editor's submission, never a publication."""
    if getattr(request, "replaying", None) is not None:
        return False
    return request.user.has_perm("organizations.publish_organization")


class VersionedInline:
    """An inline (offices, roles, steps) whose every row carries the version it was opened at,
    so two editors changing the same office conflict as they do on the entry itself."""

    form = VersionedForm

    def get_fields(self, request, obj=None):
        fields = [field for field in super().get_fields(request, obj) if field != VERSION_FIELD]
        return [*fields, VERSION_FIELD]


class HistoryAdmin(SimpleHistoryAdmin):
    """History and undo (django-simple-history), no lost edits, drafts and pending changes and
    the preview, for a content admin.

    Put it first among the bases, before modeltranslation's TranslationAdmin.
    """

    form = VersionedForm

    # -- What is live, and who may change it at once ------------------------------------------

    def is_live(self, obj):
        """Whether visitors see `obj` now (as stored, not as the form being saved has it).
        Stages, steps and glossary terms have no draft state: always live."""
        return obj is not None and obj.pk is not None

    def is_live_when_added(self, obj):
        """Whether a new `obj` would be seen by visitors as soon as it is saved (a new term or
        step: yes; a new organization: no, it is a draft)."""
        return True

    def _proposing(self, request):
        return not publishes(request) and getattr(request, "replaying", None) is None

    def waits_for_review(self, request, obj, change=True):
        if obj is None or not self._proposing(request):
            return False
        if change:
            return obj.pk is not None and self.is_live(obj)
        return self.is_live_when_added(obj)

    def save_model(self, request, obj, form, change):
        if self.waits_for_review(request, obj, change):
            if change:
                name = safe_str(type(obj)._default_manager.get(pk=obj.pk))
            else:
                name = f"new {obj._meta.verbose_name}: {safe_str(obj)}"
            request.pending_change = PendingChange.objects.create(
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=obj.pk if change else None,
                entry_name=name[:300],
                data=submitted_form(request.POST),
                based_on=form.cleaned_data.get(VERSION_FIELD),
                created_by=request.user,
            )
            return  # the live rows stay as they are
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "pending_change", None) is None:
            super().save_related(request, form, formsets, change)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "pending_change", None) is not None:
            return ""  # nothing was saved: the formsets were validated, not saved
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        if getattr(request, "pending_change", None) is None:
            return super().log_change(request, obj, message)
        return None

    def log_addition(self, request, obj, message):
        if getattr(request, "pending_change", None) is None:
            return super().log_addition(request, obj, message)
        return None

    def _waits(self, request, pending):
        self.message_user(
            request,
            f"Your change (\u201c{pending.entry_name}\u201d) waits for a Reviewer. Visitors "
            "still see the published version until it is approved; you can follow it under "
            "Pending changes.",
            messages.SUCCESS,
        )
        return redirect("admin:workflow_pendingchange_change", pending.pk)

    def response_change(self, request, obj):
        pending = getattr(request, "pending_change", None)
        if pending is None:
            return super().response_change(request, obj)
        return self._waits(request, pending)

    def response_add(self, request, obj, post_url_continue=None):
        pending = getattr(request, "pending_change", None)
        if pending is None:
            return super().response_add(request, obj, post_url_continue)
        return self._waits(request, pending)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self.tell_about_pending_changes(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def tell_about_pending_changes(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            return
        proposed = PendingChange.objects.for_entry(obj)
        waiting = proposed.waiting().count()
        if waiting:
            self.message_user(
                request,
                f"{waiting} proposed change{'s' if waiting > 1 else ''} to this entry "
                f"wait{'' if waiting > 1 else 's'} for a Reviewer (see Pending changes).",
                messages.INFO,
            )
        rejected = proposed.filter(
            status=PendingChange.Status.REJECTED,
            created_by=request.user,
            decided_at__gte=timezone.now() - datetime.timedelta(days=30),
        )
        for change in rejected:
            self.message_user(
                request,
                f"Your change of {timezone.localtime(change.created_at):%d %b %Y} was rejected "
                f"by {change.decided_by or 'a Reviewer'}: {change.reason}",
                messages.WARNING,
            )

    def has_delete_permission(self, request, obj=None):
        # A deletion cannot wait for review: only Reviewers delete what visitors see, and a
        # bulk deletion (no obj) may hold live entries.
        if not publishes(request) and (obj is None or self.is_live(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if not publishes(request):
            changelist.list_editable = ()  # a list edit would go live at once
        return changelist

    # -- Restore (simple-history's revert) puts a version live at once: Reviewers only ----------

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or not publishes(request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not publishes(request):
            raise PermissionDenied
        return self._history_form_view(request, object_id, version_id, extra_context)

    # -- Preview ---------------------------------------------------------------------------------

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/preview/<str:language>/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id, language):
        obj = self.get_object(request, object_id)
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        if obj is None:
            raise Http404
        return preview(request, obj, language)

    @admin.display(description="preview as a visitor sees it")
    def preview_links(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            ((preview_url(obj, code), code) for code, _name in settings.LANGUAGES),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if "preview_links" in readonly else [*readonly, "preview_links"]

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

    def _history_form_view(self, request, object_id, version_id, extra_context=None):
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


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why is it rejected? The editor reads this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    """The Reviewers' queue: an Editor's change to a published entry, its differences from the
    live entry field by field, its preview, approve and reject (with a reason)."""

    list_display = ["entry_name", "kind", "created_by", "created_at", "status", "decided_by"]
    list_filter = ["status", ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["content_type", "created_by", "decided_by"]
    search_fields = ["entry_name"]
    change_form_template = "admin/workflow/pending_change.html"

    @admin.display(description="kind")
    def kind(self, obj):
        return obj.content_type.name

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type")

    def has_add_permission(self, request):
        return False  # made by saving an entry's own form

    def has_change_permission(self, request, obj=None):
        return False  # approve and reject are the only changes, on their own buttons

    def has_delete_permission(self, request, obj=None):
        return False  # kept as the record of what was proposed and decided

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("organizations.change_organization")

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/approve/", view(self.approve_view), name="workflow_pending_approve"),
            path("<int:pk>/reject/", view(self.reject_view), name="workflow_pending_reject"),
            path(
                "<int:pk>/preview/<str:language>/",
                view(self.preview_view),
                name="workflow_pending_preview",
            ),
            *super().get_urls(),
        ]

    def _pending(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(PendingChange.objects.select_related("content_type"), pk=pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not object_id.isdigit():
            raise Http404
        pending = self._pending(request, int(object_id))
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        differences, outcome = [], None
        if pending.status == PendingChange.Status.WAITING:
            with trial(pending, request) as (outcome, differences):
                pass
        context = {
            **self.admin_site.each_context(request),
            "title": f"Proposed change to {pending.entry_name}",
            "opts": self.model._meta,
            "original": pending,
            "pending": pending,
            "outcome": outcome,
            "differences": differences,
            "entry_url": self._entry_url(pending),
            "languages": settings.LANGUAGES,
            "may_decide": publishes(request),
            "reject_form": RejectForm(),
            "has_view_permission": True,
        }
        return TemplateResponse(request, self.change_form_template, context)

    def _entry_url(self, pending):
        model = pending.content_type.model_class()
        if pending.object_id is None:
            return None
        if not model._default_manager.filter(pk=pending.object_id).exists():
            return None
        opts = model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pending.object_id])

    def _decidable(self, request, pk):
        pending = self._pending(request, pk)
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        if not publishes(request):
            raise PermissionDenied
        if pending.status != PendingChange.Status.WAITING:
            self.message_user(
                request, "This change was already decided; nothing was done.", messages.WARNING
            )
            return None, redirect("admin:workflow_pendingchange_change", pending.pk)
        return pending, None

    def approve_view(self, request, pk):
        pending, answer = self._decidable(request, pk)
        if answer is not None:
            return answer
        with transaction.atomic(), approving(pending, request.user):
            outcome = replay(pending, request)
            if outcome.saved:
                pending.decide(PendingChange.Status.APPROVED, request.user, entry=outcome.entry)
        if outcome.saved:
            self.message_user(
                request, f"Approved: the change to {pending.entry_name} is live.", messages.SUCCESS
            )
            return redirect("admin:workflow_pendingchange_changelist")
        self.message_user(
            request,
            "Not approved, nothing was changed: " + " ".join(outcome.errors),
            messages.ERROR,
        )
        return redirect("admin:workflow_pendingchange_change", pending.pk)

    def reject_view(self, request, pk):
        pending, answer = self._decidable(request, pk)
        if answer is not None:
            return answer
        form = RejectForm(request.POST)
        if not form.is_valid():
            self.message_user(
                request, "Say why it is rejected: the editor reads it.", messages.ERROR
            )
            return redirect("admin:workflow_pendingchange_change", pending.pk)
        pending.decide(PendingChange.Status.REJECTED, request.user, form.cleaned_data["reason"])
        self.message_user(request, f"Rejected: the change to {pending.entry_name}.")
        return redirect("admin:workflow_pendingchange_changelist")

    def preview_view(self, request, pk, language):
        """The public page as it will be once approved: applied, rendered, rolled back."""
        pending = self._pending(request, pk)
        if language not in dict(settings.LANGUAGES):
            raise Http404
        if pending.status != PendingChange.Status.WAITING:
            raise Http404
        with trial(pending, request) as (outcome, _differences):
            if not outcome.saved:
                self.message_user(
                    request, "No preview: " + " ".join(outcome.errors), messages.ERROR
                )
                return redirect("admin:workflow_pendingchange_change", pending.pk)
            return preview(request, outcome.entry, language)
