"""The feedback station's frequent-request figures (how many people, within how many minutes) join every
catalogue."""

from django.db import migrations

from huiwu.standards.seeding import top_up


class Migration(migrations.Migration):
    dependencies = [
        ("standards", "0008_supplier_tiers"),
    ]

    operations = [
        migrations.RunPython(top_up, migrations.RunPython.noop),
    ]
