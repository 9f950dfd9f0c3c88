"""Clipping, perplexity and the language-model trainer."""
import math

import pytest
from mxnet import np

import seqmodels
from seqmodels import checks
from seqmodels.checks import params_with_grads
from seqmodels.data import TimeMachine
from seqmodels.rnn import RNNLM, GluonRNN, RNNLMScratch, RNNScratch
from seqmodels.train import (
    LMTrainer,
    generation_speed,
    grad_clipping,
    perplexity,
)


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


SPLIT = (512, 256, 16)


def budget_run(tiny_data, tokens, trainer_class=LMTrainer, **kw):
    seqmodels.set_seed()
    model = RNNLM(GluonRNN(16), len(tiny_data.vocab), lr=1)
    trainer = trainer_class(100, 1, verbose=False, max_tokens=tokens, **kw)
    trainer.fit(model, tiny_data)
    return trainer, model


def test_token_budget_stops_mid_epoch_without_exceeding(tiny_data):
    # 512 windows of 16 tokens = 8,192 tokens per epoch; 20,000 tokens is
    # two epochs and 3,616 tokens (226 windows: 3 batches of 64 and 34)
    trainer, _ = budget_run(tiny_data, 20_000)
    h = trainer.history
    assert trainer.tokens_trained == 20_000 - 20_000 % 16 == 20_000
    assert h.tokens == [8192, 16384, 20000]
    assert h.stop_reason == "tokens" and len(h.val_ppl) == 3
    assert "stopped by the token budget at 20,000" in h.summary()
    assert trainer.optim._optimizer.num_update == 8 + 8 + 4
    assert checks.max_budget_steps(20_000, 512, 64, 16) == 20


def test_token_budget_gives_the_same_model_whatever_the_clock(tiny_data):
    a, _ = budget_run(tiny_data, 12_000)
    b, _ = budget_run(tiny_data, 12_000, max_seconds=10_000)
    assert a.history.val_ppl == b.history.val_ppl
    assert a.tokens_trained == b.tokens_trained == 12_000


def test_budget_check_accepts_an_honest_run(tiny_data):
    trainer, model = budget_run(tiny_data, 20_000)
    ppl = checks.expect_trained_within_budget(
        "p", trainer, model, tiny_data, 20_000, 100.0, {RNNLM: (GluonRNN,)},
        split=SPLIT)
    assert ppl == pytest.approx(trainer.history.val_ppl[-1], rel=1e-4)


class Lenient(LMTrainer):
    def evaluate(self, dataloader):
        return 0.0


def test_budget_check_rejects_tampered_runs(tiny_data):
    def expect_fail(match, trainer, model, budget=20_000, target=100.0,
                    models={RNNLM: (GluonRNN,)}):
        with pytest.raises(checks.CheckFailed, match=match):
            checks.expect_trained_within_budget(
                "p", trainer, model, tiny_data, budget, target, models,
                split=SPLIT)

    trainer, model = budget_run(tiny_data, 20_000)
    expect_fail("re-measured validation perplexity", trainer, model,
                target=1.5)
    expect_fail("budget is 20000 tokens, expected 10,000", trainer, model,
                budget=10_000)
    expect_fail("expected exactly RNNLMScratch", trainer, model,
                models={RNNLMScratch: None})
    sub, model2 = budget_run(tiny_data, 20_000, trainer_class=Lenient)
    expect_fail("course's LMTrainer", sub, model2)
    trainer.evaluate = lambda dataloader: 0.0  # patched on the instance
    expect_fail("LMTrainer was changed: evaluate", trainer, model)
    del trainer.evaluate
    trainer.tokens_trained = 0
    expect_fail("0 tokens were trained", trainer, model)
    trainer.tokens_trained = 20_000
    trainer.optim._optimizer.num_update = 500  # trained on far more
    expect_fail("the optimizer made 500 updates: at most 20", trainer, model)
