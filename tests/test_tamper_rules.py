"""Assignment rules of the code check (autograder/tamper.py RULES): a
rule flags the answer that breaks it and never the reference solution."""
import json

import pytest
from conftest import ROOT

from authoring.notebooks import ASSIGNMENTS
from autograder import tamper

READ_WITH_THE_LIBRARY = '''
from seqmodels.rnn import gluon_layer_params


def gluon_bidirectional_weights(layer, direction):
    return gluon_layer_params(layer, 0, direction)
'''
READ_BY_ATTRIBUTE = '''
import seqmodels


def gluon_weights_for_layer(layer, i, kind):
    return seqmodels.gated.copy_from_gluon(layer, i)
'''


@pytest.mark.parametrize("assignment", ["birnn", "deep_rnn"])
@pytest.mark.parametrize("source", [READ_WITH_THE_LIBRARY,
                                    READ_BY_ATTRIBUTE])
def test_reading_gluon_through_the_library_is_flagged(assignment, source):
    found = tamper.scan(source, assignment=assignment)
    assert any("read Gluon's parameters yourself" in f for f in found), found


def test_other_assignments_may_use_the_reader():
    assert tamper.scan(READ_WITH_THE_LIBRARY, assignment="rnn") == []


@pytest.mark.parametrize("assignment", [
    a for a in ASSIGNMENTS if tamper.rule(a)])
def test_the_reference_solution_keeps_its_rules(assignment):
    nb = json.loads((ROOT / "solutions" / assignment /
                     f"{assignment}.ipynb").read_text())
    answers = [c for c in nb["cells"] if c["cell_type"] == "code"
               and c["metadata"].get("nbgrader", {}).get("solution")]
    assert answers
    for cell in answers:
        source = "".join(cell["source"])
        assert tamper.scan(source, assignment=assignment) == [], source[:80]
