"""Under appeal in a year: ``(status, decided_on, appeal_status)``.

The register's filter "under appeal" with a year was counted by walking the year's penalties
(90,000 in 2025) and reading each one's appeal status from its row; this index carries the
status, so the count reads the index alone.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inspection", "0008_penalty_date_search")]

    operations = [
        migrations.AddIndex(
            model_name="penalty",
            index=models.Index(
                fields=["status", "decided_on", "appeal_status"], name="penalty_year_appeal"
            ),
        ),
    ]
