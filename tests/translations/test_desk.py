"""The translator's desk: one language beside the English, outdated translations, PO files."""

import datetime

import polib
import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext, override

from common.models import TRANSLATED_LANGUAGES
from procedures.models import Stage
from translations.content import counts
from translations.models import Translator

from ..forms import form_data

pytestmark = pytest.mark.django_db

OUTDATED_NOTE = (
    "The English text of this page changed after this translation was made, so it may be out "
    "of date. Read it in English to be sure."
)


def outdated_note(language):
    with override(language):
        return gettext(OUTDATED_NOTE)


@pytest.fixture
def arabic_translator(client):
    user = User.objects.create_user("amal", password="a long translator password", is_staff=True)
    user.groups.add(Group.objects.get(name="Translators"))
    Translator.objects.create(user=user, languages=["ar"])
    client.force_login(user)
    return user


def stage(slug="job-market"):
    return Stage.objects.get(slug=slug)


def desk_url(language, obj):
    return f"/admin/translate/{language}/{obj._meta.label_lower}/{obj.pk}/"


def change_english_summary(client, text, minor=False):
    url = f"/admin/procedures/stage/{stage().pk}/change/"
    data = form_data(client.get(url).content.decode(), "summary_en")
    data["summary_en"] = text
    if minor:
        data["minor_change"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_the_form_shows_one_language_beside_the_english_and_nothing_else(client, editor):
    job_market = stage()
    page = client.get(desk_url("ar", job_market)).content.decode()
    assert job_market.summary_en in page  # the source, read-only
    assert job_market.summary_ar in page  # in its field
    assert job_market.summary_fa not in page
    assert 'name="summary"' in page and 'lang="ar" dir="rtl"' in page
    assert 'name="summary_en"' not in page and 'name="summary_fa"' not in page
    page = client.get(desk_url("tr", job_market)).content.decode()
    assert 'lang="tr" dir="ltr"' in page and job_market.summary_tr in page


def test_changing_the_english_makes_that_field_outdated_in_every_language(client, editor):
    change_english_summary(client, "Find work or training in the Netherlands.")
    job_market = stage()
    assert job_market.outdated_translations == {code: ["summary"] for code in TRANSLATED_LANGUAGES}
    assert job_market.translation_status("ar") == "outdated"
    assert not job_market.is_outdated("title", "ar") and not job_market.is_outdated("body", "ar")
    page = client.get("/admin/procedures/stage/").content.decode()
    assert "ar: outdated" in page


def test_a_minor_english_change_keeps_the_translations_current(client, editor):
    change_english_summary(client, stage().summary_en.replace(".", " ."), minor=True)
    assert stage().outdated_translations == {}


def test_visitors_see_the_note_until_a_translator_saves_or_confirms(client, editor):
    change_english_summary(client, "Find work or training in the Netherlands.")
    note = {code: outdated_note(code) for code in ("ar", "fa")}
    assert note["ar"] in client.get("/ar/stages/job-market/").content.decode()
    data = form_data(client.get(desk_url("ar", stage())).content.decode(), "summary")
    data["confirm_summary"] = "on"
    assert client.post(desk_url("ar", stage()), data).status_code == 302
    assert note["ar"] not in client.get("/ar/stages/job-market/").content.decode()
    assert stage().is_outdated("summary", "fa")  # the others still wait for their translator
    assert note["fa"] in client.get("/fa/stages/job-market/").content.decode()
    assert OUTDATED_NOTE not in client.get("/en/stages/job-market/").content.decode()


def test_writing_a_new_translation_clears_it_for_that_language_only(client, editor):
    change_english_summary(client, "Find work or training in the Netherlands.")
    data = form_data(client.get(desk_url("ar", stage())).content.decode(), "summary")
    data["summary"] = "ابحث عن عمل أو تدريب في هولندا."
    client.post(desk_url("ar", stage()), data)
    assert stage().summary_ar == "ابحث عن عمل أو تدريب في هولندا."
    assert not stage().is_outdated("summary", "ar") and stage().is_outdated("summary", "so")


def test_marking_reviewed_records_who_and_when(client, editor):
    data = form_data(client.get(desk_url("ar", stage())).content.decode(), "summary")
    data["reviewed"] = "on"
    client.post(desk_url("ar", stage()), data)
    review = stage().reviewed_languages["ar"]
    assert review["by"] == "editor" and len(review["on"]) == 10
    assert "reviewed by editor on" in client.get(desk_url("ar", stage())).content.decode()
    # Saving the stage in the ordinary admin keeps who and when.
    url = f"/admin/procedures/stage/{stage().pk}/change/"
    client.post(url, form_data(client.get(url).content.decode(), "summary_en"))
    assert stage().reviewed_languages["ar"] == review


def test_counts_per_language(client, editor):
    before = counts(["ar", "fa"])
    total = sum(before["ar"].values())
    assert before["ar"]["reviewed"] == 0 and before["ar"]["outdated"] == 0
    change_english_summary(client, "Find work or training in the Netherlands.")
    job_market = stage()
    job_market.mark_reviewed("fa", editor, datetime.date(2026, 12, 2))
    job_market.save()
    after = counts(["ar", "fa"])
    assert after["ar"]["outdated"] == 1 and after["ar"]["draft"] == before["ar"]["draft"] - 1
    assert after["fa"]["outdated"] == 1  # outdated comes before reviewed
    assert sum(after["ar"].values()) == total
    page = client.get("/admin/translate/").content.decode()
    assert "Translate into Arabic" in page
    assert 'aria-label="1 outdated in Arabic"' in page
    assert "Translations" in client.get("/admin/").content.decode()


def test_the_list_filters_by_status(client, editor):
    change_english_summary(client, "Find work or training in the Netherlands.")
    page = client.get("/admin/translate/ar/?status=outdated").content.decode()
    assert "1 texts outdated." in page
    assert desk_url("ar", stage()) in page
    assert desk_url("ar", Stage.objects.get(slug="after-decision")) not in page


def test_a_translator_changes_only_the_languages_assigned_to_them(client, arabic_translator):
    job_market = stage()
    assert client.get(desk_url("fa", job_market)).status_code == 403
    assert client.get("/admin/translate/fa/").status_code == 403
    data = form_data(client.get(desk_url("ar", job_market)).content.decode(), "summary")
    data.update(summary="ملخص جديد.", summary_en="Hacked.", summary_fa="Hacked.")
    assert client.post(desk_url("ar", job_market), data).status_code == 302
    job_market.refresh_from_db()
    assert job_market.summary_ar == "ملخص جديد."
    assert job_market.summary_en != "Hacked." and job_market.summary_fa != "Hacked."
    # Nothing else in the admin.
    assert client.get(f"/admin/procedures/stage/{job_market.pk}/change/").status_code == 403
    assert client.get("/admin/organizations/organization/").status_code == 403
    page = client.get("/admin/").content.decode()
    assert "Translate into Arabic" in page and "Translate into Persian" not in page


def test_someone_without_the_desk_is_refused(client):
    user = User.objects.create_user("staff", password="a long staff password", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/translate/").status_code == 403
    client.logout()
    assert client.get("/admin/translate/ar/").status_code == 302  # to the login


def upload(client, language, text, name="ar.po"):
    file = SimpleUploadedFile(name, text if isinstance(text, bytes) else text.encode())
    return client.post(f"/admin/translate/{language}/import/", {"file": file})


def test_a_po_round_trip_changes_nothing_when_nothing_was_edited(client, editor):
    exported = client.get("/admin/translate/ar/export/")
    assert exported["Content-Type"].startswith("text/x-gettext-translation")
    po = polib.pofile(exported.content.decode())
    assert po.metadata["Language"] == "ar" and len(po) > 100
    entry = next(e for e in po if e.msgctxt == f"procedures.stage/{stage().pk}/summary")
    assert entry.msgid == stage().summary_en and entry.msgstr == stage().summary_ar
    page = upload(client, "ar", exported.content).content.decode()
    assert "The file changes nothing." in page


def test_a_changed_target_is_previewed_then_applied(client, editor):
    po = polib.pofile(client.get("/admin/translate/ar/export/").content.decode())
    entry = next(e for e in po if e.msgctxt == f"procedures.stage/{stage().pk}/summary")
    entry.msgstr = "ابحث عن عمل في هولندا."
    page = upload(client, "ar", str(po)).content.decode()
    assert "1 change in Arabic" in page and "ابحث عن عمل في هولندا." in page
    assert stage().summary_ar != "ابحث عن عمل في هولندا."  # nothing written by the preview
    token = form_data(page, "token")["token"]
    response = client.post("/admin/translate/ar/import/", {"token": token})
    assert response.status_code == 302
    assert stage().summary_ar == "ابحث عن عمل في هولندا."


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda po: setattr(po[0], "msgctxt", "procedures.stage/999999/summary"), "we do not know"),
        (lambda po: setattr(po[1], "msgid", "Not the English any more."), "changed since"),
        (lambda po: po.metadata.update(Language="fa"), "This file is for the language"),
    ],
)
def test_a_broken_file_is_refused_whole(client, editor, breakage, message):
    po = polib.pofile(client.get("/admin/translate/ar/export/").content.decode())
    entry = next(e for e in po if e.msgctxt == f"procedures.stage/{stage().pk}/summary")
    entry.msgstr = "ابحث عن عمل في هولندا."
    breakage(po)
    page = upload(client, "ar", str(po)).content.decode()
    assert message in page and "nothing was changed" in page
    assert 'name="token"' not in page
    assert stage().summary_ar != "ابحث عن عمل في هولندا."


@pytest.mark.parametrize(
    "content", [b"\xff\xfe not utf-8 \x00", b'msgid "unclosed', "نص".encode("cp1256")]
)
def test_garbage_is_refused_with_a_plain_message(client, editor, content):
    page = upload(client, "ar", content).content.decode()
    assert "nothing was changed" in page or "not in UTF-8" in page or "not a PO file" in page
    assert 'name="token"' not in page


def test_different_numbers_in_a_translation_are_an_error(client, editor):
    po = polib.pofile(client.get("/admin/translate/ar/export/").content.decode())
    with_digits = next(e for e in po if any(c.isdigit() for c in e.msgid))
    with_digits.msgstr = "بدون أرقام"
    page = upload(client, "ar", str(po)).content.decode()
    assert "numbers in the translation" in page and 'name="token"' not in page


def test_an_editor_alone_cannot_publish_translations_through_the_desk(client):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("plain", password="a long plain password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    assert client.get("/admin/translate/").status_code == 403
    assert client.get("/admin/translate/ar/").status_code == 403
