"""Forms for the off-site direction's steps (sources on each field's model)."""

from crispy_forms.layout import HTML
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

import access
from cases.directions.models import Consultation, Direction
from cases.directions.services import PLAN_FIELDS
from reviews.models import Meeting, ReviewRequest
from tenancy.models import School
from ui.formats import long_date
from ui.forms import GovukDateField, GovukForm, GovukModelForm


def _not_future(value, what):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("%(what)s must be today or in the past") % {"what": what})
    return value


class DirectionPlanForm(GovukModelForm):
    """The plan: 001's "should" list (clear duration, objectives, success criteria), the
    letter's details (003 template 5), funding and transport (003), parents' views (template 1).
    """

    class Meta(GovukModelForm.Meta):
        model = Direction
        fields = list(PLAN_FIELDS)

    # The page in four parts, each under its own heading, so an office can fill it in stages.
    GROUPS = (
        (_("Why, what for and for how long"), PLAN_FIELDS[:6]),
        (_("What the letter to parents will say"), PLAN_FIELDS[6:17]),
        (_("Funding and transport"), PLAN_FIELDS[17:22]),
        (_("Parents' views (Notification Form)"), PLAN_FIELDS[22:]),
    )

    @property
    def end_is_decided(self) -> bool:
        """Once decided, the end date changes only at a review (003 "Review")."""
        return self.instance.pk is not None and self.instance.state in Direction.DECIDED_STATES

    def adjust_fields(self):
        if self.end_is_decided:
            del self.fields["planned_end"]

    def layout_fields(self):
        laid = dict(zip(self.fields, super().layout_fields(), strict=True))
        out = []
        for title, names in self.GROUPS:
            out.append(HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', title)))
            for name in names:
                if name in laid:
                    out.append(laid.pop(name))
                elif name == "planned_end" and self.end_is_decided:
                    out.append(HTML(self._decided_end()))
        assert not laid, laid  # noqa: S101 - a plan field outside the groups: a coding error
        return out

    def _decided_end(self):
        return format_html(
            '<div class="govuk-form-group" id="planned_end">'
            '<h3 class="govuk-label govuk-label--s">{}</h3>'
            '<p class="govuk-body govuk-!-margin-bottom-1">{}</p>'
            '<p class="govuk-hint">{}</p></div>',
            _("Planned end date"),
            long_date(self.instance.planned_end) if self.instance.planned_end else "",
            _(
                "The end date changes at a review: record the review's decision to continue "
                "and for how long."
            ),
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_time", "end_time", "report_time"):
            self.fields[name].widget = forms.TextInput(attrs={"class": "govuk-input--width-5"})
            self.fields[name].help_text = _("For example, 8:45 or 15:10")
            self.fields[name].error_messages["invalid"] = _("Enter a time like 8:45 or 15:10")
        self.fields["planned_start"].required = True
        self.fields["planned_start"].error_messages["required"] = _("Enter the first day")
        if "planned_end" in self.fields:
            self.fields["planned_end"].required = True
            self.fields["planned_end"].error_messages["required"] = _(
                "Enter the planned end date: a direction is never open-ended"
            )

    def clean(self):
        cleaned = super().clean()
        start = cleaned.get("planned_start")
        if "planned_end" in self.fields:
            end = cleaned.get("planned_end")
            if start and end and end <= start:
                self.add_error("planned_end", _("The planned end date must be after the first day"))
        elif start and self.instance.planned_end and self.instance.planned_end <= start:
            self.add_error(
                "planned_start",
                _("The first day must be before the planned end date, %(day)s")
                % {"day": long_date(self.instance.planned_end)},
            )
        if (
            cleaned.get("attendance") == Direction.Attendance.PART_TIME
            and not cleaned.get("part_time_timetable", "").strip()
        ):
            self.add_error(
                "part_time_timetable",
                _("Set out the timetable between the host and the home school"),
            )
        if (
            cleaned.get("start_time")
            and cleaned.get("end_time")
            and cleaned["end_time"] <= cleaned["start_time"]
        ):
            self.add_error("end_time", _("The end time must be after the start time"))
        return cleaned

    def validate_constraints(self, exclude=None):
        """The end-after-start rule is already explained beside the field in clean()."""


class ConsultationForm(GovukModelForm):
    class Meta(GovukModelForm.Meta):
        model = Consultation
        fields = ["kind", "person", "on", "supports", "notes"]

    def __init__(self, *args, local_authority, **kwargs):
        self.local_authority = local_authority
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        """The area's Education Entitlement Coordinator is offered only where the LA has areas
        with coordinators (Warwickshire's, 001)."""
        super().adjust_fields()
        if not self.local_authority.areas.exists():
            field = self.fields["kind"]
            field.choices = [c for c in field.choices if c[0] != Consultation.Kind.COORDINATOR]

    def clean_on(self):
        return _not_future(self.cleaned_data.get("on"), _("The date"))


class ConfirmForm(GovukForm):
    """A step with nothing to enter but a deliberate press of the button."""

    submit_label = _("Confirm")


class ApproachHostForm(GovukForm):
    host = forms.ModelChoiceField(
        label=_("Host school"),
        queryset=School.objects.none(),
        help_text=_("003: usually the next appropriate school to the pupil's home."),
        error_messages={"required": _("Choose the host school")},
    )
    on = GovukDateField(label=_("Date approached"))

    def __init__(self, *args, direction, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = access.host_schools_for(direction)


class HostAnswerForm(GovukForm):
    on = GovukDateField(label=_("Date of the answer"))
    accepted = forms.TypedChoiceField(
        label=_("Has the host school agreed in principle?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes, it agrees")), ("no", _("No, it declines"))],
        coerce=lambda v: v == "yes",
        error_messages={"required": _("Say whether the host school agreed")},
    )


class DecisionForm(GovukForm):
    submit_label = _("Record the decision")

    delegation = forms.ChoiceField(
        label=_("Who made the decision?"),
        choices=Direction.Delegation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say who made the decision")},
    )
    delegation_details = forms.CharField(
        label=_("Delegation details"),
        max_length=200,
        required=False,
        help_text=_("Which committee or person, under which scheme of delegation."),
    )
    decided_on = GovukDateField(label=_("Date of the decision"))
    confirm = forms.BooleanField(
        label=_(
            "The decision maker confirms the direction meets every point of the should "
            "and should not lists above"
        ),
        error_messages={
            "required": _("Confirm the direction meets the should and should not lists")
        },
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("delegation")
            in (Direction.Delegation.COMMITTEE, Direction.Delegation.PERSON)
            and not cleaned.get("delegation_details", "").strip()
        ):
            self.add_error(
                "delegation_details", _("Name the committee or person and the scheme of delegation")
            )
        return cleaned


class MeetingForm(GovukModelForm):
    """Template 3 (initial meeting) or template 4 (review or emergency review)."""

    INITIAL_FIELDS = [
        "date",
        "address_changed",
        "home_representative",
        "host_representative",
        "parent_carer",
        "others",
        "reasons",
        "success_needs",
        "next_meeting",
        "signed_by_parent",
        "signed_by_child",
        "signed_by_home",
        "signed_by_host",
    ]
    REVIEW_FIELDS = [
        "date",
        "address_changed",
        "home_representative",
        "host_representative",
        "parent_carer",
        "others",
        "parents_views",
        "progress",
        "concerns",
        "support",
        "outcome",
        "continue_until",
        "next_meeting",
        "signed_by_parent",
        "signed_by_child",
        "signed_by_home",
        "signed_by_host",
    ]

    class Meta(GovukModelForm.Meta):
        model = Meeting
        fields = [
            "kind",
            *dict.fromkeys(
                [
                    "date",
                    "address_changed",
                    "home_representative",
                    "host_representative",
                    "parent_carer",
                    "others",
                    "reasons",
                    "success_needs",
                    "parents_views",
                    "progress",
                    "concerns",
                    "support",
                    "outcome",
                    "continue_until",
                    "next_meeting",
                    "signed_by_parent",
                    "signed_by_child",
                    "signed_by_home",
                    "signed_by_host",
                ]
            ),
        ]

    def __init__(self, *args, kind, direction, **kwargs):
        self.kind, self.direction = kind, direction
        super().__init__(*args, **kwargs)
        self.instance.kind = kind

    def adjust_fields(self):
        kind = self.kind
        keep = self.INITIAL_FIELDS if kind == Meeting.Kind.INITIAL else self.REVIEW_FIELDS
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        la = self.direction.home_school.local_authority
        if kind == Meeting.Kind.INITIAL:
            self.fields["next_meeting"].label = _("Date of the first review meeting")
            self.fields["next_meeting"].help_text = _(
                "No more than %(weeks)s school weeks after the start (003)."
            ) % {"weeks": la.first_review_school_weeks}
            self.fields["next_meeting"].required = True
            self.fields["review_interval_weeks"] = self._interval_field(la)
            self.order_fields(
                [*self.INITIAL_FIELDS[: self.INITIAL_FIELDS.index("next_meeting") + 1]]
                + ["review_interval_weeks"]
            )
        else:
            self.fields["outcome"].required = True
            self.fields["outcome"].error_messages["required"] = _("Choose the outcome")
            end = self.direction.planned_end
            self.fields["continue_until"].help_text = (
                _(
                    "If it continues: the new planned end date. Leave it empty to keep "
                    "%(day)s. It must not end before the next review."
                )
                % {"day": long_date(end)}
                if end
                else _(
                    "If it continues: the planned end date. It must not end before the next review."
                )
            )
            weeks = self.direction.review_weeks
            self.fields["next_meeting"].help_text = ngettext(
                "Reviews are every week, as agreed at the initial meeting.",
                "Reviews are every %(weeks)d weeks, as agreed at the initial meeting: no "
                "later than %(weeks)d weeks after this one.",
                weeks,
            ) % {"weeks": weeks}

    def _interval_field(self, la):
        """How often the reviews after the first are held (template 3: "agreed frequency of
        subsequent reviews"), at most the LA's usual interval (001: typically 6 weeks)."""
        most = la.review_interval_weeks
        return forms.IntegerField(
            label=_("Weeks between reviews after the first"),
            help_text=_(
                "As agreed at this meeting, %(weeks)s at most. Fortnightly reviews (2) are best "
                "practice (002)."
            )
            % {"weeks": most},
            initial=self.direction.review_weeks,
            validators=[
                MinValueValidator(1, _("Enter 1 or more weeks between reviews")),
                MaxValueValidator(
                    most,
                    ngettext(
                        "Reviews must be held every week in %(la)s: enter 1",
                        "Reviews must be held at least every %(weeks)d weeks in %(la)s: "
                        "enter %(weeks)d or fewer",
                        most,
                    )
                    % {"weeks": most, "la": la.name},
                ),
            ],
            error_messages={
                "required": _("Enter how many weeks there will be between reviews"),
                "invalid": _("Enter the weeks between reviews as a number, like 4"),
            },
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        )

    def layout_fields(self):
        return [
            Field.text(name, label_size=Size.SMALL, field_width=2)
            if name == "review_interval_weeks"
            else laid
            for name, laid in zip(self.fields, super().layout_fields(), strict=True)
        ]

    def clean_date(self):
        return _not_future(self.cleaned_data.get("date"), _("The date of the meeting"))

    def clean(self):
        cleaned = super().clean()
        date, next_meeting = cleaned.get("date"), cleaned.get("next_meeting")
        if date and next_meeting and next_meeting <= date:
            self.add_error("next_meeting", _("The next meeting must be after this one"))
        if cleaned.get("outcome") == Meeting.Outcome.CONTINUE and not next_meeting:
            self.add_error("next_meeting", _("Set the date of the next review"))
        until = cleaned.get("continue_until")
        if until and date and until <= date:
            self.add_error("continue_until", _("Continue until a date after the meeting"))
        return cleaned


class ScheduleReviewForm(GovukForm):
    """A review in the diary: its date, time and place go into the parents' invitation."""

    submit_label = _("Add to the diary")
    date = GovukDateField(label=_("Date of the review"))
    time = forms.TimeField(
        label=_("Time (optional)"),
        required=False,
        help_text=_("For example, 9:30 or 14:00"),
        error_messages={"invalid": _("Enter a time like 9:30 or 14:00")},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    place = forms.CharField(
        label=_("Place (optional)"),
        required=False,
        max_length=200,
        help_text=_("Leave empty for the home school."),
    )
    shorter_notice_agreed_on = GovukDateField(
        label=_("Date the parents agreed to shorter notice (if they did)"),
        required=False,
        help_text=_(
            "Only for a review sooner than the written notice allows: record the day the "
            "parents agreed in writing to shorter notice."
        ),
    )

    def clean_shorter_notice_agreed_on(self):
        return _not_future(
            self.cleaned_data.get("shorter_notice_agreed_on"), _("The date the parents agreed")
        )

    def clean_date(self):
        value = self.cleaned_data.get("date")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("The date of the review must be today or in the future"))
        return value


class MeetingWhenForm(GovukForm):
    """When and where a meeting in the diary is held: both go into the invitation."""

    submit_label = _("Save")
    time = forms.TimeField(
        label=_("Time"),
        help_text=_("For example, 9:30 or 14:00"),
        error_messages={
            "required": _("Enter the time of the meeting"),
            "invalid": _("Enter a time like 9:30 or 14:00"),
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    place = ScheduleReviewForm.base_fields["place"]


class InvitationForm(GovukForm):
    """The written invitation to a review was sent; with the parents' agreement to shorter
    notice when it went later than the notice the LA sets."""

    submit_label = _("Save")
    on = GovukDateField(label=_("Date the written invitation was sent"))
    shorter_notice_agreed_on = ScheduleReviewForm.base_fields["shorter_notice_agreed_on"]

    def clean_on(self):
        return _not_future(self.cleaned_data.get("on"), _("The date"))

    def clean_shorter_notice_agreed_on(self):
        return _not_future(
            self.cleaned_data.get("shorter_notice_agreed_on"), _("The date the parents agreed")
        )


class DateForm(GovukForm):
    """One date, with a label given by the step (sent on, invited on…)."""

    def __init__(self, *args, label, future_ok=False, **kwargs):
        self.label, self.future_ok = label, future_ok
        super().__init__(*args, **kwargs)

    def adjust_fields(self):
        self.fields["on"] = GovukDateField(label=self.label)

    def clean_on(self):
        value = self.cleaned_data.get("on")
        return value if self.future_ok else _not_future(value, _("The date"))


class ReviewRequestForm(GovukModelForm):
    class Meta(GovukModelForm.Meta):
        model = ReviewRequest
        fields = ["requested_by", "received_on", "notes"]

    def clean_received_on(self):
        return _not_future(self.cleaned_data.get("received_on"), _("The date received"))


class WaiveDeadlineForm(GovukForm):
    reason = forms.CharField(
        label=_("Why is this deadline being waived?"),
        help_text=_(
            "For example, the parents asked for the review to be moved. The reason is kept "
            "with the case and the LA can see it."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": _("Enter why the deadline is being waived")},
    )
    submit_label = _("Waive the deadline")
