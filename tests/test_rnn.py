"""From-scratch RNN against Gluon's fused layer, and the step wrapper."""
import math

from mxnet import np
from mxnet.gluon import rnn

import seqmodels
from seqmodels.rnn import (
    RNNLMScratch,
    RNNScratch,
    copy_from_gluon,
    copy_scratch_to_gluon,
    lm_step_fn,
    one_hot,
    rnn_step,
)


def test_rnn_step_formula():
    X, H = np.ones((2, 3)), np.zeros((2, 4))
    H1 = rnn_step(X, H, np.full((3, 4), 0.1), np.eye(4), np.zeros(4))
    assert abs(float(H1[0, 0]) - math.tanh(0.3)) < 1e-6


def test_scratch_matches_gluon_with_the_same_weights():
    seqmodels.set_seed(0)
    scratch = RNNScratch(5, 4, sigma=0.5)
    layer = rnn.RNN(4, activation="tanh", input_size=5)
    layer.initialize()
    copy_scratch_to_gluon(scratch, layer)
    X = np.random.normal(size=(6, 3, 5))
    H0 = np.random.normal(size=(3, 4))
    outputs, H = scratch(X, H0)
    expected, [H_gluon] = layer(X, [H0.reshape(1, 3, 4)])
    assert float(np.abs(np.stack(outputs) - expected).max()) < 1e-6
    assert float(np.abs(H - H_gluon[0]).max()) < 1e-6
    # and back: the two Gluon biases add up to b_h
    again = RNNScratch(5, 4)
    copy_from_gluon(layer, [again])
    for name in ("W_xh", "W_hh", "b_h"):
        diff = getattr(again, name) - getattr(scratch, name)
        assert float(np.abs(diff).max()) < 1e-7


def test_one_hot_puts_time_first():
    O = one_hot(np.array([[1, 2, 0]]), 3)
    assert O.shape == (3, 1, 3) and float(O[1, 0, 2]) == 1


def test_step_fn_reproduces_d2l_predict(corpus_and_vocab):
    _, vocab = corpus_and_vocab
    seqmodels.set_seed(1)
    lm = RNNLMScratch(RNNScratch(len(vocab), 8, sigma=0.5), len(vocab))
    step = lm_step_fn(lm)
    state, tokens = None, [vocab[c] for c in "the "]
    for t in tokens:
        logits, state = step(t, state)
    assert logits.shape == (len(vocab),)
    expected = lm.predict("the ", 1, vocab, None)
    assert vocab.idx_to_token[int(logits.argmax())] == expected[-1]
