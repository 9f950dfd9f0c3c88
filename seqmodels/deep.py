"""Deep (stacked) recurrent networks (chapter *Deep RNNs*).

A stacked RNN feeds the hidden states of layer ``l`` (all time steps) to
layer ``l + 1`` as its inputs; only the top layer's states reach the output
layer. :class:`StackedScratch` stacks any :class:`ScratchRecurrent` layers
of :mod:`seqmodels.gated`; Gluon's fused layers do the same with
``num_layers`` (:class:`seqmodels.rnn.GluonRNN`,
:class:`seqmodels.gated.GluonLSTM`, :class:`seqmodels.gated.GluonGRU`).
"""
from d2l import mxnet as d2l

from .gated import GluonGRU, GluonLSTM
from .rnn import GluonRNN


class StackedScratch(d2l.Module):
    """Layers run one after the other over the whole sequence.

    The state is a list with one state per layer (bottom first).
    """

    def __init__(self, layers):
        super().__init__()
        self.num_layers = len(layers)
        for i, layer in enumerate(layers):
            setattr(self, f"layer{i}", layer)
        self.num_hiddens = layers[-1].num_hiddens
        self.sigma = layers[-1].sigma

    def layer_list(self):
        return [getattr(self, f"layer{i}") for i in range(self.num_layers)]

    def forward(self, inputs, state=None):
        state = state if state is not None else [None] * self.num_layers
        new_state = []
        for layer, layer_state in zip(self.layer_list(), state):
            inputs, layer_state = layer(inputs, layer_state)
            new_state.append(layer_state)
        return inputs, new_state


def stacked_scratch(layer_class, num_inputs, num_hiddens, num_layers,
                    sigma=0.01, **kwargs):
    """``num_layers`` layers of ``layer_class``; the first reads
    ``num_inputs`` features, the others the ``num_hiddens`` below."""
    return StackedScratch([
        layer_class(num_inputs if i == 0 else num_hiddens, num_hiddens,
                    sigma, **kwargs) for i in range(num_layers)])


GLUON_LAYERS = {"rnn": GluonRNN, "lstm": GluonLSTM, "gru": GluonGRU}


def gluon_stack(kind, num_hiddens, num_layers):
    """d2l-style concise model: ``kind`` is 'rnn' (tanh), 'lstm' or
    'gru'."""
    try:
        return GLUON_LAYERS[kind](num_hiddens, num_layers=num_layers)
    except KeyError:
        raise ValueError(f"kind must be one of {sorted(GLUON_LAYERS)}, "
                         f"not {kind!r}") from None
