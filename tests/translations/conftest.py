import pytest


@pytest.fixture
def editor(client):
    """Here a Reviewer (named "editor"): the desk saves live, so an Editor alone may not use it
    for every language (tests/translations/test_desk.py checks that too)."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(user)
    return user
