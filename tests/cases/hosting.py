"""A direction the world's host school hosts, for the host-side tests (attendance, contacts,
host suspension). Dates are in the demo's English term dates: the pupil started at the host on
Monday 2 November 2026; the tests' "now" is Wednesday 18 November 2026 at 2pm."""

import datetime
from zoneinfo import ZoneInfo

from cases.directions.models import Direction
from demo.calendar import seed_term_dates
from tenancy.services import grant_host_access

D = datetime.date
LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 11, 18, 14, 0, tzinfo=LONDON)
START = D(2026, 11, 2)
END = D(2027, 2, 12)


def hosted_direction(world, *, pupil=None, state=Direction.State.ACTIVE, **kwargs) -> Direction:
    seed_term_dates(world.la)
    pupil = pupil or world.pupil
    direction = Direction.objects.create(
        pupil=pupil,
        home_school=pupil.school,
        host_school=world.host,
        case_lead=world.users["school_case_lead"],
        state=state,
        reasons="Persistent disruption",
        objectives="Attend every lesson",
        success_criteria="No suspensions",
        planned_start=kwargs.pop("planned_start", START),
        planned_end=kwargs.pop("planned_end", END),
        **kwargs,
    )
    grant_host_access(pupil, world.host)
    return direction


def week_post(monday: datetime.date, days: int = 5, codes: dict | None = None) -> dict:
    """A week's form as the browser posts it: present for each session unless `codes` says
    otherwise (keys like "2026-11-17-am")."""
    data = {}
    for i in range(days):
        iso = (monday + datetime.timedelta(days=i)).isoformat()
        data[f"{iso}-am"] = "/"
        data[f"{iso}-pm"] = "/"
        data[f"{iso}-note"] = ""
    data.update(codes or {})
    return data
