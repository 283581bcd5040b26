from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("attendees", "0004_id_number_digest_backfill")]

    operations = [
        migrations.AddConstraint(
            model_name='attendee',
            constraint=models.UniqueConstraint(condition=models.Q(('id_number_digest', ''), _negated=True), fields=('meeting', 'id_number_digest'), name='attendee_id_number_once'),
        ),
    ]
