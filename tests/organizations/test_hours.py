"""Opening hours and "open now", on a fixed clock, in Europe/Amsterdam time."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from organizations.models import (
    Location,
    OpeningHours,
    Organization,
    language_name,
    weekday_name,
)

UTC = ZoneInfo("UTC")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def local(*args):
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


@pytest.fixture
def night_line(db):
    """A phone line open Friday 20:00 to Saturday 02:00, and Sunday 10:00-14:00."""
    organization = Organization.objects.create(
        slug="night-line", name="Nachtlijn", kind="non-profit"
    )
    OpeningHours.objects.create(
        organization=organization, weekday=5, opens=datetime.time(20), closes=datetime.time(2)
    )
    OpeningHours.objects.create(
        organization=organization, weekday=7, opens=datetime.time(10), closes=datetime.time(14)
    )
    return organization


def status(organization, moment):
    return OpeningHours.status(organization.hours.all(), moment)


@pytest.mark.django_db
def test_the_ind_phone_line_is_open_on_a_weekday_in_amsterdam_time():
    ind = Organization.objects.get(slug="ind")
    # Wednesday 2 December 2026, 08:30 UTC is 09:30 in Amsterdam (winter time, UTC+1).
    now = status(ind, utc(2026, 12, 2, 8, 30))
    assert now.is_open and now.until == local(2026, 12, 2, 17, 0)
    # 07:30 UTC is 08:30 in Amsterdam: not yet open, opens at 09:00 the same day.
    before = status(ind, utc(2026, 12, 2, 7, 30))
    assert not before.is_open and before.next_opening == local(2026, 12, 2, 9, 0)
    assert "ind" in Organization.objects.open_at(utc(2026, 12, 2, 8, 30)).values_list(
        "slug", flat=True
    )
    assert "ind" not in Organization.objects.open_at(utc(2026, 12, 2, 7, 30)).values_list(
        "slug", flat=True
    )


@pytest.mark.django_db
def test_on_a_sunday_the_ind_line_opens_at_nine_on_monday():
    ind = Organization.objects.get(slug="ind")
    sunday = status(ind, utc(2026, 12, 6, 12, 0))
    assert not sunday.is_open
    assert sunday.next_opening == local(2026, 12, 7, 9, 0)
    assert sunday.next_opening.isoweekday() == 1
    assert not Organization.objects.open_at(utc(2026, 12, 6, 12, 0)).filter(slug="ind").exists()


@pytest.mark.django_db
def test_a_friday_evening_opening_runs_past_midnight(night_line):
    friday_late = utc(2026, 12, 4, 22, 30)  # Friday 23:30 in Amsterdam
    saturday_early = utc(2026, 12, 5, 0, 30)  # Saturday 01:30
    saturday_after = utc(2026, 12, 5, 1, 30)  # Saturday 02:30
    assert status(night_line, friday_late).until == local(2026, 12, 5, 2, 0)
    assert status(night_line, saturday_early).is_open
    after = status(night_line, saturday_after)
    assert not after.is_open and after.next_opening == local(2026, 12, 6, 10, 0)
    open_ones = Organization.objects.filter(slug="night-line")
    assert open_ones.open_at(friday_late).exists()
    assert open_ones.open_at(saturday_early).exists()  # from Friday's row
    assert not open_ones.open_at(saturday_after).exists()
    # On a Sunday at noon it is open, until 14:00.
    assert status(night_line, utc(2026, 12, 6, 11, 0)).until == local(2026, 12, 6, 14, 0)
    assert open_ones.open_at(utc(2026, 12, 6, 11, 0)).exists()


@pytest.mark.django_db
def test_hours_stay_at_nine_in_amsterdam_across_the_change_to_summer_time():
    ind = Organization.objects.get(slug="ind")
    # Summer time starts on Sunday 29 March 2026. On Friday 27 March 08:30 UTC is 09:30 (CET);
    # on Monday 30 March 07:30 UTC is already 09:30 (CEST), and 08:30 CET would be closed.
    assert status(ind, utc(2026, 3, 27, 8, 30)).is_open
    assert not status(ind, utc(2026, 3, 27, 7, 30)).is_open
    assert status(ind, utc(2026, 3, 30, 7, 30)).is_open
    assert Organization.objects.open_at(utc(2026, 3, 30, 7, 30)).filter(slug="ind").exists()
    # Seen on the Sunday of the change, the next opening is 09:00 CEST, i.e. 07:00 UTC.
    sunday = status(ind, utc(2026, 3, 29, 12, 0))
    assert sunday.next_opening == local(2026, 3, 30, 9, 0)
    assert sunday.next_opening.astimezone(UTC) == utc(2026, 3, 30, 7, 0)
    # Last day of summer time (Sunday 25 October 2026): closing at 17:00 CET is 16:00 UTC.
    assert status(ind, utc(2026, 10, 26, 15, 30)).is_open
    assert not status(ind, utc(2026, 10, 26, 16, 0)).is_open
    assert not Organization.objects.open_at(utc(2026, 10, 26, 16, 0)).filter(slug="ind").exists()


@pytest.mark.django_db
def test_temporarily_closed_and_out_of_validity_hours_never_count(night_line):
    sunday_noon = utc(2026, 12, 6, 11, 0)
    OpeningHours.objects.filter(organization=night_line, weekday=7).update(
        valid_until=datetime.date(2026, 11, 30)
    )
    assert not status(night_line, sunday_noon).is_open
    assert not Organization.objects.filter(pk=night_line.pk).open_at(sunday_noon).exists()
    OpeningHours.objects.filter(organization=night_line, weekday=7).update(
        valid_until=None, temporarily_closed=True
    )
    assert not status(night_line, sunday_noon).is_open
    assert not Organization.objects.filter(pk=night_line.pk).open_at(sunday_noon).exists()


@pytest.mark.django_db
def test_no_hours_means_no_status():
    coa = Organization.objects.get(slug="coa")
    assert status(coa, utc(2026, 12, 2, 10)) is None


@pytest.mark.django_db
def test_hours_are_checked_for_the_right_office():
    ind, coa = Organization.objects.get(slug="ind"), Organization.objects.get(slug="coa")
    office = Location.objects.create(organization=coa, name="Ter Apel")
    hours = OpeningHours(organization=ind, kind="office", location=office, weekday=1)
    with pytest.raises(Exception, match="another organization"):
        hours.full_clean()


def test_days_and_languages_are_named_in_the_visitors_language():
    assert weekday_name(1, "nl") == "maandag"
    assert weekday_name(7, "en") == "Sunday"
    assert weekday_name(1, "ar") == "الاثنين"
    assert weekday_name(1, "ti")  # CLDR knows Tigrinya, which Django does not
    assert language_name("ar", "nl") == "Arabisch"
    assert language_name("ti", "en") == "Tigrinya"
    assert language_name("fa", "fa") == "فارسی"
