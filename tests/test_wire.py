"""The grader's wire format (autograder/agent.py) on its own: data in,
the same data out, anything else refused with what it was."""
import numpy as onp
import pytest
from mxnet import np

from autograder import agent as wire


def roundtrip(value):
    return wire.decode(wire.encode(value))


def test_arrays_numbers_and_containers_come_back_equal():
    x = np.arange(6.0).reshape(2, 3)
    value = {"x": x, "n": (1, 2.5, float("nan"), None, "s", True),
             "np": onp.ones((2, 2), dtype="int32")}
    back = roundtrip(value)
    assert onp.array_equal(back["x"].asnumpy(), x.asnumpy())
    assert back["n"][:2] == (1, 2.5) and back["n"][2] != back["n"][2]
    assert back["np"].dtype == onp.int32


def test_an_array_returned_twice_comes_back_as_one_array():
    # two layers given the very same state array (the aliasing mistake):
    # the grader must see one array twice, not two copies
    zeros = np.zeros((2, 3))
    back = roundtrip([(zeros,) * 2] * 2)
    assert back[0][0] is back[1][0] is back[0][1]
    back[0][0][:] = 1.0
    assert float(back[1][1].sum()) == 6.0
    apart = roundtrip([np.zeros((2, 3)), np.zeros((2, 3))])
    assert apart[0] is not apart[1]


@pytest.mark.parametrize("doc,words", [
    ({"same": 0}, "not sent before"),
    ([{"same": "0"}], "not sent before"),
    ({"array": "mx", "dtype": "float32", "shape": [2], "data": "AAAA"},
     "bytes"),
    ({"code": "import os"}, "unknown document"),
    ({"handle": 1, "type": "x", "callable": True}, "not data"),
])
def test_malformed_or_non_data_documents_are_refused(doc, words):
    with pytest.raises(wire.WireError, match=words):
        wire.decode(doc)


def test_objects_and_self_reference_are_not_data():
    class Lenient:
        def __eq__(self, other):
            return True
    with pytest.raises(wire.WireError, match="Lenient, not data"):
        wire.encode(Lenient())
    loop = []
    loop.append(loop)
    with pytest.raises(wire.WireError, match="contains itself"):
        wire.encode(loop)
