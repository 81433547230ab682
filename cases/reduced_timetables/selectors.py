"""What a reduced timetable is now: its hours, its checklist, its Green/Amber/Red audit
(004 Appendix 2) and the Director's authorisation where its LA's protocol has them
(cases.reduced_timetables.protocols). Reads only; the rules are in reviews.rules."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.reduced_timetables.models import ReducedTimetable, RttChecklistAnswer
from cases.reduced_timetables.models import RttTimetableEntry as Entry
from cases.reduced_timetables.protocols import law_of, protocol_of, questions
from reviews import rules
from tenancy.jurisdiction import ReducedTimetableProtocol
from ui.formats import long_date

Item = RttChecklistAnswer.Item
Answer = RttChecklistAnswer.Answer


# Appendix 2's indicators in words; the sensitive ones name safeguarding detail and are shown
# only to those who may see it (access.can_view_safeguarding).
INDICATORS = {
    "not_through_guidance": (
        gettext_lazy(
            "Not set up through a PSP, nor purely medical with an individual health care plan"
        ),
        False,
    ),
    "no_exit_strategy": (
        gettext_lazy("No exit strategy: no planned increase of hours back to full time"),
        False,
    ),
    "single_agency": (
        gettext_lazy("The school is the single agency, with no input from other services"),
        False,
    ),
    "harm_risk": (gettext_lazy("The pupil is known to be at risk of significant harm"), True),
    "looked_after": (gettext_lazy("The pupil is a child looked after (CLA)"), False),
    "protection_or_care_plan": (
        gettext_lazy(
            "The pupil is on the child protection register or subject to a care and support plan"
        ),
        True,
    ),
    "non_attendance": (gettext_lazy("There is non-attendance for a period of time"), False),
    "beyond_limit": (gettext_lazy("Extended beyond the 12-week limit"), False),
    "beyond_limit_unauthorised": (
        gettext_lazy("Running beyond the 12-week limit without the Director's authorisation"),
        False,
    ),
    "little_progress": (gettext_lazy("There is little or no progression"), False),
    "no_time_increase": (
        gettext_lazy("No time increase: the planned increase of hours has not happened"),
        False,
    ),
    "parent_dissatisfied": (gettext_lazy("Parental dissatisfaction"), False),
    "professional_concerns": (gettext_lazy("Concerns expressed by other professionals"), False),
}


SENSITIVE_SUMMARY = gettext_lazy(
    "A safeguarding indicator applies (the DSL and the LA's safeguarding officers see which)"
)


AUTHORISATION_LABELS = {
    rules.RTT_AUTH_NOT_NEEDED: gettext_lazy("Not needed"),
    rules.RTT_AUTH_NEEDED: gettext_lazy("Needed before the limit"),
    rules.RTT_AUTH_AUTHORISED: gettext_lazy("Authorised"),
    rules.RTT_AUTH_MISSING: gettext_lazy("Past the limit without authorisation"),
}
# Planned past the limit, and the Director said no: it must end by the limit.
DECLINED_LABEL = gettext_lazy("Declined by the Director")


@dataclass(frozen=True)
class Indicator:
    rating: str
    code: str
    label: str
    sensitive: bool


@dataclass(frozen=True)
class RttStatus:
    """Everything the pages, the LA's record and the PDF say about one reduced timetable."""

    weekly_hours: Decimal | None
    full_time_hours: Decimal | None
    weeks_elapsed: int
    limit_date: datetime.date
    authorisation: str
    rating: str  # "" where the LA's protocol has no audit matrix
    indicators: tuple[Indicator, ...]
    absence_code: str  # the nation's code for a session not attended (tenancy.jurisdiction)
    checklist_missing: tuple[str, ...]
    protocol: ReducedTimetableProtocol
    ap_code: str  # the nation's code for a session attended at alternative provision
    # The last day it may run once the Director declined to authorise more; None otherwise.
    must_end_by: datetime.date | None = None

    @property
    def weekly_hours_text(self) -> str:
        return hours_text(self.weekly_hours)

    @property
    def full_time_text(self) -> str:
        return hours_text(self.full_time_hours)

    @property
    def authorisation_label(self) -> str:
        if self.must_end_by is not None and self.authorisation == rules.RTT_AUTH_NEEDED:
            return str(DECLINED_LABEL)
        return str(AUTHORISATION_LABELS[self.authorisation])

    @property
    def past_limit_unauthorised(self) -> bool:
        return self.authorisation == rules.RTT_AUTH_MISSING

    @property
    def is_reduced(self) -> bool | None:
        if self.weekly_hours is None or self.full_time_hours is None:
            return None
        return self.weekly_hours < self.full_time_hours

    def reasons_for(self, sees_safeguarding: bool) -> list[str]:
        """The indicators in words; the safeguarding ones said once, without detail, to those
        who may not see safeguarding detail."""
        out, hidden = [], False
        for indicator in self.indicators:
            if indicator.sensitive and not sees_safeguarding:
                hidden = True
                continue
            out.append(indicator.label)
        if hidden:
            out.insert(0, str(SENSITIVE_SUMMARY))
        return out


def counted_from(timetable: ReducedTimetable) -> datetime.date:
    """The day the 12-week limit counts from: the start date, or the day the start was
    recorded when that is earlier (a start date moved later after the start, before the
    lock on it, must not hide weeks already run). 004: "usually no more than 12 weeks"."""
    if timetable.started_on is not None and timetable.started_on < timetable.start:
        return timetable.started_on
    return timetable.start


def must_end_by(timetable: ReducedTimetable) -> datetime.date:
    """The last day it may run without (more of) the Director's authorisation: the last day
    within the LA's limit, or of an earlier authorisation (rules.reduced_timetable_must_end_by).
    A declined reduced timetable ends by then."""
    return rules.reduced_timetable_must_end_by(
        counted_from(timetable),
        timetable.school.local_authority.reduced_timetable_max_weeks,
        timetable.authorised_until,
    )


def past_limit_unauthorised(today: datetime.date) -> Q:
    """Those past the limit without the Director's authorisation on `today` (the LA's flag),
    in SQL: the stored first day past it (rules.rtt_past_limit_from, kept by
    cases.reduced_timetables.rating) has come, and it had not ended before then. This is
    rules.rtt_authorisation's "missing" asked of the database."""
    return Q(past_limit_on__lte=today) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=F("past_limit_on"))
    )


def past_limit_on_day(day: datetime.date) -> Q:
    """Those running on `day` (started by then, not yet ended) and past the limit without
    authorisation on it, as their records stand now: an authorisation recorded later counts
    for the dates it covers."""
    return Q(started_on__lte=day, past_limit_on__lte=day) & (
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


def hours_text(hours: Decimal | None) -> str:
    """Hours as a school writes them: 10, 12.5, 23.5, 0.83 (no trailing zeros)."""
    if hours is None:
        return ""
    text = f"{hours:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def weekly_hours(timetable: ReducedTimetable, entries: list[Entry]) -> Decimal | None:
    """The timetable's weekly hours (None while it has no entries, or a session is missing its
    times)."""
    if timetable.layout == ReducedTimetable.Layout.PRIMARY:
        sessions = [e for e in entries if e.week == 1 and e.lesson == 0]
        if not sessions or any(e.starts_at is None or e.ends_at is None for e in sessions):
            return None
        return rules.timetable_hours_primary((e.starts_at, e.ends_at) for e in sessions)
    lessons = [e for e in entries if e.lesson > 0 and e.week <= timetable.timetable_weeks]
    if not lessons:
        return None
    return rules.timetable_hours_secondary(
        len(lessons), timetable.timetable_weeks, timetable.lesson_minutes
    )


def full_time_hours(timetable: ReducedTimetable, today: datetime.date) -> Decimal | None:
    """The pupil's full-time weekly hours (004 for Wales, 32.5 in England); None when the year
    group is outside Reception to Year 13."""
    try:
        year = timetable.pupil.year_group(today)
        return rules.full_time_hours(timetable.school.local_authority.nation, year)
    except ValueError:
        return None


def _safeguarding_flags(pupil) -> bool:
    record = getattr(pupil, "safeguarding", None)
    if record is None:
        return False
    return "yes" in (record.child_protection_plan, record.child_in_need_plan)


def psp_not_signed(timetable: ReducedTimetable) -> str | None:
    """Why the PSP a reduced timetable is set up through does not let it start yet, or None.

    004_f815cbfe89cfcc2a.txt "Reduced Timetables": "Any arrangements for a reduction in hours
    ... generally through the PSP process", and "send a copy of the signed reduced timetable,
    as part of the PSP, to the Deputy Education Safeguarding Officer upon its agreement. The
    PSP should record the arrangements for a reduced timetable including the period of
    reduction and reintegration": it starts from the signed (agreed) PSP, on or after the day
    it was agreed. A purely medical one needs no PSP."""
    if timetable.basis != ReducedTimetable.Basis.PSP or timetable.psp_id is None:
        return None
    agreed_on = timetable.psp.agreed_on
    if agreed_on is None:
        return _(
            "Sign the PSP first: a reduced timetable starts from the signed PSP, which records "
            "it (004)."
        )
    if agreed_on > timetable.start:
        return _(
            "The PSP was signed on %(signed)s, after the start date: a reduced timetable starts "
            "from the signed PSP, so change the start date to %(signed)s or later."
        ) % {"signed": long_date(agreed_on)}
    return None


def lac_authorisation_missing(timetable: ReducedTimetable) -> str | None:
    """004_f815cbfe89cfcc2a.txt Appendix 1, "Parental consent/signature as well as other
    professionals involved, N.B if the pupil is Looked After and the foster carer does not
    have delegated authority please ensure that the Looked After Social Worker authorises."""
    if not timetable.needs_lac_authorisation:
        return None
    return _(
        "The pupil is looked after: record who authorised the reduced timetable, the foster "
        "carer if they have delegated authority, otherwise the looked-after social worker."
    )


def _unanswered(timetable: ReducedTimetable, by_item: dict[str, str]) -> list:
    """The protocol's questions not answered as they must be: Yes, or Not applicable where
    the question allows it."""
    return [
        question
        for question in questions(timetable)
        if not (
            by_item.get(question.item) == Answer.YES
            or (
                question.may_be_not_applicable
                and by_item.get(question.item) == Answer.NOT_APPLICABLE
            )
        )
    ]


def _plan_missing(by_item: dict[str, str], has_steps: bool) -> bool:
    """A reintegration plan answered Yes with no planned increase of hours on it."""
    return by_item.get(Item.REINTEGRATION) == Answer.YES and not has_steps


def checklist_missing(
    timetable: ReducedTimetable, answers: list[RttChecklistAnswer], steps: list
) -> list[str]:
    """What the checklist of the LA's protocol still needs before the start, in words for a
    school office (protocols.questions: 004's Appendix 1, or the DfE's expectations): its
    answers, the signed PSP it rests on ("Pastoral Support Programme (PSP) in place") and, for
    a looked-after pupil, who authorised it (the consent item's N.B.). Reads the timetable's
    PSP, pupil and LA."""
    by_item = {a.item: a.answer for a in answers}
    missing = [
        _("Checklist: “%(item)s” must be answered Yes%(or_na)s.")
        % {
            "item": question.label,
            "or_na": _(" or Not applicable") if question.may_be_not_applicable else "",
        }
        for question in _unanswered(timetable, by_item)
    ]
    if _plan_missing(by_item, bool(steps)):
        missing.append(_("Add the reintegration plan: at least one planned increase of hours."))
    missing.extend(
        m for m in (psp_not_signed(timetable), lac_authorisation_missing(timetable)) if m
    )
    return missing


def checklist_complete(timetable: ReducedTimetable, answers: list, *, has_steps: bool) -> bool:
    """Whether checklist_missing has nothing to say, without putting anything in words: the
    nightly refresh asks it of every open timetable (deadlines.reduced_timetable_refresh_all).
    `answers` need only their item and answer."""
    by_item = {a.item: a.answer for a in answers}
    return not (
        _unanswered(timetable, by_item)
        or _plan_missing(by_item, has_steps)
        or psp_not_signed(timetable)
        or lac_authorisation_missing(timetable)
    )


def audit_facts(
    timetable: ReducedTimetable, *, today: datetime.date, hours: Decimal | None, steps: list
) -> rules.RttAuditFacts:
    """What Appendix 2's audit matrix looks at, read off the timetable (its weekly hours and
    reintegration steps given): the one place the page, the PDF and the stored rating
    (cases.reduced_timetables.rating) take it from."""
    started_hours = timetable.start_weekly_hours
    return rules.RttAuditFacts(
        start=counted_from(timetable),
        provisional_end=timetable.provisional_end,
        today=today,
        max_weeks=timetable.school.local_authority.reduced_timetable_max_weeks,
        authorised_until=timetable.authorised_until,
        ended_on=timetable.ended_on,
        through_guidance=timetable.psp_id is not None
        or (
            timetable.basis == ReducedTimetable.Basis.MEDICAL
            and bool(timetable.health_care_plan.strip())
        ),
        planned_increases=tuple(s.from_date for s in steps),
        hours_increased=bool(hours and started_hours is not None and hours > started_hours),
        little_progress=timetable.progress == ReducedTimetable.Progress.LITTLE,
        parent_dissatisfied=timetable.parent_dissatisfied,
        professional_concerns=timetable.professional_concerns,
        other_agencies=bool(timetable.agencies.strip()),
        harm_risks=tuple(timetable.harm_risks),
        looked_after=timetable.pupil.looked_after,
        protection_or_care_plan=_safeguarding_flags(timetable.pupil),
        non_attendance=timetable.non_attendance,
    )


def rtt_status(
    timetable: ReducedTimetable,
    *,
    today: datetime.date,
    at_alternative_provision: bool = False,
) -> RttStatus:
    """No queries when entries, steps and checklist are prefetched and the PSP, the pupil's
    school, LA and safeguarding record are selected."""
    entries = list(timetable.entries.all())
    steps = sorted(timetable.steps.all(), key=lambda s: s.from_date)
    answers = list(timetable.checklist.all())
    la = timetable.school.local_authority
    protocol, law = protocol_of(timetable), law_of(timetable)
    hours = weekly_hours(timetable, entries)
    since = counted_from(timetable)
    if protocol.audit_matrix:
        audit = rules.rtt_audit(audit_facts(timetable, today=today, hours=hours, steps=steps))
        rating = audit.rating
        indicators = tuple(
            Indicator(rating, code, str(INDICATORS[code][0]), INDICATORS[code][1])
            for rating, code in audit.indicators
        )
    else:
        rating, indicators = "", ()
    return RttStatus(
        weekly_hours=hours,
        full_time_hours=full_time_hours(timetable, today),
        weeks_elapsed=rules.rtt_weeks_elapsed(since, today, timetable.ended_on),
        limit_date=rules.reduced_timetable_last_day(since, la.reduced_timetable_max_weeks),
        authorisation=authorisation_state(timetable, today),
        rating=rating,
        indicators=indicators,
        absence_code=(law.off_site if at_alternative_provision else law.part_time_absence).code,
        checklist_missing=tuple(checklist_missing(timetable, answers, steps)),
        must_end_by=must_end_by(timetable) if timetable.is_declined else None,
        protocol=protocol,
        ap_code=law.off_site.code,
    )


def authorisation_state(timetable: ReducedTimetable, today: datetime.date) -> str:
    """Where it stands against the limit and the Director (rules.rtt_authorisation), under
    the 004 protocol; under the DfE's national expectations there is no Director's step, so
    never needed."""
    if not protocol_of(timetable).director_authorisation:
        return rules.RTT_AUTH_NOT_NEEDED
    return rules.rtt_authorisation(
        counted_from(timetable),
        timetable.provisional_end,
        today,
        max_weeks=timetable.school.local_authority.reduced_timetable_max_weeks,
        authorised_until=timetable.authorised_until,
        ended_on=timetable.ended_on,
    )


def running_now(timetables, today):
    """Reduced timetables the pupil is on now: started and not ended (004)."""
    return timetables.filter(state=ReducedTimetable.State.STARTED, ended_on__isnull=True)
