"""The reminder and digest tables keep only the indexes their queries use (each costs on every insert).

Gone: the foreign keys' own single-column indexes (a composite index starts with
the same column) and the (cabinet, status) and (recipient, status) indexes; small partial
indexes serve the digests instead (the rows waiting for one, the rows in one) and the urgent rows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


FOREIGN_KEY_INDEXES = [
    ("resilience_digest_recipient_id_58d0782f", "resilience_digest", "recipient_id"),
    ("resilience_reminder_cabinet_id_d5412e81", "resilience_reminder", "cabinet_id"),
    ("resilience_reminder_digest_id_72e0d8ad", "resilience_reminder", "digest_id"),
    ("resilience_reminder_recipient_id_6f8c1ae4", "resilience_reminder", "recipient_id"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('resilience', '0011_merge_exports_and_urps_warming'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='reminder',
            name='reminder_recipient_status',
        ),
        migrations.RemoveIndex(
            model_name='reminder',
            name='reminder_cabinet_status',
        ),
        # The foreign keys' own indexes go; the constraints stay as they are (Django's AlterField would
        # drop and re-add each constraint, checking every row of the tables again).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{name}"', reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")')
                for name, table, column in FOREIGN_KEY_INDEXES
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='digest',
                    name='recipient',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
                migrations.AlterField(
                    model_name='reminder',
                    name='cabinet',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, to='resilience.cabinet', verbose_name='cabinet'),
                ),
                migrations.AlterField(
                    model_name='reminder',
                    name='digest',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reminders', to='resilience.digest'),
                ),
                migrations.AlterField(
                    model_name='reminder',
                    name='recipient',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name='reminder',
            index=models.Index(condition=models.Q(('status', 'pending'), ('urgent', False)), fields=['recipient'], name='reminder_digest_pending'),
        ),
        migrations.AddIndex(
            model_name='reminder',
            index=models.Index(condition=models.Q(('digest__isnull', False)), fields=['digest'], name='reminder_in_digest'),
        ),
        migrations.AddIndex(
            model_name='reminder',
            index=models.Index(condition=models.Q(('urgent', True)), fields=['status'], name='reminder_urgent'),
        ),
    ]
