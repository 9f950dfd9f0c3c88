"""Gate traces of a scratch LSTM agree with the layer and with Gluon
(seqmodels.gated.gate_trace), and their plot
(seqmodels.plotting.plot_gate_trace)."""
import numpy as onp
from mxnet import np
from mxnet.gluon import rnn

import seqmodels
from seqmodels.gated import GATE_NAMES, LSTMScratch, copy_to_gluon, gate_trace
from seqmodels.plotting import plot_gate_trace


def _layer_and_inputs():
    seqmodels.set_seed(0)
    layer = LSTMScratch(5, 4, sigma=0.5)
    return layer, np.random.normal(size=(6, 3, 5))


def test_trace_reproduces_the_layer_outputs_and_state():
    layer, X = _layer_and_inputs()
    trace = gate_trace(layer, X)
    outputs, (H, C) = layer(X)
    assert onp.allclose(trace["hidden"], outputs.asnumpy(), atol=1e-6)
    assert onp.allclose(trace["cell"][-1], C.asnumpy(), atol=1e-6)
    assert all(trace[k].shape == (6, 3, 4) for k in trace)


def test_gates_lie_in_their_ranges():
    layer, X = _layer_and_inputs()
    trace = gate_trace(layer, X)
    for name in GATE_NAMES:
        low = -1 if name == "candidate" else 0
        assert trace[name].min() >= low and trace[name].max() <= 1


def test_trace_matches_gluon_cell_state():
    layer, X = _layer_and_inputs()
    gluon_layer = rnn.LSTM(4, input_size=5)
    gluon_layer.initialize()
    copy_to_gluon([layer], gluon_layer)
    _, [H, C] = gluon_layer(X, gluon_layer.begin_state(3))
    trace = gate_trace(layer, X)
    assert onp.allclose(trace["cell"][-1], C[0].asnumpy(), atol=1e-5)


def test_plot_has_one_column_per_character():
    layer, X = _layer_and_inputs()
    fig = plot_gate_trace(gate_trace(layer, X), "abc de", units=[0, 2])
    image = fig.axes[0].images[0]
    assert image.get_array().shape == (2, 6)
