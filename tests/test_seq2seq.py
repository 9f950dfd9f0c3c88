"""seqmodels.seq2seq: shapes, padding, attention weights, the masked loss,
greedy decoding, BLEU, bucketing and a time-bounded training run, on tiny
sizes (the whole file runs in a few seconds)."""
import math

import numpy as onp
import pytest
from mxnet import autograd, np

from seqmodels import seq2seq as s2s
from seqmodels import set_seed
from seqmodels.dates import DateTranslation

TINY = dict(embed_size=8, num_hiddens=16, attention_size=8, lr=0.01)


@pytest.fixture(scope="module")
def data():
    return DateTranslation(batch_size=16, num_train=48, num_val=20)


def first_batch(data, train=False):
    return next(iter(data.get_dataloader(train)))


@pytest.mark.parametrize("kind", ["seq2seq", "attention"])
def test_model_output_shape(data, kind):
    """The model maps a batch to (batch, target steps, target vocab)."""
    set_seed()
    model = s2s.make_model(kind, data, **TINY)
    src, tgt, src_len, _ = first_batch(data)
    Y_hat = model(src, tgt, src_len)
    assert Y_hat.shape == (src.shape[0], tgt.shape[1], len(data.tgt_vocab))


def test_encoder_state_is_last_real_token(data):
    """With valid lengths, the top state is the output at '<eos>', and
    padding after it does not change it."""
    set_seed()
    enc = s2s.GRUEncoder(len(data.src_vocab), 8, 16, 1)
    src, _, src_len, _ = first_batch(data)
    outputs, state = enc(src, src_len)
    for b in range(src.shape[0]):
        n = int(src_len[b])
        onp.testing.assert_allclose(state[-1, b].asnumpy(),
                                    outputs[n - 1, b].asnumpy(), rtol=1e-6)
    _, trimmed = enc(src[:, :int(src_len.max())], src_len)
    onp.testing.assert_allclose(trimmed.asnumpy(), state.asnumpy(),
                                rtol=1e-5, atol=1e-6)


def test_attention_weights_every_step(data):
    """The decoder keeps one row of weights per step; each row sums to 1
    over the real source tokens and is 0 on padding."""
    set_seed()
    model = s2s.make_model("attention", data, **TINY)
    src, tgt, src_len, _ = first_batch(data)
    model(src, tgt, src_len)
    W = model.decoder.attention_weights.asnumpy()
    assert W.shape == (src.shape[0], tgt.shape[1], src.shape[1])
    for b in range(src.shape[0]):
        n = int(src_len[b])
        onp.testing.assert_allclose(W[b, :, :n].sum(-1), 1, rtol=1e-5)
        assert (W[b, :, n:] == 0).all()


def test_loss_ignores_padding(data):
    """Changing the scores of '<pad>' targets leaves the loss unchanged."""
    set_seed()
    model = s2s.make_model("seq2seq", data, **TINY)
    V, pad = len(data.tgt_vocab), data.tgt_vocab["<pad>"]
    Y = np.array([[3, 4, pad, pad]])
    Y_hat = np.random.normal(size=(1, 4, V))
    changed = Y_hat.copy()
    changed[0, 2:] += 5 * np.random.normal(size=(2, V))
    assert math.isclose(float(model.loss(Y_hat, Y)),
                        float(model.loss(changed, Y)), rel_tol=1e-6)
    full = float(model.loss(Y_hat[:, :2], Y[:, :2]))
    assert math.isclose(float(model.loss(Y_hat, Y)), full, rel_tol=1e-6)


def test_trim_source(data):
    """Trimming drops only columns that are padding in every row."""
    src, tgt, src_len, label = first_batch(data)
    t_src, t_tgt, t_len, t_label = s2s.trim_source((src, tgt, src_len,
                                                     label))
    assert t_src.shape[1] == int(src_len.max())
    assert (src[:, t_src.shape[1]:] == data.src_vocab["<pad>"]).all()
    assert t_tgt is tgt and t_len is src_len and t_label is label


@pytest.mark.parametrize("kind", ["seq2seq", "attention"])
def test_greedy_decode_is_consistent(data, kind):
    """Feeding the greedy output back as teacher-forced input gives the
    same argmax at every step (batched decoding = step-by-step)."""
    set_seed()
    model = s2s.make_model(kind, data, **TINY)
    batch = first_batch(data)
    Y = s2s.greedy_decode(model, batch, data.tgt_num_steps)
    src, tgt, src_len, _ = batch
    dec_in = np.concatenate([tgt[:, :1], Y[:, :-1].astype(tgt.dtype)], 1)
    again = model(src, dec_in, src_len).argmax(-1)
    assert (again.astype(Y.dtype) == Y).all()


def test_greedy_decode_returns_weights(data):
    """With attention, decoding returns (batch, steps, source) weights."""
    set_seed()
    model = s2s.make_model("attention", data, **TINY)
    batch = first_batch(data)
    Y, W = s2s.greedy_decode(model, batch, 5, save_attention_weights=True)
    assert Y.shape == (batch[0].shape[0], 5)
    assert W.shape == (batch[0].shape[0], 5, int(batch[2].max()))


def test_to_string_stops_at_eos(data):
    v = data.tgt_vocab
    ids = v[list("2026-11-23")] + [v["<eos>"], v["1"]]
    assert s2s.to_string(ids, v) == "2026-11-23"


def test_bleu():
    """Character BLEU: 1 for a match, 0 for nothing, in between else."""
    assert s2s.bleu("2026-11-23", "2026-11-23") == pytest.approx(1)
    assert s2s.bleu("", "2026-11-23") == 0
    assert 0 < s2s.bleu("2026-11-24", "2026-11-23") < 1


def test_accuracy_by_length():
    labels, accs, counts = s2s.accuracy_by_length(
        [1, 0, 1, 1], [8, 9, 20, 70], edges=(8, 16, 32, 48, 77))
    assert labels == ["8-15", "16-31", "32-47", "48-76"]
    assert counts == [2, 1, 0, 1]
    assert accs[0] == 0.5 and accs[1] == 1 and math.isnan(accs[2])


def test_sizes_are_those_the_chapter_was_written_with():
    assert s2s.sizes("quick") == dict(
        num_train=1000, num_val=250, batch_size=128, embed_size=32,
        num_hiddens=64, attention_size=32, max_epochs=2, max_seconds=None,
        lr=0.005, grad_clip=1.0)
    assert s2s.sizes("full") == dict(
        num_train=15000, num_val=2000, batch_size=128, embed_size=32,
        num_hiddens=64, attention_size=32, max_epochs=3, max_seconds=None,
        lr=0.005, grad_clip=1.0)
    # in the order book/attention/seq2seq.md prints them
    assert list(s2s.sizes("full")) == [
        "num_train", "num_val", "batch_size", "embed_size", "num_hiddens",
        "attention_size", "max_epochs", "max_seconds", "lr", "grad_clip"]
    sz = s2s.sizes("quick")
    sz["max_epochs"] = 99  # a copy: the profile is not changed
    assert s2s.sizes("quick")["max_epochs"] == 2


def test_sizes_have_the_same_keys():
    assert s2s.sizes("quick").keys() == s2s.sizes("full").keys()
    # no wall-clock budget: a page's figures never depend on the speed of
    # the machine that built it
    assert s2s.sizes("full")["max_seconds"] is None
    assert s2s.sizes("quick")["max_seconds"] is None


def test_training_is_time_bounded_and_learns(data):
    """A zero budget stops after one minibatch; a short run lowers the
    loss; evaluation covers the whole validation split."""
    set_seed()
    sz = dict(TINY, max_epochs=2, max_seconds=0, grad_clip=1.0)
    _, h = s2s.train("seq2seq", data, sz, verbose=False)
    assert h.stop_reason == "seconds" and h.examples == 16
    assert len(h.train_loss) == 1 and "stopped by the time budget" in (
        h.summary())
    sz["max_seconds"] = None
    model, h = s2s.train("attention", data, sz, verbose=False)
    assert len(h.train_loss) == 2 and h.train_loss[-1] < h.train_loss[0]
    ev = s2s.evaluate(model, data)
    assert len(ev.exact) == len(data.lengths()) == 20
    assert 0 <= ev.accuracy <= 1 and 0 <= ev.mean_bleu <= 1


def test_gradient_clipping_applies(data):
    """The trainer's clipping bounds the global gradient norm."""
    set_seed()
    model = s2s.make_model("seq2seq", data, **TINY)
    trainer = s2s.Seq2SeqTrainer(1, gradient_clip_val=1e-3, verbose=False)
    trainer.prepare_model(model)
    batch = trainer.prepare_batch(first_batch(data, train=True))
    with autograd.record():
        loss = model.training_step(batch)
    loss.backward()
    trainer.clip_gradients(1e-3, model)
    norm = trainer.clip_gradients(0, model)
    assert norm == pytest.approx(1e-3, rel=1e-3)


def test_decode_with_weights(data):
    set_seed()
    model = s2s.make_model("attention", data, **TINY)
    (src, pred, w), = s2s.decode_with_weights(model, data, ["23.11.26"])
    assert src == "23.11.26"
    # one row per output character and '<eos>', unless it never ended
    rows = min(len(pred) + 1, data.tgt_num_steps)
    assert w.shape == (rows, len(src) + 1)


@pytest.mark.parametrize("kind", ["seq2seq", "attention"])
def test_the_book_build_trains_a_repeated_seq2seq_run_once(
        data, kind, tmp_path, monkeypatch):
    """The seq2seq and attention pages train the same plain model: with
    the build's model cache the second is loaded, and equals training."""
    from seqmodels.model_cache import CACHE_VARIABLE
    sz = dict(TINY, max_epochs=2, max_seconds=None, grad_clip=1.0)
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    set_seed()
    _, plain = s2s.train(kind, data, sz, verbose=False)
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    runs = []
    for _ in range(2):
        set_seed()
        runs.append(s2s.train(kind, data, sz, verbose=False))
    assert len(list(tmp_path.glob("*.pkl"))) == 1
    (first, h1), (second, h2) = runs
    assert h1.val_loss == h2.val_loss == plain.val_loss
    assert h2.epoch_seconds == h1.epoch_seconds  # loaded, not trained
    batch = first_batch(data)
    assert (s2s.greedy_decode(first, batch, 11)
            == s2s.greedy_decode(second, batch, 11)).all()
