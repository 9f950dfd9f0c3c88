"""seqmodels.deep: stacked scratch layers equal Gluon's num_layers."""
import pytest
from mxnet import np

from seqmodels import set_seed
from seqmodels.deep import gluon_stack, stacked_scratch
from seqmodels.gated import (
    GRUScratch,
    LSTMScratch,
    RNNCellScratch,
    copy_to_gluon,
)

LAYERS = {"rnn": RNNCellScratch, "lstm": LSTMScratch, "gru": GRUScratch}


@pytest.mark.parametrize("kind", sorted(LAYERS))
@pytest.mark.parametrize("num_layers", [1, 3])
def test_stack_matches_gluon(kind, num_layers):
    set_seed()
    stack = stacked_scratch(LAYERS[kind], 5, 4, num_layers, sigma=0.5)
    model = gluon_stack(kind, 4, num_layers)
    model.initialize()
    X = np.random.normal(size=(6, 3, 5))
    model(X)  # Gluon sizes its weights at the first call
    copy_to_gluon(stack.layer_list(), model.rnn)
    outputs, state = stack(X)
    expected, _ = model(X)
    assert len(state) == num_layers
    assert float(np.abs(outputs - expected).max()) < 1e-5


def test_second_layer_reads_the_first_layers_outputs():
    set_seed()
    stack = stacked_scratch(RNNCellScratch, 5, 4, 2, sigma=0.5)
    X = np.random.normal(size=(6, 3, 5))
    bottom, _ = stack.layer0(X)
    top, _ = stack.layer1(bottom)
    assert float(np.abs(stack(X)[0] - top).max()) == 0


def test_scratch_params_include_every_layer():
    stack = stacked_scratch(LSTMScratch, 5, 4, 3)
    assert len(stack.get_scratch_params()) == 3 * 3


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="kind must be one of"):
        gluon_stack("transformer", 4, 2)
