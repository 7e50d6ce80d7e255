import re

import pytest

pytestmark = pytest.mark.django_db


def slugs(client, query):
    page = client.get(f"/en/organizations/?{query}").content.decode()
    return set(re.findall(r'<h2><a href="/en/organizations/([\w-]+)/">', page))


NATIONWIDE = {
    "ind",
    "coa",
    "avim",
    "vluchtelingenwerk-nederland",
    "raad-voor-rechtsbijstand",
    "dienst-terugkeer-en-vertrek",
    "dienst-justitiele-inrichtingen",
    "newbees",
    "delitelabs",
    # The twelve of issue 17 all work nationwide.
    "gza-gezondheidszorg-asielzoekers",
    "nidos",
    "iom-netherlands",
    "nederlandse-rode-kruis-restoring-family-links",
    "dokters-van-de-wereld",
    "arq-centrum-45",
    "het-juridisch-loket",
    "uaf-stichting-voor-vluchteling-studenten",
    "duo-dienst-uitvoering-onderwijs",
    "refugee-talent-hub",
    "kvk-kamer-van-koophandel",
    "stichting-los",
}


def test_no_filter_shows_all_twenty_eight_twenty_a_page(client):
    assert len(slugs(client, "")) == 20
    assert "28 organizations found" in client.get("/en/organizations/").content.decode()


def test_stage_filter(client):
    assert slugs(client, "stage=job-market") == {
        "newbees",
        "makers-unite",
        "hackyourfuture",
        "delitelabs",
        "forward-inc",
        "uaf-stichting-voor-vluchteling-studenten",
        "refugee-talent-hub",
        "kvk-kamer-van-koophandel",
    }
    assert slugs(client, "stage=during-procedure") == {
        "ind",
        "coa",
        "avim",
        "vluchtelingenwerk-nederland",
        "raad-voor-rechtsbijstand",
        "gza-gezondheidszorg-asielzoekers",
        "nidos",
        "iom-netherlands",
        "nederlandse-rode-kruis-restoring-family-links",
        "dokters-van-de-wereld",
        "arq-centrum-45",
        "uaf-stichting-voor-vluchteling-studenten",
    }


def test_municipality_filter_keeps_nationwide_organizations(client):
    # Two pages of them.
    zeist = slugs(client, "municipality=zeist") | slugs(client, "municipality=zeist&page=2")
    assert zeist == NATIONWIDE | {"stichting-tolerance-zeist"}
    rotterdam = slugs(client, "municipality=rotterdam") | slugs(
        client, "municipality=rotterdam&page=2"
    )
    assert {"stichting-nieuw-thuis-rotterdam", "forward-inc", "ind"} <= rotterdam
    assert "stichting-nieuwe-alphenaren" not in rotterdam


def test_topic_and_kind_filters(client):
    assert slugs(client, "topic=detention") == {"dienst-justitiele-inrichtingen", "stichting-los"}
    assert slugs(client, "kind=local-foundation") == {
        "stichting-nieuwe-alphenaren",
        "welkomplein-den-bosch",
        "stichting-nieuw-thuis-rotterdam",
        "stichting-tolerance-zeist",
    }


def test_filters_combine(client):
    assert slugs(client, "stage=municipal-support&municipality=rotterdam") == {
        "stichting-nieuw-thuis-rotterdam",
        # Nationwide, and at this stage.
        "nidos",
        "nederlandse-rode-kruis-restoring-family-links",
        "dokters-van-de-wereld",
        "arq-centrum-45",
        "het-juridisch-loket",
        "duo-dienst-uitvoering-onderwijs",
    }
    assert slugs(client, "stage=after-decision&kind=government&topic=return-and-departure") == {
        "coa",
        "dienst-terugkeer-en-vertrek",
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=IND", "ind"),
        ("q=Raad+voor+Rechtbijstand", "raad-voor-rechtsbijstand"),  # the source's misspelling
        ("q=Ziest", "stichting-tolerance-zeist"),
        ("q=vreemdelingenpolitie", "avim"),
        ("q=Dutch+Council+for+Refugees", "vluchtelingenwerk-nederland"),
        ("q=dt%26v", "dienst-terugkeer-en-vertrek"),
        ("q=delite+labs", "delitelabs"),
    ],
)
def test_search_finds_names_aliases_and_misspellings(client, query, expected):
    assert expected in slugs(client, query)


def test_search_narrows(client):
    assert slugs(client, "q=Forward+Incubator") == {"forward-inc"}


def test_invalid_filter_is_shown_beside_its_field_and_the_others_still_apply(client):
    response = client.get("/en/organizations/?stage=nonsense&kind=local-foundation")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Part of your search could not be used" in page
    assert 'class="field field-error"' in page
    assert "We do not know this choice, so we left it out." in page
    assert slugs(client, "stage=nonsense&kind=local-foundation") == {
        "stichting-nieuwe-alphenaren",
        "welkomplein-den-bosch",
        "stichting-nieuw-thuis-rotterdam",
        "stichting-tolerance-zeist",
    }


def test_a_filtered_view_is_a_shareable_link_that_keeps_the_choices(client):
    page = client.get("/en/organizations/?stage=job-market&municipality=amsterdam").content.decode()
    assert '<option value="job-market" selected>' in page
    assert '<option value="amsterdam" selected>' in page


def test_no_results_says_so_and_offers_a_way_out(client):
    page = client.get("/en/organizations/?q=zzzznothing").content.decode()
    assert "0 organizations found" in page
    assert "No organization matches all of these filters." in page


def test_a_bad_choice_and_a_long_search_are_explained_in_the_visitors_language(client):
    from django.utils import translation

    page = client.get("/ti/organizations/?kind=nonsense&q=" + "a" * 300).content.decode()
    with translation.override("ti"):
        unknown = translation.gettext("We do not know this choice, so we left it out.")
    assert unknown != "We do not know this choice, so we left it out."
    assert unknown in page
    assert "Select a valid choice" not in page
    assert "at most 200" not in page  # the English message would say this
