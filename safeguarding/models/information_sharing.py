"""The information shared with a receiving centre before a Back-on-Track off-siting, and the new
concerns the receiving centre records while the pupil is there.

Source: 000_6280d14dcdeb4d53.txt "Information sharing, safeguarding": seven items "must be made
available to the centre receiving the pupil and before the off-siting period starts"; "The
receiving centre will manage any new CP / safeguarding issues, using My Concern and
communicating clearly with the DSL on the home site. The home site will manage any existing CP /
safeguarding issues". The notes of the safeguarding items and every concern are seen only by
those access.can_view_offsiting_safeguarding allows.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ui.formats import long_date

__all__ = ["OffSitingConcern", "SharedItem"]


class SharedItem(models.Model):
    """One of the seven items, made available to the receiving centre (or not yet)."""

    class Item(models.TextChoices):
        PASSPORT = "passport", _("Pupil Passport")
        RISK_ASSESSMENT = "risk_assessment", _("Risk Assessment")
        ISP = "isp", _("ISP")
        HANDLING_PLAN = "handling_plan", _("Positive Handling Plan")
        MY_CONCERN = "my_concern", _("Access to My Concern")
        SAFEGUARDING = "safeguarding", _("Knowledge of any safeguarding concerns / risks")
        HOME = "home", _("Understanding of any issues with home and making contact")

    # Their notes, and where their documents are kept, are safeguarding detail: only the DSLs
    # (and those who may see it) read them.
    SAFEGUARDING_ITEMS = frozenset({Item.SAFEGUARDING, Item.HOME})

    offsiting = models.ForeignKey(
        "cases.OffSiting", on_delete=models.CASCADE, related_name="shared_items"
    )
    item = models.CharField(_("item"), max_length=20, choices=Item.choices)
    available = models.BooleanField(_("available to the receiving centre"), default=False)
    available_on = models.DateField(_("made available on"), null=True, blank=True)
    document = models.CharField(
        _("where the document is"),
        max_length=300,
        blank=True,
        help_text=_("For example, the shared drive folder or My Concern record it is in."),
    )
    note = models.TextField(_("note for the receiving centre"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("item shared with the receiving centre")
        ordering = ["offsiting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offsiting", "item"], name="safeguarding_shareditem_once_per_offsiting"
            ),
            models.CheckConstraint(
                name="safeguarding_shareditem_available_has_date",
                condition=models.Q(available=False) | models.Q(available_on__isnull=False),
                violation_error_message=_("Enter the date the item was made available."),
            ),
        ]

    def __str__(self):
        return self.get_item_display()

    @property
    def is_safeguarding(self) -> bool:
        return self.item in self.SAFEGUARDING_ITEMS


class OffSitingConcern(models.Model):
    """A new child protection or safeguarding concern recorded by the receiving centre."""

    offsiting = models.ForeignKey(
        "cases.OffSiting", on_delete=models.CASCADE, related_name="concerns"
    )
    raised_on = models.DateField(_("date of the concern"))
    summary = models.TextField(_("what happened and what was done"))
    my_concern_reference = models.CharField(_("My Concern reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("new concern at the receiving centre")
        ordering = ["-raised_on", "-pk"]

    def __str__(self):
        return str(_("Concern of %(day)s") % {"day": long_date(self.raised_on)})
