"""The translator's desk, inside the admin: one language at a time beside the English."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.views.decorators.http import require_http_methods

from common.models import SOURCE_LANGUAGE, TranslationStatus

from . import po
from .content import content_model, counts, entries
from .models import languages_for

UPLOAD_LIMIT = 2 * 1024 * 1024


def language_or_403(request, language):
    if language not in dict(settings.LANGUAGES) or language == SOURCE_LANGUAGE:
        raise Http404("No such language")
    if language not in languages_for(request.user):
        raise PermissionDenied
    return language


def context(request, language=None, **extra):
    info = get_language_info(language) if language else None
    return {
        **admin.site.each_context(request),
        "language": language,
        "language_name": info["name"] if info else "",
        "language_bidi": info["bidi"] if info else False,
        **extra,
    }


def desk(request):
    languages = languages_for(request.user)
    if not languages:
        raise PermissionDenied
    table = counts(languages)
    rows = [
        {"code": code, "name": get_language_info(code)["name"], "counts": table[code]}
        for code in languages
    ]
    return render(
        request,
        "translations/desk.html",
        context(request, title="Translations", rows=rows, statuses=TranslationStatus.values),
    )


def language_list(request, language):
    language = language_or_403(request, language)
    status = request.GET.get("status")
    if status not in TranslationStatus.values:
        status = None
    page = Paginator(list(entries(language, status)), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "translations/language_list.html",
        context(
            request,
            language,
            title=f"Translate into {get_language_info(language)['name']}",
            page=page,
            status=status,
            statuses=TranslationStatus.values,
        ),
    )


class TranslationForm(forms.Form):
    """One field per translated text, in one language; the English is shown beside it."""

    def __init__(self, obj, language, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj, self.language = obj, language
        attrs = {"lang": language, "dir": "rtl" if get_language_info(language)["bidi"] else "ltr"}
        self.rows = []
        for field in obj.translated_fields:
            model_field = obj._meta.get_field(f"{field}_{language}")
            if model_field.get_internal_type() == "TextField":
                widget = forms.Textarea(attrs={**attrs, "rows": 6})
            else:
                widget = forms.TextInput(attrs=attrs)
            self.fields[field] = forms.CharField(
                label=f"{model_field.verbose_name.split(' [')[0].capitalize()} "
                f"({get_language_info(language)['name']})",
                required=False,
                max_length=model_field.max_length,
                initial=getattr(obj, f"{field}_{language}"),
                widget=widget,
            )
            if obj.is_outdated(field, language):
                self.fields[f"confirm_{field}"] = forms.BooleanField(
                    label="The translation still says what the new English says",
                    required=False,
                )
            self.rows.append(
                {
                    "english": getattr(obj, f"{field}_{SOURCE_LANGUAGE}") or "",
                    "field": self[field],
                    "confirm": self[f"confirm_{field}"]
                    if f"confirm_{field}" in self.fields
                    else None,
                    "outdated": obj.is_outdated(field, language),
                }
            )
        review = obj.reviewed_languages.get(language)
        self.review = (
            f"reviewed by {review.get('by') or 'someone'} on {review.get('on') or 'an unknown day'}"
            if review is not None
            else ""
        )
        self.fields["reviewed"] = forms.BooleanField(
            label="Reviewed by a native speaker",
            required=False,
            initial=language in obj.reviewed_languages,
        )

    def save(self, user):
        obj, language = self.obj, self.language
        for field in obj.translated_fields:
            setattr(obj, f"{field}_{language}", self.cleaned_data[field])
            if self.cleaned_data.get(f"confirm_{field}"):
                obj.confirm_translation(language, field)
        if self.cleaned_data["reviewed"] and language not in obj.reviewed_languages:
            obj.mark_reviewed(language, user, timezone.localdate())
        elif not self.cleaned_data["reviewed"]:
            obj.reviewed_languages = {
                code: info for code, info in obj.reviewed_languages.items() if code != language
            }
        obj.save()


@require_http_methods(["GET", "POST"])
def translate(request, language, label, pk):
    language = language_or_403(request, language)
    model = content_model(label)
    obj = model._base_manager.filter(pk=pk).first() if model else None
    if obj is None:
        raise Http404("No such text")
    form = TranslationForm(obj, language, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save(request.user)
        messages.success(request, f"Saved the {get_language_info(language)['name']} of “{obj}”.")
        return redirect(reverse("translations:language", args=[language]))
    return render(
        request,
        "translations/translate.html",
        context(request, language, title=f"{obj}", obj=obj, form=form),
    )


def export(request, language):
    language = language_or_403(request, language)
    response = HttpResponse(
        po.export(language), content_type="text/x-gettext-translation; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="refugeeguide-content-{language}.po"'
    return response


class UploadForm(forms.Form):
    file = forms.FileField(label="PO file")


@require_http_methods(["GET", "POST"])
def import_file(request, language):
    """Upload, preview every change and every error, then apply all of it or nothing."""
    language = language_or_403(request, language)
    salt = f"translations-import-{language}"
    form, changes, errors, token = UploadForm(), [], [], ""
    if request.method == "POST" and "token" in request.POST:
        try:
            text = signing.loads(request.POST["token"], salt=salt, max_age=3600)
        except signing.BadSignature:
            messages.error(request, "That preview has expired. Upload the file again.")
            return redirect(reverse("translations:import", args=[language]))
        changes, errors = po.read(language, text)
        if errors:
            messages.error(request, "The file has errors: nothing was changed.")
        else:
            count = po.apply(language, changes)
            messages.success(request, f"Applied {count} translations.")
            return redirect(reverse("translations:language", args=[language]))
    elif request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > UPLOAD_LIMIT:
                errors = ["This file is larger than 2 MB; a content file is much smaller."]
            else:
                try:
                    text = upload.read().decode("utf-8")
                except UnicodeDecodeError:
                    errors = ["This file is not in UTF-8. Save it as UTF-8 and upload it again."]
                else:
                    changes, errors = po.read(language, text)
                    if not errors:
                        token = signing.dumps(text, salt=salt, compress=True)
    return render(
        request,
        "translations/import.html",
        context(
            request,
            language,
            title=f"Import {get_language_info(language)['name']} translations",
            form=form,
            changes=changes,
            errors=errors,
            token=token,
        ),
    )
