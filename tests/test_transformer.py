"""seqmodels.transformer: causal masking, functional pieces equal the
Gluon blocks, and the language model trains with LMTrainer."""
from d2l import mxnet as d2l
from mxnet import autograd, np, npx

from seqmodels import set_seed
from seqmodels.attention import masked_softmax
from seqmodels.transformer import (
    BLOCK_PARAM_NAMES,
    AddNorm,
    DecoderBlock,
    PositionWiseFFN,
    TransformerLM,
    add_norm,
    block_params,
    causal_mask,
    causal_valid_lens,
    ffn,
    load_block_params,
)

B, T, D, F, HEADS = 2, 5, 8, 12, 2


def test_causal_valid_lens_give_the_causal_mask():
    lens = causal_valid_lens(B, T)
    assert lens.shape == (B, T)
    assert lens[1].tolist() == [1, 2, 3, 4, 5]
    weights = masked_softmax(np.zeros((B, T, T)), lens)
    assert ((weights > 0) == (causal_mask(T) > 0)).all()
    assert np.allclose(weights[0, 2], np.array([1 / 3] * 3 + [0, 0]))


def test_ffn_and_add_norm_match_the_gluon_blocks():
    set_seed()
    X, Y = np.random.normal(size=(B, T, D)), np.random.normal(size=(B, T, D))
    block = PositionWiseFFN(F, D)
    block.initialize()
    expected = block(X)
    W1, b1 = block.dense1.weight.data().T, block.dense1.bias.data()
    W2, b2 = block.dense2.weight.data().T, block.dense2.bias.data()
    assert np.allclose(ffn(X, W1, b1, W2, b2), expected, atol=1e-5)
    an = AddNorm(0)
    an.initialize()
    an(X, Y)
    gamma, beta = np.random.normal(size=D), np.random.normal(size=D)
    an.ln.gamma.set_data(gamma)
    an.ln.beta.set_data(beta)
    assert np.allclose(add_norm(X, Y, gamma, beta), an(X, Y), atol=1e-5)


def test_decoder_block_is_causal_and_round_trips_its_params():
    set_seed()
    block = DecoderBlock(D, F, HEADS)
    block.initialize()
    X = np.random.normal(size=(B, T, D))
    Y = block(X)
    assert Y.shape == (B, T, D)
    X2 = X.copy()
    X2[:, -1] = 5.0  # changing the last position changes only its output
    Y2 = block(X2)
    assert np.allclose(Y[:, :-1], Y2[:, :-1], atol=1e-6)
    assert not np.allclose(Y[:, -1], Y2[:, -1])
    params = block_params(block)
    assert set(params) == set(BLOCK_PARAM_NAMES)
    assert params["W1"].shape == (D, F)
    other = DecoderBlock(D, F, HEADS)
    other.initialize()
    other(X)
    load_block_params(other, params)
    assert np.allclose(other(X), Y, atol=1e-6)


def test_language_model_trains_and_generates():
    set_seed()
    vocab_size = 6
    model = TransformerLM(vocab_size, 16, num_heads=2, num_layers=1,
                          lr=0.02)
    X = np.array([[i % vocab_size for i in range(s, s + 8)]
                  for s in range(16)])
    Y = (X + 1) % vocab_size  # next token: +1 mod 6, easy to learn
    trainer = model.configure_optimizers()
    first = None
    for _ in range(40):
        with autograd.record():
            loss = model.loss(model(X), Y)
        loss.backward()
        trainer.step(1)
        first = float(loss) if first is None else first
    assert model(X).shape == (16, 8, vocab_size)
    assert float(loss) < 0.5 * first
    vocab = d2l.Vocab(list("abcdef"))
    text = model.predict("ab", 4, vocab, npx.cpu())
    assert text.startswith("ab") and len(text) > 2
