"""The catalogues of misconceptions (``assignments/<a>/catalogue.py``).

Each entry is a wrong answer as a student writes it, with a second,
independently written ``variant`` of the same mistake. In-process
(:mod:`authoring.catalogue`, the harness shared with the wrong fixtures):
every entry loses its part; the feedback's naming
(:mod:`autograder.misconceptions`) names each entry as itself and never
as another, and with the entry left out of the catalogue, names nothing
else; the variant of each part's first entry loses its part and is named
as its entry (``python -m authoring.catalogue <a>``, part of ``make
check-exercise``, runs every variant: the accuracy figure of
docs/benchmarks.md). The training parts'
entries (a model retrained per entry, about 10 s each) are checked
against the verdicts recorded by ``python -m authoring.catalogue <a>``,
which must be current (:func:`authoring.catalogue.fingerprint`).
"""
import collections
import json

import pytest

from authoring import catalogue
from authoring.notebooks import ASSIGNMENTS
from autograder.misconceptions import load_catalogue

MIN_PER_PART = 5


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_part_has_a_catalogue(harness_of, assignment):
    h = harness_of(assignment)
    entries = load_catalogue(catalogue.catalogue_path(assignment))
    per_part = collections.Counter(e.part for e in entries)
    parts = [c.grade_id for c in h.cells if c.kind == "answer"]
    assert {p: per_part[p] for p in parts if per_part[p] < MIN_PER_PART} \
        == {}
    assert set(per_part) <= set(parts)
    for e in entries:
        assert e.variant or catalogue.training(e.part), (e.part, e.name)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_each_misconception_loses_its_part_and_is_named(harness_of,
                                                         assignment):
    results = catalogue.check(assignment, harness=harness_of(assignment),
                              with_training=False, variants="first")
    assert results
    passing = [k for k, (own, other) in results.items()
               if not own.lost or (other is not None and not other.lost)]
    assert passing == [], "these entries (or variants) pass their tests"
    for (part, name), (own, other) in results.items():
        # named as itself, or (random outputs) not at all; never another
        assert own.named in ([name], []), (part, name, own.named)
        assert own.named_without == [], (part, name, own.named_without)
        if other is not None:
            assert other.named in ([name], []), (part, name, other.named)
    right, wrong, silent, taken = catalogue.accuracy(results)
    assert wrong == 0 and taken == 0
    # not named: only parts whose outputs are random (initial weights)
    assert right >= silent and right >= 1, (right, silent)


@pytest.mark.parametrize("assignment", [
    a for a in ASSIGNMENTS if catalogue.catalogue_path(a).exists() and any(
        catalogue.training(e.part) for e in load_catalogue(
            catalogue.catalogue_path(a)))])
def test_training_entries_lost_their_part_when_last_checked(assignment):
    record = json.loads(catalogue.record_path(assignment).read_text())
    for e in load_catalogue(catalogue.catalogue_path(assignment)):
        if not catalogue.training(e.part):
            continue
        key = f"{e.part}:{e.name}"
        assert key in record, f"{key}: run python -m authoring.catalogue " \
            f"{assignment}"
        assert record[key]["fingerprint"] == catalogue.fingerprint(
            assignment, e), f"{key} changed since it was checked: run " \
            f"python -m authoring.catalogue {assignment}"
        assert record[key]["lost"], key
