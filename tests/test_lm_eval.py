"""Perplexity by position: exact on a fake model, consistent on a real one."""
import math

import pytest
from d2l import mxnet as d2l
from mxnet import np, npx

import seqmodels
from seqmodels.data import TimeMachine
from seqmodels.rnn import RNNLMScratch, RNNScratch
from seqmodels.train import LMTrainer, position_losses, position_perplexity


class KnowsAfterFirst(d2l.Classifier):
    """Uniform guess at position 0, certain of the label afterwards."""

    def __init__(self, vocab_size):
        super().__init__()
        self.vocab_size = vocab_size
        self.labels = None

    def __call__(self, X):
        logits = 50.0 * npx.one_hot(self.labels, self.vocab_size)
        logits[:, 0] = 0
        return logits


def test_fake_model_positions_are_exact():
    Y = np.array([[1, 2, 3, 0], [3, 3, 1, 2]])
    model = KnowsAfterFirst(vocab_size=4)
    model.labels = Y
    ppl = position_perplexity(model, [(Y, Y)], device=npx.cpu())
    assert ppl.shape == (4,)
    assert ppl[0] == pytest.approx(4.0, rel=1e-5)  # float32
    assert ppl[1:] == pytest.approx([1.0, 1.0, 1.0], abs=1e-5)


def test_mean_matches_the_trainers_validation_loss():
    seqmodels.set_seed()
    data = TimeMachine(batch_size=64, num_steps=8, num_train=256,
                       num_val=128)
    model = RNNLMScratch(RNNScratch(len(data.vocab), 8), len(data.vocab),
                         lr=1)
    trainer = LMTrainer(1, gradient_clip_val=1, device=npx.cpu(),
                        verbose=False)
    history = trainer.fit(model, data)
    losses = position_losses(model, data.val_dataloader(), npx.cpu())
    assert losses.shape == (8,)
    assert math.exp(losses.mean()) == pytest.approx(history.val_ppl[-1],
                                                    rel=1e-4)


def test_empty_dataloader_is_an_error():
    with pytest.raises(ValueError, match="no minibatch"):
        position_losses(None, [], device=npx.cpu())
