"""Statutory fine ranges of 勞動基準法 (§78, §79) and the register's full-text index.

Ranges are data that staff can correct; they come from labor-law.md §3.2. An exact article
("第30條第5項") takes precedence over its base article ("第30條").
"""

from datetime import date

from django.db import migrations

from hopehome.core.search import search_index_operation

M = 1_000
RANGES = [
    # §79 20,000 – 1,000,000
    *[(a, "第79條", 20 * M, 1000 * M) for a in (
        "第21條第1項", "第22條", "第23條", "第24條", "第25條", "第30條", "第32條", "第34條", "第35條",
        "第36條", "第37條", "第38條", "第39條", "第40條", "第41條", "第49條第1項", "第59條")],
    # §79 90,000 – 450,000
    ("第30條第5項", "第79條", 90 * M, 450 * M),
    ("第49條第5項", "第79條", 90 * M, 450 * M),
    # §79 20,000 – 300,000
    *[(a, "第79條", 20 * M, 300 * M) for a in (
        "第7條", "第9條第1項", "第16條", "第19條", "第28條第2項", "第46條", "第56條第1項", "第65條第1項",
        "第66條", "第67條", "第68條", "第70條", "第74條第2項")],
    # §78 300,000 – 1,500,000
    *[(a, "第78條", 300 * M, 1500 * M) for a in ("第17條", "第17條之1第7項", "第55條")],
    # §78 90,000 – 450,000
    *[(a, "第78條", 90 * M, 450 * M) for a in ("第13條", "第26條", "第50條", "第51條", "第56條第2項")],
]  # fmt: skip


def load(apps, schema_editor):
    Range = apps.get_model("inspection", "PenaltyRange")
    for article, penalty_article, low, high in RANGES:
        Range.objects.update_or_create(
            law="lsa", article=article, valid_from=date(2011, 1, 1),
            defaults={"penalty_article": penalty_article, "min_amount": low, "max_amount": high},
        )  # fmt: skip


def unload(apps, schema_editor):
    apps.get_model("inspection", "PenaltyRange").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]
    operations = [
        migrations.RunPython(load, unload),
        search_index_operation("inspection_penalty"),
    ]
