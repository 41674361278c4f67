"""The labelled contract generator used by the benchmark, and the engine's agreement with it."""

from __future__ import annotations

import json
from collections import Counter

from sifasuo.contract_review.engine import load_prices, review_paths, review_text
from sifasuo.contract_review.engine.samples import (
    AS_OF,
    RULE_CODES,
    generate,
    reference_prices,
    write_corpus,
    write_reference_prices,
)


def test_same_seed_same_contracts():
    first = [(s.name, s.text, s.labels) for s in generate(20, seed=3)]
    again = [(s.name, s.text, s.labels) for s in generate(20, seed=3)]
    other = [(s.name, s.text, s.labels) for s in generate(20, seed=4)]
    assert first == again
    assert first != other


def test_corpus_covers_every_rule_and_style():
    samples = list(generate(400, seed=1))
    labels = Counter(code for s in samples for code in s.labels)
    assert set(labels) == set(RULE_CODES)
    assert {s.style for s in samples} >= {"transfer", "land_lease", "factory", "handwritten"}
    clean = list(generate(400, seed=1, clean_share=0.9))
    assert sum(s.problem for s in clean) < sum(s.problem for s in samples) / 2


def test_engine_agrees_with_the_labels():
    prices = reference_prices()
    true_positive = false_positive = false_negative = 0
    for sample in generate(300, seed=2):
        result = review_text(sample.text, prices=prices, as_of=AS_OF)
        assert result.status == "ok"
        found = result.problem
        true_positive += found and sample.problem
        false_positive += found and not sample.problem
        false_negative += sample.problem and not found
    assert true_positive / (true_positive + false_negative) >= 0.95
    assert true_positive / (true_positive + false_positive) >= 0.90


def test_written_corpus_reviews_like_the_labels(tmp_path):
    labels_path = write_corpus(tmp_path / "corpus", 60, seed=5, gbk_share=0.5)
    prices = load_prices(write_reference_prices(tmp_path / "prices.csv"))
    labels = {
        row["file"]: set(row["labels"])
        for row in map(json.loads, labels_path.read_text(encoding="utf-8").splitlines())
    }
    results = list(review_paths([tmp_path / "corpus"], prices=prices, as_of=AS_OF))
    assert len(results) == 60
    assert all(r.status == "ok" for r in results)
    agree = sum({f.rule for f in r.findings} == labels[r.file] for r in results)
    assert agree >= 57
