"""seqmodels.birnn: scratch bidirectional layers equal Gluon's, the HMM
forward-backward recursion, the masked-character data."""
import numpy as onp
import pytest
from mxnet import autograd, np

# conftest.py puts tests/ on the path: one set of scratch/Gluon pairs
from test_gated import B, H, I, T, gluon_pairs, random_scratch

from seqmodels import set_seed
from seqmodels.birnn import (
    BiRecurrent,
    MaskedChars,
    Tagger,
    TaggerHistory,
    copy_from_gluon_bidirectional,
    copy_to_gluon_bidirectional,
    gluon_state_to_pair,
    hmm_brute_force_marginals,
    hmm_forward_backward,
    masked_loss,
    reverse_time,
    train_tagger,
)
from seqmodels.gated import GRUScratch

PAIRS = gluon_pairs(bidirectional=True)


def test_reverse_time_flips_axis_0_only():
    X = np.arange(12).reshape(3, 2, 2)
    assert (reverse_time(X)[0] == X[2]).all()
    assert (reverse_time(reverse_time(X)) == X).all()


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_scratch_bidirectional_matches_gluon(kind):
    set_seed()
    cls, make = PAIRS[kind]
    birnn = BiRecurrent(random_scratch(cls), random_scratch(cls))
    layer = make()
    layer.initialize()
    copy_to_gluon_bidirectional(birnn, layer)
    X = np.random.normal(size=(T, B, I))
    state = [np.random.normal(size=(2, B, H)) for _ in layer.begin_state(B)]
    outputs, (f_state, b_state) = birnn(X, gluon_state_to_pair(state))
    expected, expected_state = layer(X, state)
    assert outputs.shape == (T, B, 2 * H)
    assert float(np.abs(outputs - expected).max()) < 1e-5
    for mine, theirs in zip(f_state + b_state,
                            gluon_state_to_pair(expected_state)[0]
                            + gluon_state_to_pair(expected_state)[1]):
        assert float(np.abs(mine - theirs).max()) < 1e-5
    # and back: a fresh scratch pair loaded from Gluon gives the same
    again = BiRecurrent(cls(I, H), cls(I, H))
    copy_from_gluon_bidirectional(layer, again)
    diff = np.abs(again(X, gluon_state_to_pair(state))[0] - expected)
    assert float(diff.max()) < 1e-5


def test_bidirectional_output_depends_on_the_future():
    set_seed()
    birnn = BiRecurrent(random_scratch(GRUScratch),
                        random_scratch(GRUScratch))
    X = np.random.normal(size=(T, B, I))
    X.attach_grad()
    with autograd.record():
        out = birnn(X)[0]
        out[2].sum().backward()
    per_step = np.abs(X.grad).sum(axis=(1, 2)).asnumpy()
    assert (per_step > 0).all()  # every step, also t > 2
    X.attach_grad()
    with autograd.record():
        out = birnn.f_layer(X)[0]
        out[2].sum().backward()
    per_step = np.abs(X.grad).sum(axis=(1, 2)).asnumpy()
    assert (per_step[3:] == 0).all() and (per_step[:3] > 0).all()


HMM = dict(pi=[0.6, 0.4], A=[[0.7, 0.3], [0.4, 0.6]],
           B=[[0.5, 0.4, 0.1], [0.1, 0.3, 0.6]])


@pytest.mark.parametrize("obs", [[0, 1, 2], [2, 2, 0], [1]])
def test_forward_backward_matches_brute_force(obs):
    alpha, beta, marg = hmm_forward_backward(obs=obs, **HMM)
    assert onp.allclose(marg.sum(axis=1), 1)
    assert onp.allclose(marg, hmm_brute_force_marginals(obs=obs, **HMM))
    # both recursions give the likelihood P(x_1..x_T) at every step
    likelihood = (alpha * beta).sum(axis=1)
    assert onp.allclose(likelihood, likelihood[0])


def test_masked_chars_are_deterministic_and_consistent():
    a = MaskedChars(16, num_steps=32, num_train=64, num_val=32)
    b = MaskedChars(16, num_steps=32, num_train=64, num_val=32)
    assert (a.X == b.X).all() and (a.M == b.M).all()
    c = MaskedChars(16, num_steps=32, num_train=64, num_val=32, seed=1)
    assert not (a.M == c.M).all()
    M = a.M.asnumpy().astype(bool)
    X, Y = a.X.asnumpy(), a.Y.asnumpy()
    assert (X[M] == a.mask_id).all() and (X[~M] == Y[~M]).all()
    assert (Y < a.mask_id).all() and 0.1 < M.mean() < 0.2
    X, Y, M = next(iter(a.train_dataloader()))
    assert X.shape == Y.shape == M.shape == (16, 32)


@pytest.mark.parametrize("bidirectional", [True, False])
def test_tagger_shapes_and_masked_loss(bidirectional):
    data = MaskedChars(8, num_train=16, num_val=8)
    V = len(data.vocab)
    model = Tagger(V + 1, 6, V, bidirectional=bidirectional)
    model.initialize()
    X, Y, M = next(iter(data.train_dataloader()))
    logits = model(X)
    assert logits.shape == (8, 32, V)
    loss = masked_loss(logits, Y, M)
    assert abs(float(loss) - onp.log(V)) < 0.5  # near uniform at start


def test_train_tagger_records_a_history():
    set_seed()
    data = MaskedChars(8, num_train=16, num_val=8)
    V = len(data.vocab)
    h = train_tagger(Tagger(V + 1, 6, V), data, 2, label="bi")
    assert isinstance(h, TaggerHistory) and h.label == "bi"
    assert len(h.train_loss) == len(h.val_acc) == len(h.epoch_seconds) == 2
    assert 0 <= h.val_acc[-1] <= 1
    assert h.summary().startswith("bi: train loss") and "2 epochs" in (
        h.summary())


def test_masked_chars_refuses_more_windows_than_the_book_has():
    with pytest.raises(ValueError, match="fewer windows"):
        MaskedChars(16, num_train=10000, num_val=20000, stride=8)
