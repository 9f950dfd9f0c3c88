"""The mutation tester (``authoring/mutants.py``) and its committed results.

The mutants themselves run outside the suite (``python -m authoring.mutants
ASSIGNMENT --report tests/MUTANTS.md``, minutes per assignment); here the
mutator is checked on a known function, one mutant per kind is run for
real through the harness on the ``rnn`` assignment's ``rnn_step`` (the
tests must kill them), and the committed results must reach the kill rate
and agree with the committed report.
"""

from pathlib import Path

import pytest

from authoring import mutants

SOURCE = '''def step(X, H, W, U, b):
    """Doc."""
    Z = np.dot(X, W) + np.dot(H, U) + b
    Y = np.tanh(Z)[:, 1:]
    return Y.sum(axis=0) / 2.0
'''


def test_each_kind_of_mistake_is_generated_once_per_site():
    found = mutants.mutants(SOURCE)
    labels = {(k, label) for k, label, _, _ in found}
    for expected in [("binop", "+ -> -"), ("drop", "right operand dropped"),
                     ("binop", "dot operands swapped"),
                     ("func", "tanh -> sigmoid"), ("func", "tanh left out"),
                     ("func", "sum -> mean"), ("axis", "axis=0 -> 1"),
                     ("index", "slice lower 1 -> 0"),
                     ("const", "2.0 -> 1.0"), ("binop", "/ -> *")]:
        assert expected in labels, expected
    codes = [c for *_, c in found]
    assert len(codes) == len(set(codes))
    assert "np.tanh" in SOURCE and any("npx.sigmoid(Z)" in c for c in codes)
    for code in codes:
        compile(code, "<mutant>", "exec")
        assert '"""Doc."""' in code or "'Doc.'" in code


def test_sampling_is_deterministic_and_spread_over_kinds():
    found = mutants.mutants(SOURCE)
    a = mutants.sample(found, 6, seed="step")
    assert a == mutants.sample(found, 6, seed="step")
    assert len({m[0] for m in a}) >= 5


@pytest.fixture
def rnn_harness(harness_of):
    return harness_of("rnn")


def test_real_mutants_of_rnn_step_lose_its_points(rnn_harness):
    [cell] = [c for c in rnn_harness.cells if c.grade_id == "rnn_step"]
    per_kind = {}
    for m in mutants.mutants(cell.source):
        per_kind.setdefault(m[0], m)
    assert {"binop", "drop", "func"} <= set(per_kind)
    for kind, label, _, code in per_kind.values():
        run = rnn_harness.variant(label, {"rnn_step": code},
                                  until="rnn_step_tests")
        assert run.outcomes["rnn_step_tests"].error, (kind, label)
    solution = rnn_harness.variant("solution again", {},
                                   until="rnn_step_tests")
    assert not solution.outcomes["rnn_step_tests"].error


def test_committed_results_reach_the_kill_rate_and_match_the_report():
    data = mutants.load_results()
    known = mutants.reviewed()
    report = (Path(__file__).parent / "MUTANTS.md").read_text()
    assert data, "no mutation results committed"
    for assignment, parts in data.items():
        run = sum(p["run"] for p in parts.values())
        killed = sum(p["killed"] for p in parts.values())
        survivors = [s for p in parts.values() for s in p["survived"]]
        equivalent = [s for s in survivors if s["id"] in known]
        assert killed + len(survivors) == run
        rate = killed / (run - len(equivalent))
        assert rate >= 0.95, (assignment, f"{rate:.1%}", [
            s["id"] for s in survivors if s["id"] not in known])
        for s in survivors:
            assert f"`{s['id']}`" in report, s["id"]
