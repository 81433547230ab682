"""Forms and filters of the managed move, the LA's tasks and the LA's list of directions.

Sources: 003_db4daf6c9cf2ba51.txt "Managed Move", "Funding", "Transport" and the NB on template 4.
The LA's list is how its officers monitor every direction of their schools (DESIGN.md).
"""

import datetime
from collections import defaultdict

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from cases.directions.managed_moves import MOVE_FIELDS
from cases.directions.models import Direction, ManagedMove
from cases.directions.selectors import moving_now
from reviews.models import Deadline
from reviews.rules import SchoolCalendar, school_weeks_elapsed
from ui.formats import long_date
from ui.forms import GovukForm, GovukModelForm

ONE_WEEK = datetime.timedelta(weeks=1)


class ManagedMoveForm(GovukModelForm):
    """The managed move agreed at a review: its start, funding, transport and agreements."""

    submit_label = _("Save the managed move")

    class Meta(GovukModelForm.Meta):
        model = ManagedMove
        fields = list(MOVE_FIELDS)

    def __init__(self, *args, direction: Direction, **kwargs):
        self.direction = direction
        if kwargs.get("instance") is None:
            # 003 Funding: "it would be appropriate to discuss funding arrangements before the
            # start of the Off-site Direction", so what was planned is the starting point.
            kwargs["initial"] = {
                "funding_awpu": direction.funding_awpu,
                "funding_send": direction.funding_send,
                "funding_backdated": direction.funding_backdated,
                "transport_redesignation": _(
                    "School Admissions to redesignate %(school)s for transport purposes."
                )
                % {"school": direction.host_school}
                if direction.host_school
                else "",
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        school = self.direction.host_school or _("the new school")
        start = self.fields["agreed_start"]
        start.label = _("Agreed start date")
        start.help_text = _(
            "The pupil goes onto the roll of %(school)s that day. For example, 4 1 2027"
        ) % {"school": school}
        start.error_messages["required"] = _("Enter the agreed start date")
        self.fields["funding_awpu"].help_text = _(
            "003: the balance remaining of the AWPU, by the agreed current formulae."
        )
        self.fields["funding_backdated"].label = _(
            "The funding is backdated to the beginning of the off-site direction"
        )
        transport = self.fields["transport_redesignation"]
        transport.label = _("Transport redesignation")
        transport.help_text = _(
            "003: School Admissions redesignates the school for transport purposes; transport "
            "assistance is assessed under the policy. At planning: %(payer)s."
        ) % {"payer": self.direction.get_transport_payer_display()}
        for name in ("parents_agree", "admission_authority_agrees"):
            self.fields[name].help_text = _(
                "003: a managed move must be agreed with all parties, including the parents "
                "and the admission authority of the new school. Until both have agreed the "
                "pupil stays on the roll of %(home)s and the direction goes on."
            ) % {"home": self.direction.home_school}

    def clean_agreed_start(self):
        value = self.cleaned_data.get("agreed_start")
        agreed = self.direction.moving_since
        if value and agreed and value < agreed:
            raise forms.ValidationError(
                _("The agreed start date must be on or after the review of %(day)s")
                % {"day": long_date(agreed)}
            )
        return value


class ManagedMoveStopForm(GovukForm):
    """003 "Review": the new school will not admit the pupil permanently, or the parents do
    not agree; the direction goes on."""

    submit_label = _("Confirm the managed move is not going ahead")

    reason = forms.CharField(
        label=_("Why is the managed move not going ahead?"),
        help_text=_(
            "For example, the parents do not agree, or the admission authority will not admit "
            "the pupil. The direction goes on and its next review is due as before."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Enter why the managed move is not going ahead")},
    )


class LaTaskDoneForm(GovukForm):
    submit_label = _("Mark as done")

    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("For example, a reference number, or what was updated."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


# The LA's list of directions ---------------------------------------------------------------


def latest_start_with_weeks(today: datetime.date, weeks: int, cal: SchoolCalendar):
    """The latest first day on which `weeks` school weeks have passed by `today`, or None.

    school_weeks_elapsed only grows as the first day moves earlier, so a binary search over
    the days finds the boundary. The window (twice the weeks plus ten) covers every holiday.
    """
    lo = today - ONE_WEEK * (2 * weeks + 10)
    if school_weeks_elapsed(lo, today, cal) < weeks:
        return None
    lo_n, hi_n = 0, (today - lo).days
    while lo_n < hi_n:
        mid = (lo_n + hi_n + 1) // 2
        if school_weeks_elapsed(lo + datetime.timedelta(days=mid), today, cal) >= weeks:
            lo_n = mid
        else:
            hi_n = mid - 1
    return lo + datetime.timedelta(days=lo_n)


class SchoolCalendars:
    """Each school's SchoolCalendar from one LA's term dates (no query per school)."""

    def __init__(self, terms, nation: str):
        self.terms, self.nation = list(terms), nation
        self.base = SchoolCalendar(self.terms, nation=nation)
        self._cache = {}

    def for_school(self, school) -> SchoolCalendar:
        key = tuple(sorted(school.closures or ()))
        if key not in self._cache:
            closures = [datetime.date.fromisoformat(d) for d in key]
            self._cache[key] = SchoolCalendar(self.terms, closures=closures, nation=self.nation)
        return self._cache[key]

    def closed_weeks(self, school, since: datetime.date, today: datetime.date) -> frozenset:
        """Mondays of the weeks the school's own closures take out of school weeks: the only
        way one school's count of school weeks differs from its LA's."""
        by_week = defaultdict(set)
        for text in school.closures or ():
            day = datetime.date.fromisoformat(text)
            if since <= day <= today:
                by_week[day - datetime.timedelta(days=day.weekday())].add(day)
        return frozenset(
            monday
            for monday, days in by_week.items()
            if self.base.is_school_week(monday)
            and all(
                day in days or not self.base.is_school_day(day)
                for day in (monday + datetime.timedelta(days=i) for i in range(5))
            )
        )


# A direction's deadlines, in a subquery over directions (joined, so no content-type query).
OF_THIS_DIRECTION = {
    "case_type__app_label": "cases",
    "case_type__model": "direction",
    "case_id": OuterRef("pk"),
}


def overdue_deadlines(today: datetime.date):
    """A direction's overdue deadlines, for a subquery (open ones past due count too: the
    nightly refresh may not have run yet today)."""
    return Deadline.objects.filter(**OF_THIS_DIRECTION).overdue(today)


ENDED_PREFIX = "ended:"


def state_choices():
    open_states = [(s.value, s.label) for s in Direction.State if s != Direction.State.ENDED]
    ended = [
        (f"{ENDED_PREFIX}{e.value}", _("Ended: %(how)s") % {"how": e.label})
        for e in Direction.Ending
    ]
    moving = ("moving", _("Moving: a managed move being agreed"))
    return [("open", _("Any open direction")), *open_states, moving, *ended]


class WholeNumberFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class LaDirectionFilter(django_filters.FilterSet):
    """The LA officer's filters: school, state, host, school weeks since the start, overdue."""

    school = django_filters.ChoiceFilter(
        label=_("Home school"), field_name="home_school_id", empty_label=_("Any school")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), method="filter_state", empty_label=_("Any state"), choices=state_choices()
    )
    host = django_filters.ChoiceFilter(
        label=_("Host school"), field_name="host_school_id", empty_label=_("Any host")
    )
    weeks = WholeNumberFilter(
        label=_("Running for at least (school weeks)"),
        method="filter_weeks",
        min_value=1,
        max_value=260,
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only those with overdue deadlines"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Direction
        fields = ["school", "state", "host", "weeks", "overdue"]

    def __init__(self, *args, schools, calendars: SchoolCalendars, today, **kwargs):
        self.schools, self.calendars, self.today = schools, calendars, today
        super().__init__(*args, **kwargs)
        choices = [(str(s.pk), s.name) for s in schools]
        self.filters["school"].extra["choices"] = choices
        self.filters["host"].extra["choices"] = choices
        self.form.fields["weeks"].error_messages.update(
            {
                "invalid": _("Enter the number of school weeks as a whole number, like 6"),
                "min_value": _("Enter at least 1 school week"),
                "max_value": _("Enter 260 school weeks or fewer"),
            }
        )

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(state=Direction.State.ENDED)
        if value == "moving":
            return moving_now(queryset, self.today)
        if value.startswith(ENDED_PREFIX):
            return queryset.filter(
                state=Direction.State.ENDED, ending=value.removeprefix(ENDED_PREFIX)
            )
        return queryset.filter(state=value)

    def filter_weeks(self, queryset, name, value):
        """Open directions whose first day was at least `value` school weeks ago, counted in
        each home school's calendar (the LA's term dates, bank holidays and, where they take a
        whole week out, the school's own closure days)."""
        weeks = int(value)
        since = self.today - ONE_WEEK * (2 * weeks + 10)
        by_calendar = defaultdict(list)
        for school in self.schools:
            by_calendar[self.calendars.closed_weeks(school, since, self.today)].append(school.pk)
        started = Q(pk__in=[])
        for closed, school_ids in by_calendar.items():
            days = [m + datetime.timedelta(days=i) for m in closed for i in range(5)]
            cal = SchoolCalendar(self.calendars.terms, closures=days, nation=self.calendars.nation)
            cutoff = latest_start_with_weeks(self.today, weeks, cal)
            if cutoff is not None:
                started |= Q(home_school_id__in=school_ids, planned_start__lte=cutoff)
        return queryset.exclude(state=Direction.State.ENDED).filter(started)

    def filter_overdue(self, queryset, name, value):
        """The directions among the overdue steps' cases (those overdue_deadlines counts),
        found from the overdue steps of directions (reviews_deadline_type_idx) rather than by
        looking for steps of every direction of the LA in turn (issue 12)."""
        if not value:
            return queryset
        # The content type as a subquery, not a join: a value the database knows before it
        # reads the steps, so it reads the overdue ones by reviews_deadline_type_idx.
        directions = ContentType.objects.filter(app_label="cases", model="direction")
        overdue = Deadline.objects.filter(case_type=Subquery(directions.values("pk"))).overdue(
            self.today
        )
        return queryset.filter(pk__in=overdue.values("case_id"))
