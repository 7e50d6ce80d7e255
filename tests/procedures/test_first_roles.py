"""journey(): the first organizations at each step, and an honest count of the others."""

import pytest

from organizations.models import Organization
from procedures.models import Role, Stage, Step
from procedures.selectors import MORE_COUNTED_UP_TO, journey

pytestmark = pytest.mark.django_db


def add_helpers_at_return(count, published=True):
    step = Step.objects.get(stage__slug="after-decision", slug="return")
    organizations = Organization.objects.bulk_create(
        Organization(
            slug=f"helper-{published}-{n:04}",
            name=f"Helper {n:04}",
            kind="non-profit",
            is_published=published,
        )
        for n in range(count)
    )
    Role.objects.bulk_create(
        Role(stage=step.stage, step=step, organization=o, title="Helps.", position=5)
        for o in organizations
    )
    return step


def helpers_at(step, roles_per_step=6):
    [entry] = journey([Stage.objects.get(pk=step.stage_id)], roles_per_step=roles_per_step)
    return next(item.helpers for item in entry.steps if item.step.pk == step.pk)


def test_the_seed_entries_come_first_and_the_others_are_counted_exactly():
    before = helpers_at(Step.objects.get(stage__slug="after-decision", slug="return"))
    step = add_helpers_at_return(10)
    helpers = helpers_at(step)
    # Those the editors put first keep their place; then the oldest entries.
    assert helpers.roles[: len(before.roles)] == before.roles
    assert len(helpers.roles) == 6
    assert helpers.more == len(before.roles) + 10 - 6
    assert not helpers.more_is_lower_bound
    # Shown by position, then by name.
    keys = [(role.position, role.organization.name) for role in helpers.roles]
    assert keys == sorted(keys)


def test_unpublished_organizations_are_neither_shown_nor_counted():
    step = add_helpers_at_return(8, published=False)
    helpers = helpers_at(step)
    assert all(role.organization.is_published for role in helpers.roles)
    assert helpers.more == 0


def test_beyond_the_counting_limit_it_says_at_least():
    step = add_helpers_at_return(MORE_COUNTED_UP_TO + 20)
    helpers = helpers_at(step, roles_per_step=3)
    assert len(helpers.roles) == 3
    assert helpers.more == MORE_COUNTED_UP_TO and helpers.more_is_lower_bound


def test_the_journey_page_says_so(client):
    add_helpers_at_return(MORE_COUNTED_UP_TO + 20)
    page = client.get("/en/").content.decode()
    assert f"More organizations at this stage (+{MORE_COUNTED_UP_TO}+)" in page
