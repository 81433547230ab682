"""How Waymark writes dates and times for people: GOV.UK style, in the active language."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def long_date(day: datetime.date | None) -> str:
    """2 December 2026 (GOV.UK: no leading zero, the month in words); "" for no date. The month
    is in the active language (2 Rhagfyr 2026 in Welsh): never strftime's English %B."""
    return date_format(day, "j F Y") if day else ""


def weekday(day: datetime.date) -> str:
    """Monday (Dydd Llun in Welsh), in the active language."""
    return date_format(day, "l")


def long_datetime(moment: datetime.datetime | None) -> str:
    """4:04pm on 22 November 2026, in the local time zone (Django's "a" would print "p.m.")."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return _("%(time)s on %(day)s") % {
        "time": f"{local:%-I:%M}{pgettext('time of day', 'am' if local.hour < 12 else 'pm')}",
        "day": long_date(local.date()),
    }
