"""The answers of a reduced timetable's checklist (004, Appendix 1), beside the timetable's
models (cases.reduced_timetables.models re-exports it)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class RttChecklistAnswer(models.Model):
    """One answer of Appendix 1's checklist, with who answered it and when."""

    class Item(models.TextChoices):
        REFERRALS = (
            "referrals",
            _("Have referrals been made to relevant agencies, for example Social Services or TAF?"),
        )
        RISK_ASSESSMENT = "risk_assessment", _("Risk assessments completed and any risks managed")
        PSP = "psp", _("Pastoral Support Programme (PSP) in place")
        CONSENT = (
            "consent",
            _("Parental consent and signature, as well as other professionals involved"),
        )
        SAFEGUARDING = (
            "safeguarding",
            _(
                "Are agreed suitable arrangements in place and documented to ensure the "
                "safeguarding and care of the pupil during the period when they would otherwise "
                "have been expected to be in school?"
            ),
        )
        TRANSPORT = (
            "transport",
            _(
                "Travelling and transport arrangements agreed with the parents or carers and, "
                "where necessary, with the LA"
            ),
        )
        ALN = (
            "aln",
            _(
                "Is there a statement or IDP of additional learning needs? Liaison with the ALN "
                "support team for their input"
            ),
        )
        REINTEGRATION = (
            "reintegration",
            _("Is there an agreed plan for reintegration back to full-time education?"),
        )

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        NOT_APPLICABLE = "na", _("Not applicable")

    timetable = models.ForeignKey(
        "cases.ReducedTimetable", on_delete=models.CASCADE, related_name="checklist"
    )
    item = models.CharField(_("item"), max_length=16, choices=Item.choices)
    answer = models.CharField(_("answer"), max_length=3, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_on = models.DateField(_("answered on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist answer")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["timetable", "item"], name="cases_rttchecklist_one_per_item"
            ),
        ]

    def __str__(self):
        return f"{self.get_item_display()}: {self.get_answer_display()}"
