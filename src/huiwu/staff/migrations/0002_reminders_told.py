"""The reminders already sent move to the one record of what was told (``notifications.Told``), so no
certificate or training reminder is sent a second time."""

from django.db import migrations


def carry(apps, schema_editor) -> None:
    Reminder = apps.get_model("staff", "Reminder")
    Told = apps.get_model("notifications", "Told")
    Told.objects.bulk_create(
        [Told(org_id=r.org_id, key=f"staff:{r.key}") for r in Reminder.objects.all()], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0001_staff"),
        ("notifications", "0002_told"),
    ]

    operations = [
        migrations.RunPython(carry, migrations.RunPython.noop),
        migrations.DeleteModel(name="Reminder"),
    ]
