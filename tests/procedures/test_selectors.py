"""The journey as data: what the home and stage pages show, checked without rendering."""

import pytest

from organizations.models import Organization
from procedures.models import Role, Stage, Step
from procedures.selectors import journey

pytestmark = pytest.mark.django_db


def slugs(helpers):
    return [role.organization.slug for role in helpers.roles]


def test_every_stage_in_order_with_its_steps_and_who_helps_at_each(django_assert_num_queries):
    with django_assert_num_queries(3):  # stages, steps (each with its first roles), the roles
        stages = journey()
        by_step = {(e.stage.slug, s.step.slug): s for e in stages for s in e.steps}
    assert [entry.stage.slug for entry in stages] == [
        "during-procedure",
        "after-decision",
        "job-market",
        "municipal-support",
    ]
    assert [s.step.slug for s in stages[1].steps][:2] == ["residence-permit", "housing"]
    assert slugs(by_step["after-decision", "return"].helpers) == [
        "dienst-terugkeer-en-vertrek",
        "avim",
        "iom-netherlands",
    ]
    assert by_step["after-decision", "return"].helpers.more == 0
    assert slugs(by_step["after-decision", "civic-integration"].helpers) == [
        "duo-dienst-uitvoering-onderwijs"
    ]


def test_a_step_where_nobody_published_helps_has_no_helpers():
    Organization.objects.filter(slug="duo-dienst-uitvoering-onderwijs").update(is_published=False)
    [entry] = journey([Stage.objects.get(slug="after-decision")])
    civic = next(s for s in entry.steps if s.step.slug == "civic-integration")
    assert not civic.helpers


def test_a_step_names_the_first_organizations_and_counts_the_rest():
    step = Step.objects.get(stage__slug="after-decision", slug="return")
    extra = Organization.objects.bulk_create(
        Organization(slug=f"extra-{n}", name=f"Extra {n}", kind="non-profit") for n in range(5)
    )
    Role.objects.bulk_create(
        Role(stage=step.stage, step=step, organization=o, title="Helps.", position=9) for o in extra
    )
    Organization.objects.filter(slug="extra-4").update(is_published=False)
    [entry] = journey([step.stage], roles_per_step=4)
    helpers = next(s.helpers for s in entry.steps if s.step == step)
    # By position, then name; the unpublished one is neither named nor counted.
    assert slugs(helpers) == ["dienst-terugkeer-en-vertrek", "avim", "iom-netherlands", "extra-0"]
    assert helpers.more == 3


def test_roles_for_a_whole_stage_are_the_stages_own_helpers():
    stage = Stage.objects.get(slug="job-market")
    vwn = Organization.objects.get(slug="vluchtelingenwerk-nederland")
    Role.objects.create(stage=stage, organization=vwn, title="Advises on work.")
    [entry] = journey([stage])
    assert slugs(entry.helpers) == ["vluchtelingenwerk-nederland"]
    assert all("vluchtelingenwerk-nederland" not in slugs(s.helpers) for s in entry.steps)
