"""Opening hours in the visitor's language: day names, and "Open now" / "Opens at ..."."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from common.templatetags.content import keep_numbers_left_to_right
from organizations.models import OpeningHours, amsterdam_time, language_name, weekday_name

register = template.Library()


@register.filter
def weekday(number):
    return weekday_name(number)


@register.filter
def language(code):
    return language_name(code)


def _signature(row):
    return (
        row.opens,
        row.closes,
        row.by_appointment_only,
        row.temporarily_closed,
        row.valid_from,
        row.valid_until,
        row.note,
    )


@register.simple_tag
def weekly_hours(rows):
    """The rows as table lines, days with the same hours in a row joined ("Monday–Friday"),
    so a week fits a few lines on a printed sheet."""
    by_day = {}
    for row in rows:
        by_day.setdefault(row.weekday, []).append(row)
    lines = []
    for day in sorted(by_day):
        same = tuple(_signature(row) for row in by_day[day])
        last = lines[-1] if lines else None
        if last and last["last_day"] == day - 1 and last["signature"] == same:
            last["last_day"] = day
        else:
            lines.append(
                {"first_day": day, "last_day": day, "signature": same, "rows": by_day[day]}
            )
    for line in lines:
        first, last = weekday_name(line["first_day"]), weekday_name(line["last_day"])
        line["days"] = first if first == last else f"{first}–{last}"
    return lines


def status_text(status, moment=None):
    if status.is_open:
        text = gettext("Open now, until %(time)s") % {"time": f"{status.until:%H:%M}"}
    elif status.next_opening is None:
        text = gettext("Closed now")
    elif status.next_opening.date() == amsterdam_time(moment).date():
        text = gettext("Opens at %(time)s today") % {"time": f"{status.next_opening:%H:%M}"}
    else:
        text = gettext("Opens at %(time)s on %(day)s") % {
            "time": f"{status.next_opening:%H:%M}",
            "day": weekday_name(status.next_opening.isoweekday()),
        }
    if status.by_appointment_only:
        text = f"{text} ({gettext('by appointment only')})"
    return text


@register.simple_tag
def opening_status(rows):
    """A line saying whether it is open now (Amsterdam time), or when it opens next."""
    status = OpeningHours.status(list(rows))
    if status is None:
        return ""
    return format_html(
        '<p class="open-status{}">{}</p>',
        " is-open" if status.is_open else "",
        mark_safe(keep_numbers_left_to_right(escape(status_text(status)))),  # noqa: S308
    )
