"""seqmodels.timing: sequential step counts and pass timing."""
import pytest

import seqmodels  # noqa: F401  (sets MXNet's numpy mode)
from seqmodels.gated import GluonLSTM
from seqmodels.rnn import RNNLM
from seqmodels.timing import scaling, sequential_steps, time_pass
from seqmodels.transformer import TransformerLM

V = 28


def models():
    lstm = RNNLM(GluonLSTM(8, num_layers=2), vocab_size=V, lr=1)
    tf = TransformerLM(V, 8, num_heads=2, num_layers=3, ffn_num_hiddens=16)
    return lstm, tf


def test_sequential_steps_recurrent_grows_with_length_transformer_not():
    lstm, tf = models()
    assert sequential_steps(lstm, 16) == 32  # 16 steps x 2 layers
    assert sequential_steps(lstm, 64) == 128
    assert sequential_steps(tf, 16) == sequential_steps(tf, 512) == 3
    with pytest.raises(TypeError):
        sequential_steps(object(), 16)


def test_time_pass_runs_backward_and_returns_seconds():
    lstm, tf = models()
    for model in (lstm, tf):
        seconds = time_pass(model, V, 8, 4, repeats=2)
        assert 0 < seconds < 30
        grads = [p.grad() for p in model.collect_params().values()
                 if p.grad_req != "null"]
        assert any(float(abs(g).sum()) > 0 for g in grads), model
    with pytest.raises(ValueError):
        time_pass(tf, V, 8, 4, repeats=0)


def test_scaling_rows():
    _, tf = models()
    rows = scaling({"Transformer": tf}, V, [4, 8], batch_size=2, repeats=1)
    assert [(r["model"], r["length"]) for r in rows] == [
        ("Transformer", 4), ("Transformer", 8)]
    for r in rows:
        assert r["tokens/s"] == pytest.approx(2 * r["length"] / r["seconds"])
        assert r["sequential steps"] == 3

