"""How Waymark writes dates and times for people: GOV.UK style, in the active language."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _


def long_date(day: datetime.date | None) -> str:
    """2 December 2026 (GOV.UK: no leading zero, the month in words); "" for no date."""
    return f"{day:%-d %B %Y}" if day else ""


def long_datetime(moment: datetime.datetime | None) -> str:
    """4:04pm on 22 November 2026, in the local time zone (Django's "a" would print "p.m.")."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return _("%(time)s on %(day)s") % {
        "time": f"{local:%-I:%M}{local:%p}".lower(),
        "day": long_date(local.date()),
    }
