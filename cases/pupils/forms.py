"""Passport forms: one per section or list, built from cases.pupils.passport, with the checks of
template 2's fields (UPN check letter, dates in the right order and not in the future)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.forms import modelform_factory
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cases.pupils.models import Pupil
from cases.pupils.passport import field_labels
from reviews.rules import academic_year_start, is_valid_upn
from ui.formats import long_date
from ui.forms import GovukModelForm

OLDEST_PUPIL_YEARS = 25


def _not_in_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class PassportForm(GovukModelForm):
    """Base of every passport form; `pupil` is the record (None when adding), `school` its
    school."""

    def __init__(self, *args, pupil=None, school=None, **kwargs):
        self.pupil = pupil
        self.school = school or (pupil.school if pupil else None)
        super().__init__(*args, **kwargs)
        if self.school is not None:  # the nation's words (cases.pupils.passport.field_labels)
            for name, label in field_labels(self.school.local_authority.law).items():
                if name in self.fields:
                    self.fields[name].label = capfirst(label)
        if "upn" in self.fields:
            self.fields["upn"].help_text = _(
                "13 characters: a check letter, then 12 more, like A885401225001."
            )
            self.fields["upn"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        if "year_group_override" in self.fields:
            self.fields["year_group_override"].help_text = _(
                "0 is Reception, 1 is Year 1 and so on. Leave empty to work it out from the date "
                "of birth."
            )

    def clean_upn(self):
        upn = self.cleaned_data["upn"].strip().upper().replace(" ", "")
        if len(upn) != 13:
            raise forms.ValidationError(_("A UPN is 13 characters long"))
        if not is_valid_upn(upn):
            raise forms.ValidationError(
                _("Check the UPN: its first letter does not match the other 12 characters")
            )
        clash = Pupil.objects.filter(school=self.school, upn=upn)
        if self.pupil is not None:
            clash = clash.exclude(pk=self.pupil.pk)
        if clash.exists():
            raise forms.ValidationError(_("A pupil with this UPN is already on your school's list"))
        return upn

    def clean_date_of_birth(self):
        dob = _not_in_future(
            self.cleaned_data.get("date_of_birth"), _("Date of birth must be in the past")
        )
        if dob and dob < timezone.localdate() - datetime.timedelta(days=366 * OLDEST_PUPIL_YEARS):
            raise forms.ValidationError(
                _("Check the date of birth: the pupil would be over %(n)s")
                % {"n": OLDEST_PUPIL_YEARS}
            )
        admitted = self.pupil.admission_date if self.pupil else None
        if dob and admitted and dob >= admitted:
            raise forms.ValidationError(
                _("Date of birth must be before the date of admission (%(day)s)")
                % {"day": long_date(admitted)}
            )
        return dob

    def clean_year_group_override(self):
        year = self.cleaned_data.get("year_group_override")
        if year is not None and not -1 <= year <= 14:
            raise forms.ValidationError(_("Enter a year group from -1 (nursery) to 14"))
        return year

    def clean_admission_date(self):
        value = _not_in_future(
            self.cleaned_data.get("admission_date"),
            _("Date of admission must be today or in the past"),
        )
        dob = self.pupil.date_of_birth if self.pupil else None
        if value and dob and value <= dob:
            raise forms.ValidationError(_("Date of admission must be after the date of birth"))
        return value

    def clean_roll_date(self):
        return _not_in_future(
            self.cleaned_data.get("roll_date"), _("This date must be today or in the past")
        )

    def clean_completed_on(self):
        return _not_in_future(
            self.cleaned_data.get("completed_on"), _("Date completed must be today or in the past")
        )

    def clean_ehe_start_date(self):
        return _not_in_future(
            self.cleaned_data.get("ehe_start_date"),
            _("Date EHE commenced must be today or in the past"),
        )

    def clean_date(self):  # an exclusion has happened, so it is not in the future
        return _not_in_future(
            self.cleaned_data.get("date"),
            _("The date of the exclusion must be today or in the past"),
        )

    def clean(self):
        cleaned = super().clean()
        for start, end, message in (
            ("start_date", "end_date", _("End date must be on or after the start date")),
            ("admitted", "left", _("Date of leaving must be on or after the date admitted")),
        ):
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, message)
        return cleaned


def passport_form_class(model, fields):
    return modelform_factory(model, form=PassportForm, fields=fields)


class PupilFilter(django_filters.FilterSet):
    """The pupil list's search and filters."""

    q = django_filters.CharFilter(label=_("Name or UPN"), method="filter_q")
    year = django_filters.ChoiceFilter(
        label=_("Year group"),
        method="filter_year",
        empty_label=_("Any year"),
        choices=[(-1, _("Nursery")), (0, _("Reception"))]
        + [(n, _("Year %(n)s") % {"n": n}) for n in range(1, 14)],
    )
    flag = django_filters.ChoiceFilter(
        label=_("Only pupils who"),
        method="filter_flag",
        empty_label=_("Any pupil"),
        choices=[
            ("ehcp", _("have an EHCP")),
            ("send_support", _("receive SEND Support")),
            ("looked_after", _("are looked after")),
            ("eal", _("have English as an additional language")),
            ("pupil_premium", _("receive Pupil Premium")),
        ],
    )

    class Meta:
        model = Pupil
        fields = ["q", "year", "flag"]

    def __init__(self, *args, today, law=None, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        if law is not None:  # the words of the nation whose pupils these are
            words = {
                "ehcp": law.who_have_plan,
                "send_support": law.who_have_school_support,
                "pupil_premium": law.who_have_premium,
            }
            flag = self.filters["flag"]
            flag.extra["choices"] = [(k, words.get(k, label)) for k, label in flag.extra["choices"]]

    def filter_q(self, queryset, name, value):
        for word in value.split()[:5]:
            queryset = queryset.filter(
                Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(upn__iexact=word)
            )
        return queryset

    def filter_year(self, queryset, name, value):
        """Pupils in year `value` today: by override, or by date of birth when none is set."""

        value = int(value)
        start = academic_year_start(self.today)
        # Year N in the academic year starting September Y: born 1 Sept (Y-N-5) – 31 Aug (Y-N-4).
        born_from = datetime.date(start.year - value - 5, 9, 1)
        born_to = datetime.date(start.year - value - 4, 8, 31)
        return queryset.filter(
            Q(year_group_override=value)
            | Q(year_group_override__isnull=True, date_of_birth__range=(born_from, born_to))
        )

    def filter_flag(self, queryset, name, value):
        return {
            "ehcp": lambda q: q.filter(has_ehcp=True),
            "send_support": lambda q: q.filter(send_support=True),
            "looked_after": lambda q: q.filter(looked_after=True),
            "eal": lambda q: q.exclude(english_level=Pupil.EnglishLevel.FIRST_LANGUAGE),
            "pupil_premium": lambda q: q.filter(pupil_premium="yes"),
        }[value](queryset)
