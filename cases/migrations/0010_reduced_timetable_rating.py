"""The reduced timetable's stored audit rating and first day past the limit (issue 12), filled
for the timetables already recorded by the same code the services and the nightly refresh use
(cases.reduced_timetables.rating, which asks the rules)."""

from django.db import migrations, models
from django.utils import timezone


def rate_existing(apps, schema_editor):
    from cases.reduced_timetables.rating import ratings_refresh

    ReducedTimetable = apps.get_model("cases", "ReducedTimetable")
    ratings_refresh(ReducedTimetable.objects.all(), today=timezone.localdate())


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_managed_move_without_direction"),
        # the pupil's safeguarding record, which the audit reads (004 Appendix 2)
        ("safeguarding", "0003_back_on_track_psp_rtt_ap_travel"),
    ]

    operations = [
        migrations.AddField(
            model_name="reducedtimetable",
            name="past_limit_on",
            field=models.DateField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="past the limit without authorisation from",
            ),
        ),
        migrations.AddField(
            model_name="reducedtimetable",
            name="rating",
            field=models.CharField(
                blank=True,
                choices=[("green", "Green"), ("amber", "Amber"), ("red", "Red")],
                editable=False,
                max_length=5,
                verbose_name="audit rating",
            ),
        ),
        migrations.AddIndex(
            model_name="reducedtimetable",
            index=models.Index(fields=["school", "rating"], name="cases_rtt_school_rating_idx"),
        ),
        migrations.AddIndex(
            model_name="reducedtimetable",
            index=models.Index(
                fields=["school", "past_limit_on"], name="cases_rtt_school_past_idx"
            ),
        ),
        migrations.RunPython(rate_existing, migrations.RunPython.noop),
    ]
