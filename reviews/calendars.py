"""Build a school's SchoolCalendar from the database: the LA's term dates, the school's own
closure days and the nation's bank holidays (DESIGN.md, "Rules")."""

import datetime

from reviews.rules import SchoolCalendar
from tenancy.models import School, TermDate


def calendar_for_school(school: School) -> SchoolCalendar:
    la = school.local_authority
    terms = TermDate.objects.filter(local_authority_id=la.pk).values_list("first_day", "last_day")
    closures = [datetime.date.fromisoformat(d) for d in school.closures or ()]
    return SchoolCalendar(list(terms), closures=closures, nation=la.nation)
