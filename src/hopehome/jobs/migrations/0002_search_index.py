from django.db import migrations

from hopehome.core.search import search_index_operation


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]
    operations = [search_index_operation("jobs_vacancy")]
