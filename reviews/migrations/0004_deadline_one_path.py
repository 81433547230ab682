"""One deadline path: a direction's deadlines belong to it through the generic case key, like
every other case type's, and the direction foreign key goes."""

import django.db.models.deletion
from django.db import migrations, models


def direction_deadlines_to_case_key(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Deadline = apps.get_model("reviews", "Deadline")
    direction_type, _created = ContentType.objects.get_or_create(
        app_label="cases", model="direction"
    )
    Deadline.objects.filter(direction__isnull=False).update(
        case_type=direction_type, case_id=models.F("direction_id")
    )


def case_key_to_direction(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Deadline = apps.get_model("reviews", "Deadline")
    direction_type = ContentType.objects.filter(app_label="cases", model="direction").first()
    if direction_type is not None:
        Deadline.objects.filter(case_type=direction_type).update(
            direction_id=models.F("case_id"), case_type=None, case_id=None
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_back_on_track_psp_rtt_ap_travel"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviews", "0003_deadline_any_case"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="deadline", name="reviews_deadline_one_case"),
        migrations.RemoveConstraint(
            model_name="deadline", name="reviews_deadline_unique_key_per_case"
        ),
        migrations.RunPython(direction_deadlines_to_case_key, case_key_to_direction),
        migrations.RemoveField(model_name="deadline", name="direction"),
        migrations.AlterField(
            model_name="deadline",
            name="case_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AlterField(
            model_name="deadline",
            name="case_id",
            field=models.PositiveBigIntegerField(),
        ),
        migrations.RemoveConstraint(
            model_name="deadline", name="reviews_deadline_unique_key_per_other_case"
        ),
        migrations.AddConstraint(
            model_name="deadline",
            constraint=models.UniqueConstraint(
                fields=("case_type", "case_id", "key"),
                name="reviews_deadline_unique_key_per_case",
            ),
        ),
    ]
