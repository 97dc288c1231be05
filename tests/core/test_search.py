"""The bigram full-text index, on SQLite FTS5 and on PostgreSQL GIN alike."""

from datetime import date

import pytest

from hopehome.core.search import index_text, query_tokens, search, tokens
from hopehome.inspection.models import Penalty


def test_tokens_fold_variants_and_split_cjk_into_bigrams_and_unigrams():
    assert tokens("臺南") == ["台", "南", "台南"]
    assert "python" in tokens("Python工程師") and "工程" in tokens("Python工程師")
    assert query_tokens("護理") == ["護理"]
    assert query_tokens("勞") == ["勞"]
    assert query_tokens("Ｐｙｔｈｏｎ 工程師") == ["python", "工程", "程師"]


def make(n: int, name: str, person: str = "") -> Penalty:
    return Penalty.objects.create(
        authority="臺南市", disposition_number=f"府勞條字第{n}號", decided_on=date(2019, 5, 1),
        unit_name=name, responsible_person=person, search_tokens=index_text(name, person),
    )  # fmt: skip


@pytest.mark.django_db
def test_search_finds_two_character_and_longer_queries_and_folds_tai():
    a = make(1, "臺灣保全股份有限公司", "黃丑瑞")
    b = make(2, "台南護理之家", "陳一豪")
    make(3, "永康精密工業")
    qs = Penalty.objects.all()
    assert list(search(qs, "台灣保全")) == [a]
    assert list(search(qs, "護理")) == [b]
    assert list(search(qs, "臺南護理")) == [b]
    assert set(search(qs, "丑瑞")) == {a}
    assert search(qs, "保護").count() == 0
    assert search(qs, "公").count() == 1  # single character: unigram
    assert search(qs, "").count() == 3


@pytest.mark.django_db
def test_the_index_follows_updates_and_deletes():
    p = make(1, "舊名稱企業社")
    p.search_tokens = index_text("新名稱工作室")
    p.save()
    assert search(Penalty.objects.all(), "舊名").count() == 0
    assert search(Penalty.objects.all(), "工作").count() == 1
    p.delete()
    assert search(Penalty.objects.all(), "工作").count() == 0
