"""The supplier tiers' rules (score, tier B, document notice) join every catalogue; scores have a unit."""

from django.db import migrations, models

from huiwu.standards.seeding import top_up


class Migration(migrations.Migration):
    dependencies = [
        ("standards", "0007_refuse_unqualified"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rule",
            name="unit",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "none"),
                    ("m", "m"),
                    ("°C", "°C"),
                    ("%", "%"),
                    ("×", "×"),
                    ("ppm", "ppm"),
                    ("µg/m³", "µg/m³"),
                    ("lm", "lm"),
                    ("Mbps", "Mbps"),
                    ("K", "K (horizontal pixels, thousands)"),
                    ("p", "p (vertical lines)"),
                    ("pt", "pt"),
                    ("ms", "ms"),
                    ("s", "seconds"),
                    ("min", "minutes"),
                    ("h", "hours"),
                    ("d", "days"),
                    ("wd", "working days"),
                    ("h/yr", "hours a year"),
                    ("yr", "years"),
                    ("people", "people"),
                    ("count", "count"),
                    ("/5", "points of 5"),
                ],
                max_length=10,
                verbose_name="unit",
            ),
        ),
        migrations.RunPython(top_up, migrations.RunPython.noop),
    ]
