"""Home to School Travel Assistance change requests.

Source: 004_f815cbfe89cfcc2a.txt "Home to School Travel Assistance Service, Request for Change to
Current Travel Assistance Arrangements" (the form after the AP safeguarding declaration), and
Appendix 1 of its reduced timetable guidance: "If a pupil is currently in receipt of travel
assistance then the form … must be completed and sent to educationtransport@npt.gov.uk" (the
LA's transport inbox, `LocalAuthority.transport_email`). Every field of the form is here, in
its order. The lifecycle (create, change, send) is cases.travel.services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tenancy.models import School

__all__ = ["TravelAssistanceRequest"]

# The form's weekday grid (004): one row per school day, Monday to Friday.
WEEKDAYS = (
    ("monday", _("Monday")),
    ("tuesday", _("Tuesday")),
    ("wednesday", _("Wednesday")),
    ("thursday", _("Thursday")),
    ("friday", _("Friday")),
)


def _arrival(day_label):
    return models.TimeField(
        format_lazy("{day}: {what}", day=day_label, what=_("time of arrival")),
        null=True,
        blank=True,
    )


def _departure(day_label):
    return models.TimeField(
        format_lazy("{day}: {what}", day=day_label, what=_("time of departure")),
        null=True,
        blank=True,
    )


def _departs_after_arriving(day: str, label) -> models.CheckConstraint:
    arrival, departure = f"{day}_arrival", f"{day}_departure"
    return models.CheckConstraint(
        name=f"cases_travelassistancerequest_{day}_departs_after_arrives",
        condition=Q(**{f"{arrival}__isnull": True})
        | Q(**{f"{departure}__isnull": True})
        | Q(**{f"{departure}__gt": models.F(arrival)}),
        violation_error_message=format_lazy(
            _("On {day} the time of departure must be after the time of arrival."), day=label
        ),
    )


class TravelAssistanceRequest(models.Model):
    """A school's request to change a pupil's travel assistance (for example for a reduced
    timetable), sent as the LA's form to the LA's transport address."""

    pupil = models.ForeignKey(
        "cases.Pupil",
        on_delete=models.PROTECT,
        related_name="travel_requests",
        verbose_name=_("pupil"),
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="travel_requests", verbose_name=_("school")
    )
    reduced_timetable = models.ForeignKey(
        "cases.ReducedTimetable",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="travel_requests",
        verbose_name=_("for the reduced timetable"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    # The form's note: "only … if the pupil has completed the HTST online application process
    # and has received confirmation of an entitlement to home to school travel assistance".
    entitlement_confirmed = models.BooleanField(
        _(
            "The pupil has completed the online application for home to school travel "
            "assistance and has received confirmation of an entitlement to it"
        ),
        default=False,
    )

    # Section to be completed by the school: the person requesting the change.
    requester_name = models.CharField(_("name of person requesting the change"), max_length=150)
    requester_position = models.CharField(_("position within the school"), max_length=150)
    requester_email = models.EmailField(_("contact email"))
    requester_phone = models.CharField(_("contact telephone number"), max_length=30)
    requester_signature = models.CharField(
        _("signature"),
        max_length=150,
        blank=True,
        help_text=_("Type your name to sign. Leave it empty to sign the printed form by hand."),
    )
    requester_signed_on = models.DateField(_("date signed"), null=True, blank=True)

    # Section to be completed by the school: the pupil and the change.
    pupil_name = models.CharField(_("name of pupil request is for"), max_length=200)
    pupil_date_of_birth = models.DateField(_("pupil's date of birth"))
    pupil_address = models.TextField(_("pupil address"))
    change_start = models.DateField(_("proposed start date of requested change"))
    change_end = models.DateField(_("proposed end date of requested change"))
    requested_change = models.TextField(
        _("what is the requested change (please provide full details)")
    )
    monday_arrival = _arrival(_("Monday"))
    monday_departure = _departure(_("Monday"))
    tuesday_arrival = _arrival(_("Tuesday"))
    tuesday_departure = _departure(_("Tuesday"))
    wednesday_arrival = _arrival(_("Wednesday"))
    wednesday_departure = _departure(_("Wednesday"))
    thursday_arrival = _arrival(_("Thursday"))
    thursday_departure = _departure(_("Thursday"))
    friday_arrival = _arrival(_("Friday"))
    friday_departure = _departure(_("Friday"))
    reason = models.TextField(_("reason for the request (please provide full details)"))

    # Section to be completed by the relevant service (ALN / Pupil Wellbeing or Health) that
    # sanctions the change: usually left for them to fill in, recorded when already known.
    sanctioner_name = models.CharField(
        _("name of person sanctioning the change"), max_length=150, blank=True
    )
    sanctioner_service = models.CharField(_("name of service area"), max_length=150, blank=True)
    sanctioner_position = models.CharField(
        _("position within the service"), max_length=150, blank=True
    )
    sanctioner_email = models.EmailField(_("service contact email"), blank=True)
    sanctioner_phone = models.CharField(
        _("service contact telephone number"), max_length=30, blank=True
    )
    sanction_reason = models.TextField(
        _("reason for sanctioning the request (please provide full details)"), blank=True
    )
    sanctioner_signature = models.CharField(
        _("signature of person sanctioning the change"), max_length=150, blank=True
    )
    sanctioned_on = models.DateField(_("date sanctioned"), null=True, blank=True)

    # Sending: the form goes to the LA's transport inbox; a change after that is sent again
    # as a new version of the PDF.
    edited_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last sent by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("travel assistance change request")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the pupil page's card: a pupil's requests, newest first
            models.Index(fields=["pupil", "-created_at"], name="cases_travel_pupil_new_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="cases_travelassistancerequest_entitlement_confirmed",
                condition=Q(entitlement_confirmed=True),
                violation_error_message=_(
                    "This form is only for a pupil with a confirmed entitlement to home to school "
                    "travel assistance."
                ),
            ),
            models.CheckConstraint(
                name="cases_travelassistancerequest_end_after_start",
                condition=Q(change_end__gte=models.F("change_start")),
                violation_error_message=_(
                    "The proposed end date must be on or after the proposed start date."
                ),
            ),
            *(_departs_after_arriving(day, label) for day, label in WEEKDAYS),
        ]

    def __str__(self):
        return str(_("Travel assistance change for %(pupil)s") % {"pupil": self.pupil})

    def get_absolute_url(self):
        return reverse("travel-request-detail", args=[self.pk])

    @property
    def status(self) -> str:
        """draft, sent, or changed (edited since it was last sent)."""
        if self.sent_at is None:
            return "draft"
        if self.edited_at and self.edited_at > self.sent_at:
            return "changed"
        return "sent"

    @property
    def status_label(self):
        return {
            "draft": _("Not sent yet"),
            "sent": _("Sent"),
            "changed": _("Changed since it was sent"),
        }[self.status]

    @property
    def status_colour(self) -> str:
        return {"draft": "grey", "sent": "green", "changed": "yellow"}[self.status]

    def grid(self) -> list[dict]:
        """The weekday grid: one row per day with its arrival and departure times."""
        return [
            {
                "day": day,
                "label": label,
                "arrival": getattr(self, f"{day}_arrival"),
                "departure": getattr(self, f"{day}_departure"),
            }
            for day, label in WEEKDAYS
        ]
