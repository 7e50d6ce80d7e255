import pytest
from django.contrib.auth.models import Group, User


def member(name, group):
    user = User.objects.create_user(name, password=f"a long {name} password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return member("editor", "Editors")


@pytest.fixture
def reviewer(db):
    return member("reviewer", "Reviewers")
