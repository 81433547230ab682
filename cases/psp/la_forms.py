"""The filters of the LA's list of PSPs, for its termly PSP Monitoring Group (004)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cases.psp.models import PastoralSupportProgramme, PspMonitoring
from cases.psp.selectors import with_overdue_steps

Stage = PastoralSupportProgramme.Stage


def stage_choices():
    return [("open", _("Any open PSP")), *PastoralSupportProgramme.Stage.choices]


class LaPspFilter(django_filters.FilterSet):
    """The monitoring group's filters: school, stage, due for this term's group, overdue."""

    school = django_filters.ChoiceFilter(
        label=_("School"), field_name="school_id", empty_label=_("Any school")
    )
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), method="filter_stage", empty_label=_("Any stage"), choices=stage_choices()
    )
    monitoring = django_filters.BooleanFilter(
        label=_("Only those due for this term's monitoring group"),
        method="filter_monitoring",
        widget=forms.CheckboxInput,
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only those with an overdue review or check-in"),
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = PastoralSupportProgramme
        fields = ["school", "stage", "monitoring", "overdue"]

    def __init__(self, *args, schools, term_start, today, **kwargs):
        self.term_start, self.today = term_start, today
        super().__init__(*args, **kwargs)
        self.filters["school"].extra["choices"] = [(str(s.pk), s.name) for s in schools]

    def filter_stage(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(stage=Stage.CEASED)
        return queryset.filter(stage=value)

    def filter_monitoring(self, queryset, name, value):
        """reviews.rules.psp_due_for_monitoring, in the database: agreed and open, and not
        considered since this term began."""
        if not value:
            return queryset
        considered = PspMonitoring.objects.filter(psp=OuterRef("pk"))
        if self.term_start is not None:
            considered = considered.filter(considered_on__gte=self.term_start)
        return queryset.filter(stage=Stage.REVIEW, agreed_on__isnull=False).exclude(
            Exists(considered)
        )

    def filter_overdue(self, queryset, name, value):
        """Those the list counts overdue steps of (cases.psp.selectors)."""
        return queryset.filter(pk__in=with_overdue_steps(self.today)) if value else queryset
