"""seqmodels.gated: scratch cells equal Gluon's fused layers."""
import pytest
from mxnet import autograd, np
from mxnet.gluon import rnn

from seqmodels import set_seed
from seqmodels.gated import (
    GluonGRU,
    GluonLSTM,
    GRUScratch,
    LSTMScratch,
    RNNCellScratch,
    copy_from_gluon,
    copy_to_gluon,
    gluon_layer_params,
)
from seqmodels.rnn import GLUON_KEYS, RNNLM

T, B, I, H = 6, 3, 5, 4


def gluon_pairs(**options):
    """Per cell: the scratch layer class and a maker of the matching fused
    Gluon layer; ``options`` go to Gluon (``bidirectional=True``: the
    pairs of test_birnn.py)."""
    return {
        "rnn": (RNNCellScratch, lambda: rnn.RNN(
            H, activation="tanh", input_size=I, **options)),
        "lstm": (LSTMScratch, lambda: rnn.LSTM(H, input_size=I, **options)),
        "gru": (GRUScratch, lambda: rnn.GRU(H, input_size=I, **options)),
    }


PAIRS = gluon_pairs()


def random_scratch(cls, **kwargs):
    layer = cls(I, H, sigma=0.5, **kwargs)
    for name in layer.param_names:
        if name.startswith("b"):  # non-zero biases catch misplaced ones
            setattr(layer, name, np.random.normal(
                size=getattr(layer, name).shape))
    return layer


def copied_pair(kind):
    """A scratch layer with random weights, the Gluon layer given them
    (:func:`copy_to_gluon`), and inputs."""
    set_seed()
    cls, make = PAIRS[kind]
    scratch, layer = random_scratch(cls), make()
    layer.initialize()
    copy_to_gluon([scratch], layer)
    return scratch, layer, np.random.normal(size=(T, B, I))


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_scratch_layer_matches_gluon_forward_and_state(kind):
    scratch, layer, X = copied_pair(kind)
    state = [np.random.normal(size=(1, B, H)) for _ in layer.begin_state(B)]
    outputs, new_state = scratch(X, tuple(s[0] for s in state))
    expected, expected_state = layer(X, state)
    assert float(np.abs(outputs - expected).max()) < 1e-5
    for mine, theirs in zip(new_state, expected_state):
        assert float(np.abs(mine - theirs[0]).max()) < 1e-5


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_gradients_match_gluon(kind):
    scratch, layer, X = copied_pair(kind)
    for p in scratch.param_values():
        p.attach_grad()
    with autograd.record():
        loss = (scratch(X)[0] ** 2).sum()
    loss.backward()
    with autograd.record():
        gluon_loss = (layer(X, layer.begin_state(B))[0] ** 2).sum()
    gluon_loss.backward()
    w_x = gluon_layer_params(layer, what="grad")["i2h_weight"]
    assert float(np.abs(scratch.param_values()[0].grad - w_x.T).max()) < 1e-4


def test_gluon_layer_params_reads_one_layer_and_direction():
    layer = rnn.GRU(H, num_layers=2, bidirectional=True, input_size=I)
    layer.initialize()
    # the names are prefixed with a block counter: gru0_, gru1_, ...
    by_name = {name.split("_", 1)[1]: p
               for name, p in layer.collect_params().items()}
    for index, direction in [(0, "l"), (1, "l"), (1, "r")]:
        params = gluon_layer_params(layer, index, direction, what="param")
        assert sorted(params) == sorted(GLUON_KEYS)
        for key, p in params.items():
            assert p is by_name[f"{direction}{index}_{key}"]
        values = gluon_layer_params(layer, index, direction)
        assert all((values[k] == p.data()).all() for k, p in params.items())
    with pytest.raises(ValueError, match="'data', 'grad' or 'param'"):
        gluon_layer_params(layer, what="weights")


def test_copy_from_gluon_is_the_inverse_of_copy_to_gluon():
    set_seed()
    for cls, make in PAIRS.values():
        scratch, layer = random_scratch(cls), make()
        layer.initialize()
        copy_to_gluon([scratch], layer)
        back = cls(I, H)
        copy_from_gluon(layer, [back])
        X = np.random.normal(size=(T, B, I))
        assert float(np.abs(back(X)[0] - scratch(X)[0]).max()) < 1e-6


def test_textbook_gru_differs_from_gluon_gru_only_by_the_reset():
    set_seed()
    gru = random_scratch(GRUScratch)
    X = np.random.normal(size=(T, B, I))
    gluon_formula = gru(X)[0]
    gru.textbook = True
    assert float(np.abs(gru(X)[0] - gluon_formula).max()) > 1e-2
    # With the recurrent candidate weights and bias at zero, the reset
    # gate multiplies nothing and the two formulas agree.
    gru.W_h[:, 2 * H:] = 0
    gru.b_h[2 * H:] = 0
    textbook = gru(X)[0]
    gru.textbook = False
    assert float(np.abs(gru(X)[0] - textbook).max()) < 1e-6


def test_deferred_gluon_weights_give_a_clear_error():
    layer = rnn.LSTM(H)
    layer.initialize()
    with pytest.raises(ValueError, match="first forward pass"):
        gluon_layer_params(layer)


@pytest.mark.parametrize("model", [GluonLSTM, GluonGRU])
def test_concise_models_train_in_a_language_model(model):
    set_seed()
    lm = RNNLM(model(8, num_layers=2), vocab_size=10, lr=1)
    X = np.random.randint(0, 10, size=(2, 5))
    assert lm(X).shape == (2, 5, 10)
    out, state = lm.rnn(lm.one_hot(X))
    assert out.shape == (5, 2, 8)
    assert lm(X, state).shape == (2, 5, 10)  # the state is accepted back
