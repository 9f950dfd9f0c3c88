"""seqmodels.bptt: gradient probes and truncated training."""
import math

import numpy as onp
import pytest
from mxnet import autograd, np, npx

from seqmodels import set_seed
from seqmodels.bptt import (
    TBPTTTrainer,
    detach_state,
    state_gradient_norms,
    truncated_forward,
)
from seqmodels.data import TimeMachine
from seqmodels.gated import LSTMScratch, RNNCellScratch
from seqmodels.rnn import RNNLM, GluonRNN


def small_lm(vocab_size=7, num_hiddens=5):
    lm = RNNLM(RNNCellScratch(vocab_size, num_hiddens, sigma=0.5),
               vocab_size, lr=1)
    return lm


def test_state_gradient_norms_equal_a_direct_gradient():
    """Row k is |d loss / d H_{T-1-k}|, checked for the first state."""
    set_seed()
    lm = small_lm()
    X = np.random.randint(0, 7, size=(2, 4))
    labels = np.array([1, 3])
    norms = state_gradient_norms(lm.rnn, lm.output_layer, lm.one_hot(X),
                                 labels)
    assert norms.shape == (4, 1)
    # Direct: start from H_0 = rnn(first input) as a leaf.
    inputs = lm.one_hot(X)
    _, (H0,) = lm.rnn(inputs[:1])
    H0 = H0.copy()
    H0.attach_grad()
    with autograd.record():
        out, _ = lm.rnn(inputs[1:], (H0,))
        logits = lm.output_layer(out[-1:])[:, -1]
        loss = -npx.pick(npx.log_softmax(logits), labels).sum()
    loss.backward()
    direct = float(np.sqrt((H0.grad ** 2).sum(axis=1)).mean())
    assert math.isclose(norms[3, 0], direct, rel_tol=1e-4)


def test_lstm_probes_the_cell_too():
    set_seed()
    layer = LSTMScratch(7, 5, sigma=0.5)
    norms = state_gradient_norms(
        layer, lambda H: np.swapaxes(H, 0, 1), np.random.normal(
            size=(6, 2, 7)), np.array([0, 1]))
    assert norms.shape == (6, 2)
    assert norms[0, 1] == 0  # the last step's loss reads H, not C
    assert onp.all(norms[1:] > 0)


def test_fused_layers_are_refused():
    lm = RNNLM(GluonRNN(4), 7)
    with pytest.raises(TypeError, match="ScratchRecurrent"):
        state_gradient_norms(lm.rnn, lm.output_layer,
                             np.zeros((3, 2, 7)), np.array([0, 1]))


def test_truncation_keeps_values_and_cuts_gradients():
    set_seed()
    lm = small_lm()
    X = np.random.randint(0, 7, size=(2, 6))
    assert float(np.abs(truncated_forward(lm, X, 2) - lm(X)).max()) < 1e-6
    W = lm.rnn.W_hh
    W.attach_grad()
    grads = {}
    for k in (None, 1):
        with autograd.record():
            out = lm(X) if k is None else truncated_forward(lm, X, k)
            out[:, -1].sum().backward()
        grads[k] = W.grad.copy()
    # With truncation 1 the last output's gradient reaches W_hh only
    # through the last step (its input state is a constant).
    assert float(np.abs(grads[None] - grads[1]).max()) > 1e-6


def test_detach_state_handles_nested_states():
    a = np.ones(2)
    state = [(a, a), (a,)]
    out = detach_state(state)
    assert isinstance(out, list) and isinstance(out[0], tuple)


@pytest.mark.parametrize("mode,truncation", [("detach", None),
                                             ("detach", 8), ("chunks", 8)])
def test_tbptt_trainer_learns(mode, truncation):
    set_seed()
    data = TimeMachine(64, 32, num_train=256, num_val=128)
    lm = RNNLM(GluonRNN(16), len(data.vocab), lr=2)
    history = TBPTTTrainer(2, 1, truncation=truncation, mode=mode,
                           verbose=False).fit(lm, data)
    assert history.val_ppl[-1] < len(data.vocab)
    batches = 4 * (32 // truncation if mode == "chunks" else 1)
    assert len(history.grad_norms) == 2 * batches


def test_tbptt_mode_is_checked():
    with pytest.raises(ValueError, match="mode"):
        TBPTTTrainer(1, mode="sometimes")
