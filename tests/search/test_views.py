"""The search page and the directory's q, as a visitor and an editor use them."""

import pytest
from django.contrib.auth.models import Group, User

from organizations.models import Organization, Topic
from search.models import Document
from search.text import normalise, squashed, words
from tests.pages import served_without_the_database

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_page_has_a_search_box_in_its_header(client):
    for url in ["/en/", "/ar/organizations/", "/nl/glossary/", "/fa/stages/after-decision/"]:
        html = page(client, url)
        header = html[html.index("<header") : html.index("</header>")]
        assert 'role="search"' in header and 'method="get"' in header
        assert '<label for="header-search">' in header
        assert 'name="q"' in header
        assert "/search/" in header


def test_results_are_grouped_by_kind_with_a_summary_and_marked_words(client):
    html = page(client, "/en/search/?q=inburgering")
    organizations = html.index(">Organizations</h2>")
    steps = html.index(">Stages and steps</h2>")
    words_ = html.index(">Dutch words explained</h2>")
    assert organizations < steps < words_
    assert "<mark>inburgering</mark>" in html
    assert "Civic integration: learning Dutch" in html  # the word's one-line summary


def test_a_query_in_arabic_on_the_english_page_shows_the_entry_in_english(client):
    html = page(client, "/en/search/?q=محامي")
    assert "Raad voor Rechtsbijstand" in html
    assert "Arranges and pays for a free asylum lawyer" in html


def test_the_page_language_decides_how_an_entry_is_shown(client):
    html = page(client, "/ar/search/?q=lawyer")
    assert 'href="/ar/organizations/raad-voor-rechtsbijstand/"' in html
    assert 'dir="rtl"' in html


def test_a_typo_finds_the_entry_and_marks_the_word_as_it_is_written(client):
    html = page(client, "/en/search/?q=imigration")
    assert "Immigratie- en Naturalisatiedienst" in html
    assert "<mark>Immigration</mark>" in html


def test_nothing_found_offers_did_you_mean_the_stages_and_the_directory(client):
    html = page(client, "/en/search/?q=vluchtelingenwrkkk")
    assert "Nothing matches" in html
    assert "Did you mean:" in html and "VluchtelingenWerk" in html
    assert 'href="/en/stages/during-procedure/"' in html
    assert 'href="/en/organizations/"' in html
    assert "VluchtelingenWerk Nederland</a> can help you find" in html


def test_an_empty_search_explains_what_to_type(client):
    html = page(client, "/en/search/?q=")
    assert "Type a name, a need or a Dutch word" in html
    assert 'href="/en/stages/after-decision/"' in html


def test_unpublished_organizations_are_never_found(client, django_capture_on_commit_callbacks):
    coa = Organization.objects.get(slug="coa")
    coa.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        coa.save()
    assert not Document.objects.filter(organization=coa).exists()
    html = page(client, "/en/search/?q=COA")
    assert 'href="/en/organizations/coa/"' not in html
    assert 'href="/en/glossary/#coa"' in html  # the Dutch word is still explained


def test_results_are_paginated(client):
    Organization.objects.bulk_create(
        Organization(slug=f"taal-{n:02}", name=f"Taalhuis Voorbeeld {n:02}", kind="training")
        for n in range(45)
    )
    from search.index import index_organizations

    index_organizations(
        Organization.objects.filter(slug__startswith="taal-").values_list("pk", flat=True)
    )
    first = page(client, "/en/search/?q=taalhuis")
    assert "45 organizations found" in first and "Page 1 of 3" in first
    assert 'href="?q=taalhuis&amp;page=2"' in first
    third = page(client, "/en/search/?q=taalhuis&page=3")
    assert third.count("<li>\n      <h3>") == 5


def test_the_directory_q_uses_the_same_search_and_still_combines_with_filters(client):
    html = page(client, "/en/organizations/?q=advocaat")
    assert "Raad voor Rechtsbijstand" in html
    html = page(
        client, "/en/organizations/?q=werk&municipality=amsterdam&topic=work-and-internships"
    )
    assert "NewBees" in html  # nationwide, so also in Amsterdam
    assert "Makers Unite" in html
    assert "Stichting Nieuw Thuis Rotterdam" not in html


def test_the_directory_lists_the_best_match_first(client):
    html = page(client, "/en/organizations/?q=vluchtelingenwerk")
    first = html.index("VluchtelingenWerk Nederland</a>")
    assert all(
        first < html.find(f"{name}</a>") or html.find(f"{name}</a>") < 0
        for name in ["Makers Unite", "Centraal Orgaan opvang asielzoekers"]
    )


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_search_words_an_editor_adds_in_the_admin_work_at_once(
    client, editor, django_capture_on_commit_callbacks
):
    assert "Makers Unite" not in page(client, "/en/search/?q=naaiatelier")
    topic = Topic.objects.get(slug="entrepreneurship")
    data = {
        "name_en": topic.name_en,
        "name": topic.name_en,
        "slug": topic.slug,
        "search_words-TOTAL_FORMS": "1",
        "search_words-INITIAL_FORMS": "0",
        "search_words-0-language": "nl",
        "search_words-0-words": "naaiatelier, eigen zaak",
    }
    # Indexed when the admin's transaction commits (the test's own transaction never does).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/organizations/topic/{topic.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    html = page(client, "/en/search/?q=naaiatelier")
    assert "Forward·Inc" in html and "Delitelabs" in html


def test_a_saved_organization_is_searchable_at_once(client, django_capture_on_commit_callbacks):
    coa = Organization.objects.get(slug="coa")
    coa.summary_en = "Runs the reception centres; now also a zebrafinch programme."
    with django_capture_on_commit_callbacks(execute=True):
        coa.save()
        coa.topics.add(Topic.objects.get(slug="detention"))
    document = Document.objects.get(organization=coa)
    assert "zebrafinch" in document.text_en and "detention" in document.text_en
    assert "Centraal Orgaan opvang asielzoekers" in page(client, "/en/search/?q=zebrafinch")
    assert "Centraal Orgaan opvang asielzoekers" in page(client, "/en/search/?q=zebrafnch")


def test_a_search_is_kept_briefly_and_an_editors_save_shows_at_once(
    client, django_capture_on_commit_callbacks
):
    first = client.get("/en/search/?q=werk")
    assert first["X-Cache"] == "miss" and "VluchtelingenWerk" in first.content.decode()
    # The same words with other spacing or a tracking parameter: the same page, from the cache.
    cached, again = served_without_the_database(client, "/en/search/?q=++werk+&utm_source=mail")
    assert cached and again["X-Cache"] == "hit"
    assert again.content == first.content

    assert "Nothing matches" in page(client, "/en/search/?q=zebrafinch")
    coa = Organization.objects.get(slug="coa")
    coa.summary_en = "Runs the reception centres; now also a zebrafinch programme."
    with django_capture_on_commit_callbacks(execute=True):
        coa.save()
    assert "Centraal Orgaan opvang asielzoekers" in page(client, "/en/search/?q=zebrafinch")


def test_generated_organizations_are_indexed(client):
    from django.core.management import call_command

    call_command("generate_organizations", 5, verbosity=0)
    generated = Organization.objects.filter(slug__startswith="gen-", is_published=True)
    assert Document.objects.filter(organization__in=generated).count() == generated.count()


def test_the_rebuild_command_writes_every_entry(client):
    from django.core.management import call_command

    Document.objects.all().delete()
    call_command("rebuild_search_index", verbosity=0)
    assert "Raad voor Rechtsbijstand" in page(client, "/en/search/?q=avukat")


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Justitiële", "justitiele"),
        ("مُحَامِي", "محامی"),
        ("وكيل", "وکیل"),
        ("كار", "کار"),
        ("İŞ", "is"),
        ("\u200fمحامي\u200e", "محامی"),
    ],
)
def test_case_accents_and_letter_forms_never_matter(typed, expected):
    assert "".join(words(typed)) == expected
    assert normalise(typed.upper()) == normalise(typed) or typed.isupper()


@pytest.mark.parametrize("typed", ["D.T.&V.", "dt en v", "DTenV", "dt & v", "D T en V"])
def test_an_acronym_is_one_key_however_it_is_written(typed):
    assert squashed(typed) == "dtenv"
