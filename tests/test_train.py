"""Clipping, perplexity and the language-model trainer."""
import math

import pytest
from mxnet import np

import seqmodels
from seqmodels.checks import params_with_grads
from seqmodels.data import TimeMachine
from seqmodels.rnn import GluonRNN, RNNLM, RNNLMScratch, RNNScratch
from seqmodels.train import (LMTrainer, generation_speed, grad_clipping,
                             perplexity)


def test_clipping_uses_the_global_norm():
    ps = params_with_grads(np.array([0.8]), np.array([0.8]))
    norm = grad_clipping(ps, 1.0)
    assert norm == pytest.approx(math.sqrt(1.28))
    assert float(ps[0].grad[0]) == pytest.approx(0.8 / math.sqrt(1.28))


def test_small_gradients_are_left_alone():
    ps = params_with_grads(np.array([3.0, 0.0]), np.array([4.0]))
    assert grad_clipping(ps, 10.0) == pytest.approx(5.0)
    assert float(ps[1].grad[0]) == 4.0


def test_zero_threshold_only_measures():
    ps = params_with_grads(np.array([30.0, 40.0]))
    assert grad_clipping(ps, 0) == pytest.approx(50.0)
    assert float(ps[0].grad[1]) == 40.0


def test_perplexity_of_uniform_loss_is_vocab_size():
    assert perplexity(math.log(28)) == pytest.approx(28)


@pytest.fixture(scope="module")
def tiny_data():
    seqmodels.set_seed()
    return TimeMachine(batch_size=64, num_steps=16, num_train=512,
                       num_val=256)


@pytest.mark.parametrize("kind", ["scratch", "gluon"])
def test_training_lowers_perplexity_and_records_history(tiny_data, kind):
    V = len(tiny_data.vocab)
    seqmodels.set_seed()
    layer = RNNScratch(V, 32) if kind == "scratch" else GluonRNN(32)
    model = (RNNLMScratch if kind == "scratch" else RNNLM)(layer, V, lr=1)
    h = LMTrainer(3, gradient_clip_val=1, label=kind,
                  verbose=False).fit(model, tiny_data)
    assert len(h.train_ppl) == len(h.val_ppl) == 3
    assert h.val_ppl[-1] < h.val_ppl[0] < V * 1.2
    assert len(h.grad_norms) == 3 * (512 // 64)
    assert all(t > 0 for t in h.tokens_per_sec)
    assert kind in h.summary() and "cpu" in h.summary()
    assert generation_speed(model, tiny_data.vocab, 10) > 0


def test_time_budget_stops_training(tiny_data):
    V = len(tiny_data.vocab)
    model = RNNLM(GluonRNN(16), V, lr=1)
    h = LMTrainer(1000, max_seconds=0.01, verbose=False).fit(
        model, tiny_data)
    assert len(h.val_ppl) == 1


def test_training_is_reproducible(tiny_data):
    def run():
        seqmodels.set_seed()
        model = RNNLM(GluonRNN(16), len(tiny_data.vocab), lr=1)
        return LMTrainer(2, 1, verbose=False).fit(model, tiny_data).val_ppl
    assert run() == run()


def test_diverged_loss_gives_infinite_perplexity():
    assert perplexity(1e4) == math.inf
