"""What a PSP works towards and who agrees to what: its outcomes, written with the workbook's
Outcome Sequence and supported through its Support Sequence, and the agreements of the family
and the other professionals.

Source: 004_f815cbfe89cfcc2a.txt, the "Outcome and Support Sequence" workbook and the PSP
Initial Meeting template ("The parent/carer agrees to", "Other professionals agree to").
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.psp.models.programme import PastoralSupportProgramme


class PspOutcome(models.Model):
    """One positive change the PSP works towards, written with the Outcome Sequence and
    supported through the Support Sequence (004, "Outcome and Support Sequence" workbook)."""

    # The eight questions of step 5 of the Outcome Sequence, in the workbook's words.
    CHECKS = (
        ("check_measurable", _("Can we measure it? Do we know the starting point?")),
        ("check_achievable", _("Is it achievable?")),
        ("check_keeps_working", _("Does it keep or build on what is working?")),
        ("check_changes_not_working", _("Does it change what is not working?")),
        (
            "check_moves_closer",
            _("Does it move us closer to the person's positive change or aspiration?"),
        ),
        ("check_meets_need", _("Where there is assessed need, does the outcome meet it?")),
        (
            "check_everyday_language",
            _("Is it in everyday language, and not expressed from a service perspective?"),
        ),
        ("check_solution", _("Is there a solution embedded in the outcome?")),
    )
    # The seven steps of the Support Sequence.
    SUPPORTS = (
        ("support_yourself", _("1. Yourself")),
        ("support_technology", _("2. Technology")),
        ("support_equipment", _("3. Equipment and adaptations")),
        ("support_family", _("4. Family, friends and neighbours")),
        ("support_community", _("5. Community")),
        ("support_services", _("6. Services or setting")),
        ("support_specialist", _("7. Support")),
    )

    psp = models.ForeignKey(
        PastoralSupportProgramme, on_delete=models.CASCADE, related_name="outcomes"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    # Outcome Sequence steps 1 to 4
    what_matters = models.TextField(
        _("what matters, who matters and where matters to the child (and their aspirations)"),
        blank=True,
    )
    working = models.TextField(_("what is working now"), blank=True)
    not_working = models.TextField(_("what is not working now"), blank=True)
    positive_change = models.TextField(_("what is the positive change the child wants to see?"))
    outcome = models.TextField(_("the specific outcome"))
    starting_point = models.CharField(
        _("the starting point"),
        max_length=300,
        blank=True,
        help_text=_("Where things are now, so progress can be measured."),
    )
    # Outcome Sequence step 5: the eight checks
    check_measurable = models.BooleanField(CHECKS[0][1], default=False)
    check_achievable = models.BooleanField(CHECKS[1][1], default=False)
    check_keeps_working = models.BooleanField(CHECKS[2][1], default=False)
    check_changes_not_working = models.BooleanField(CHECKS[3][1], default=False)
    check_moves_closer = models.BooleanField(CHECKS[4][1], default=False)
    check_meets_need = models.BooleanField(CHECKS[5][1], default=False)
    check_everyday_language = models.BooleanField(CHECKS[6][1], default=False)
    check_solution = models.BooleanField(CHECKS[7][1], default=False)
    # Support Sequence
    tried_already = models.TextField(
        _("what the child has tried already, and their own ideas"), blank=True
    )
    support_yourself = models.TextField(SUPPORTS[0][1], blank=True)
    support_technology = models.TextField(SUPPORTS[1][1], blank=True)
    support_equipment = models.TextField(SUPPORTS[2][1], blank=True)
    support_family = models.TextField(SUPPORTS[3][1], blank=True)
    support_community = models.TextField(SUPPORTS[4][1], blank=True)
    support_services = models.TextField(SUPPORTS[5][1], blank=True)
    support_specialist = models.TextField(SUPPORTS[6][1], blank=True)
    child_involved = models.BooleanField(
        _("I involved the child in decision making as much as I could"), default=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PSP outcome")
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["psp", "number"], name="cases_pspoutcome_number"),
        ]

    def __str__(self):
        return str(_("Outcome %(n)s") % {"n": self.number})

    def unchecked(self) -> list[str]:
        """The step 5 questions not yet answered yes."""
        return [str(label) for name, label in self.CHECKS if not getattr(self, name)]

    def supports(self) -> list[tuple[str, str]]:
        """The Support Sequence answers given, as (step, answer)."""
        return [
            (str(label), getattr(self, name))
            for name, label in self.SUPPORTS
            if getattr(self, name).strip()
        ]


class PspAgreement(models.Model):
    """What a parent or carer (by name) or another professional (name and agency) agrees to."""

    class Party(models.TextChoices):
        PARENT = "parent", _("Parent or carer")
        PROFESSIONAL = "professional", _("Other professional")

    psp = models.ForeignKey(
        PastoralSupportProgramme, on_delete=models.CASCADE, related_name="agreements"
    )
    party = models.CharField(_("who"), max_length=12, choices=Party.choices)
    name = models.CharField(_("name"), max_length=150)
    agency = models.CharField(_("agency"), max_length=150, blank=True)
    agrees_to = models.TextField(_("agrees to"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("PSP agreement")
        ordering = ["party", "pk"]
        constraints = [
            models.CheckConstraint(
                name="cases_pspagreement_professional_agency",
                condition=~Q(party="professional") | ~Q(agency=""),
                violation_error_message=_("Give the professional's agency."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.agency})" if self.agency else self.name
