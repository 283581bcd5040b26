"""Whether an unqualified person is refused a post (or allowed with a reason) joins every catalogue."""

from django.db import migrations

from huiwu.standards.seeding import top_up


class Migration(migrations.Migration):
    dependencies = [("standards", "0006_visual_identity")]

    operations = [migrations.RunPython(top_up, migrations.RunPython.noop)]
