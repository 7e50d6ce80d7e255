"""Dated legal texts and recorded changes in the rules, as visitors and editors meet them."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from glossary.models import Term
from procedures.models import RuleChange, Stage, Step
from procedures.selectors import RuleChanges, possibly_out_of_date

from ..forms import form_data

pytestmark = pytest.mark.django_db

PACT_SOURCE = (
    "https://www.rijksoverheid.nl/actueel/nieuws/2025/12/12/"
    "kabinet-zet-belangrijke-stap-in-uitvoering-eu-asielpact-met-indienen-wetsvoorstel"
)
WARNING = "The rules changed on 12 June 2026:"
NEVER = "No person has checked this text against the current rules yet."


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def reviewer(client):
    """Checks against the rules are a Reviewer's: an Editor's change to a live step waits for
    review (tests/workflow/test_pending.py)."""
    user = User.objects.create_user("reviewer", password="a long reviewer password", is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(user)
    return user


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def section(html, anchor):
    """The part of a stage page for one step (its <li id=...>), or a glossary entry."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<li id=", start + 1)
    end = html.find("<dt id=", start + 1) if end == -1 else end
    return html[start : end if end != -1 else None]


def check_in_admin(client, text, **changes):
    opts = text._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{text.pk}/change/"
    data = form_data(client.get(url).content.decode(), "rules_checked_on")
    data.update(changes)
    return client.post(url, data)


# What visitors see ------------------------------------------------------------------------


def test_each_stage_and_step_says_no_person_has_checked_it_yet(client):
    html = page(client, "/en/stages/job-market/")
    steps = Stage.objects.get(slug="job-market").steps.count()
    assert html.count(NEVER) == 1 + steps
    assert WARNING not in html  # the Pact concerns no text of this stage


def test_texts_the_pact_concerns_warn_in_the_visitors_language_with_the_source(client):
    html = page(client, "/en/stages/during-procedure/")
    appeal = section(html, "appeal")
    assert WARNING in appeal
    assert "The EU Asylum and Migration Pact applies. This text may be out of date." in appeal
    assert f'<a href="{PACT_SOURCE}" rel="noopener noreferrer">Read about the change</a>' in appeal
    assert NEVER in appeal
    # The stage text itself too, and every step the change names.
    concerned = RuleChange.objects.get(slug="eu-pact-2026").steps.filter(
        stage__slug="during-procedure"
    )
    assert html.count(WARNING) == 1 + concerned.count()

    arabic = section(page(client, "/ar/stages/during-procedure/"), "appeal")
    assert "تغيّرت القواعد في 12" in arabic and "قد يكون هذا النص قديمًا." in arabic
    dutch = section(page(client, "/nl/stages/during-procedure/"), "appeal")
    assert "De regels zijn veranderd op 12 juni 2026:" in dutch
    assert "Het EU-pact over asiel en migratie geldt." in dutch


def test_glossary_entries_warn_only_where_the_change_concerns_them(client):
    html = page(client, "/en/glossary/")
    assert WARNING in section(html, "beroep")
    assert WARNING not in section(html, "bsn")
    assert NEVER in section(html, "bsn")
    assert "Ще ніхто не перевірив цей текст за чинними правилами." in page(client, "/uk/glossary/")


# Editors check a text again ---------------------------------------------------------------


def test_a_reviewer_checks_a_step_after_the_change_and_its_warning_goes(client, reviewer):
    appeal = Step.objects.get(slug="appeal")
    today = timezone.localdate()
    before = page(client, "/en/stages/during-procedure/").count(WARNING)
    response = check_in_admin(
        client,
        appeal,
        rules_checked_on=today.isoformat(),
        rules_source="https://wetten.overheid.nl/BWBR0011823/",
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    html = page(client, "/en/stages/during-procedure/")
    assert html.count(WARNING) == before - 1
    step = section(html, "appeal")
    assert WARNING not in step and NEVER not in step
    assert f"Checked against the rules on {today.day} {today:%B %Y}." in step
    assert "Op " in section(page(client, "/nl/stages/during-procedure/"), "appeal")


def test_a_check_before_the_change_still_warns_and_shows_its_date(client, reviewer):
    term = Term.objects.get(slug="beroep")
    response = check_in_admin(
        client, term, rules_checked_on="2026-01-10", rules_source="https://example.org/law"
    )
    assert response.status_code == 302
    entry = section(page(client, "/en/glossary/"), "beroep")
    assert WARNING in entry
    assert "Checked against the rules on 10 January 2026." in entry


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"rules_checked_on": "2999-01-01"}, "A check cannot be in the future"),
        ({"rules_checked_on": "2026-11-30", "rules_source": ""}, "Say which law or official page"),
    ],
)
def test_the_admin_refuses_a_check_in_the_future_or_without_a_source(
    client, editor, changes, error
):
    stage = Stage.objects.get(slug="after-decision")
    response = check_in_admin(
        client, stage, **{"rules_source": "https://example.org/law", **changes}
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    stage.refresh_from_db()
    assert stage.rules_checked_on is None


# Editors record a change ------------------------------------------------------------------


def record_change(client, **fields):
    url = "/admin/procedures/rulechange/add/"
    data = form_data(client.get(url).content.decode(), "source_url")
    data.update(fields)
    return client.post(url, data)


def test_an_editor_records_a_change_for_every_text_and_the_glossary_warns(client, editor):
    response = record_change(
        client,
        slug="new-aliens-act",
        in_force_on="2026-11-01",
        title_en="A new Aliens Act applies",
        source_url="https://example.org/aliens-act",
        concerns_everything="on",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = section(page(client, "/en/glossary/"), "bsn")
    assert "The rules changed on 1 November 2026:" in entry
    assert "A new Aliens Act applies." in entry
    # Texts the Pact concerns name both changes, oldest first.
    appeal = section(page(client, "/en/stages/during-procedure/"), "appeal")
    assert appeal.index(WARNING) < appeal.index("The rules changed on 1 November 2026:")


def test_a_change_recorded_ahead_of_its_date_warns_no_one_yet(client, editor):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = record_change(
        client,
        slug="coming",
        in_force_on=tomorrow.isoformat(),
        title_en="Coming rules",
        source_url="https://example.org/coming",
        concerns_everything="on",
    )
    assert response.status_code == 302
    assert "Coming rules" not in page(client, "/en/glossary/")


def test_the_change_form_lists_the_texts_it_can_concern(client, editor):
    pact = RuleChange.objects.get(slug="eu-pact-2026")
    html = page(client, f"/admin/procedures/rulechange/{pact.pk}/change/")
    appeal = Step.objects.get(slug="appeal")
    assert re.search(rf'<input type="checkbox" name="steps" value="{appeal.pk}"[^>]*checked', html)
    assert "During the asylum procedure: Appeal (beroep)" in html
    for language in ("nl", "ar", "fa", "ti", "tr", "uk", "so"):
        assert getattr(pact, f"title_{language}") and getattr(pact, f"summary_{language}")


# The editors' list of texts to check again --------------------------------------------------


def test_editors_see_the_possibly_outdated_texts_oldest_check_first(client, editor):
    Step.objects.filter(slug="decision").update(
        rules_checked_on="2026-03-01", rules_source="https://example.org"
    )
    Step.objects.filter(slug="appeal").update(
        rules_checked_on="2026-01-10", rules_source="https://example.org"
    )
    Step.objects.filter(slug="dublin").update(
        rules_checked_on=timezone.localdate(), rules_source="https://example.org"
    )
    changelist = page(client, "/admin/procedures/rulechange/")
    assert 'href="/admin/procedures/rulechange/possibly-out-of-date/"' in changelist
    html = page(client, "/admin/procedures/rulechange/possibly-out-of-date/")
    never = html.index("During the asylum procedure: Rest, prepare and meet your lawyer")
    january = html.index("During the asylum procedure: Appeal (beroep)")
    march = html.index("During the asylum procedure: The decision")
    assert never < january < march
    assert "10 January 2026" in html and "never" in html
    assert "Dublin procedure" not in html  # checked after the change
    assert "BSN" not in html  # no change concerns it
    assert "12 June 2026: The EU Asylum and Migration Pact applies" in html


def test_the_list_needs_a_login(client):
    response = client.get("/admin/procedures/rulechange/possibly-out-of-date/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_editors_may_record_and_correct_changes():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"add_rulechange", "change_rulechange", "view_rulechange"} <= codenames
    assert {"change_stage", "change_step", "change_term"} <= codenames


# The helper itself ----------------------------------------------------------------------------


def test_rule_changes_load_in_one_query_however_many_texts_they_concern(
    django_assert_num_queries,
):
    pact = RuleChange.objects.get(slug="eu-pact-2026")
    pact.steps.set(Step.objects.all())
    pact.terms.set(Term.objects.all())
    RuleChange.objects.create(
        slug="all",
        in_force_on="2026-07-01",
        title="All",
        source_url="https://example.org",
        concerns_everything=True,
    )
    texts = [*Stage.objects.all(), *Step.objects.all()]
    with django_assert_num_queries(1):
        changes = RuleChanges()
        notes = [changes.note(text) for text in texts]
    assert all(note.possibly_out_of_date for note in notes)


def test_checked_on_the_day_the_change_came_into_force_counts_as_checked():
    appeal = Step.objects.get(slug="appeal")
    appeal.rules_checked_on = datetime.date(2026, 6, 12)
    assert RuleChanges().note(appeal).changes == []
    appeal.rules_checked_on = datetime.date(2026, 6, 11)
    assert [str(c) for c in RuleChanges().note(appeal).changes] == [
        "12 June 2026: The EU Asylum and Migration Pact applies"
    ]
    # Seen from the day before it came into force, the change warns no one.
    assert RuleChanges(on=datetime.date(2026, 6, 11)).note(appeal).changes == []


def test_the_seed_flags_what_the_pact_concerns_and_nothing_else():
    flagged = {(type(text).__name__, text.slug) for text, _note in possibly_out_of_date()}
    assert ("Step", "appeal") in flagged and ("Term", "beroep") in flagged
    assert ("Stage", "during-procedure") in flagged and ("Stage", "after-decision") in flagged
    assert ("Stage", "job-market") not in flagged and ("Term", "bsn") not in flagged
