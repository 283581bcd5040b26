"""Fill the ID-number fingerprint of existing attendees (re-runnable, in batches). When a meeting
already holds one number twice, the later record keeps no fingerprint, so the constraint of the next
migration can be created; the duplicate is then visible by its number as before."""

from django.db import migrations

BATCH = 1000


def backfill(apps, schema_editor):
    from huiwu.attendees import crypto  # pure helpers (Fernet, HMAC), no models

    Attendee = apps.get_model("attendees", "Attendee")
    seen = set(
        Attendee.objects.exclude(id_number_digest="").values_list("meeting_id", "id_number_digest")
    )
    todo = Attendee.objects.filter(id_number_digest="").exclude(id_number_encrypted="").order_by("pk")
    last = 0
    while True:
        rows = list(todo.filter(pk__gt=last)[:BATCH])
        if not rows:
            break
        for row in rows:
            digest = crypto.digest(crypto.decrypt(row.id_number_encrypted))
            if digest and (row.meeting_id, digest) not in seen:
                seen.add((row.meeting_id, digest))
                row.id_number_digest = digest
        Attendee.objects.bulk_update(rows, ["id_number_digest"])
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [("attendees", "0003_import_error_rows_id_number_digest")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
