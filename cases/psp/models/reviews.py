"""Stage five of a PSP: its reviews, the key adult's weekly check-ins, the progress towards each
outcome seen at either, and the LA's monitoring group.

Source: 004_f815cbfe89cfcc2a.txt "Stage Five: Review and Monitoring".
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.psp.models.outcomes import PspOutcome
from cases.psp.models.programme import PastoralSupportProgramme
from ui.formats import long_date


class PspReview(models.Model):
    """A review of the PSP (004 Stage Five): at least every six weeks, more often at first."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Continue: progress is made and interventions are effective")
        ADAPT = "adapt", _("Adapt or amend the PSP to meet need")
        CEASE = "cease", _("Cease the PSP: the outcomes have been achieved")
        NEXT_STEPS = "next_steps", _("Discuss next steps with the relevant professionals")

    psp = models.ForeignKey(
        PastoralSupportProgramme, on_delete=models.CASCADE, related_name="reviews"
    )
    held_on = models.DateField(_("date of the review"))
    attendees = models.TextField(_("attendees"))
    working = models.TextField(_("what is working"))
    not_working = models.TextField(_("what is not working"), blank=True)
    parents_views = models.TextField(_("the parents' or carers' views"), blank=True)
    child_views = models.TextField(_("the child's views"), blank=True)
    outcome = models.CharField(_("outcome of the review"), max_length=12, choices=Outcome.choices)
    changes = models.TextField(_("how the PSP is adapted or amended"), blank=True)
    next_steps = models.TextField(_("next steps agreed with the professionals"), blank=True)
    next_review_on = models.DateField(_("date of the next review"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PSP review")
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_pspreview_next_after",
                condition=Q(next_review_on__isnull=True)
                | Q(next_review_on__gt=models.F("held_on")),
                violation_error_message=_("The next review must be after this one."),
            ),
            models.CheckConstraint(
                name="cases_pspreview_next_unless_ceased",
                condition=Q(outcome="cease") | Q(next_review_on__isnull=False),
                violation_error_message=_("Set the date of the next review."),
            ),
        ]

    def __str__(self):
        return str(_("Review of %(day)s") % {"day": long_date(self.held_on)})


class PspCheckIn(models.Model):
    """The key adult's weekly, solution-focused check-in with the child (004 Stage Five)."""

    psp = models.ForeignKey(
        PastoralSupportProgramme, on_delete=models.CASCADE, related_name="check_ins"
    )
    held_on = models.DateField(_("date"))
    working = models.TextField(_("what is working, in the child's words"))
    not_working = models.TextField(_("what is not working"), blank=True)
    next_step = models.TextField(_("what we will try before the next check-in"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("met the child"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PSP check-in")
        ordering = ["-held_on", "-pk"]
        indexes = [
            # the PSP page and the deadline refresh: the latest check-ins first
            models.Index(fields=["psp", "-held_on"], name="cases_pspcheckin_latest_idx"),
        ]

    def __str__(self):
        return str(_("Check-in of %(day)s") % {"day": long_date(self.held_on)})


class PspProgress(models.Model):
    """Progress towards one outcome, as seen at a check-in or a review."""

    class Rating(models.TextChoices):
        NONE = "none", _("No progress yet")
        SOME = "some", _("Some progress")
        GOOD = "good", _("Good progress")
        ACHIEVED = "achieved", _("Achieved")

    outcome = models.ForeignKey(PspOutcome, on_delete=models.CASCADE, related_name="progress")
    check_in = models.ForeignKey(
        PspCheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="progress"
    )
    review = models.ForeignKey(
        PspReview, on_delete=models.CASCADE, null=True, blank=True, related_name="progress"
    )
    rating = models.CharField(_("progress"), max_length=8, choices=Rating.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress towards an outcome")
        ordering = ["outcome__number", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_pspprogress_one_occasion",
                condition=Q(check_in__isnull=False, review__isnull=True)
                | Q(check_in__isnull=True, review__isnull=False),
                violation_error_message=_("Progress is seen at a check-in or a review."),
            ),
            models.UniqueConstraint(
                fields=["check_in", "outcome"],
                condition=Q(check_in__isnull=False),
                name="cases_pspprogress_once_per_check_in",
            ),
            models.UniqueConstraint(
                fields=["review", "outcome"],
                condition=Q(review__isnull=False),
                name="cases_pspprogress_once_per_review",
            ),
        ]

    def __str__(self):
        return f"{self.outcome}: {self.get_rating_display()}"


class PspMonitoring(models.Model):
    """The LA's PSP Monitoring Group considered the PSP (004: it meets termly)."""

    psp = models.ForeignKey(
        PastoralSupportProgramme, on_delete=models.CASCADE, related_name="monitoring"
    )
    considered_on = models.DateField(_("date the monitoring group considered it"))
    notes = models.TextField(_("the group's notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PSP monitoring")
        ordering = ["-considered_on", "-pk"]

    def __str__(self):
        return str(_("Monitoring group, %(day)s") % {"day": long_date(self.considered_on)})
