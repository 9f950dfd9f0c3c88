"""Token counts, Zipf exponents and the n-gram baseline."""
import math

import pytest

from seqmodels import text_stats as ts


def test_tokenize_follows_d2l_preprocessing(corpus_and_vocab):
    text = "The Time-Machine, 1895!\nIt's here."
    assert ts.preprocess(text) == "the time machine it s here "
    assert ts.tokenize(text, "word") == [
        "the", "time", "machine", "it", "s", "here"]
    assert ts.tokenize("Ab c", "char") == ["a", "b", " ", "c"]
    corpus, vocab = corpus_and_vocab
    from seqmodels.data import read_time_machine
    chars = ts.tokenize(read_time_machine(), "char")
    assert vocab.to_tokens(corpus[:100]) == chars[:100]


def test_tokenize_rejects_unknown_kind():
    with pytest.raises(ValueError, match="char"):
        ts.tokenize("abc", "sentence")


def test_ngrams_and_rank_frequency():
    tokens = list("abab")
    assert ts.ngrams(tokens, 2) == [("a", "b"), ("b", "a"), ("a", "b")]
    assert ts.ngrams(tokens, 5) == []
    assert ts.rank_frequency(tokens, 2) == [2, 1]
    with pytest.raises(ValueError):
        ts.ngrams(tokens, 0)


@pytest.mark.parametrize("alpha", [0.5, 1.0, 2.0])
def test_zipf_exponent_recovers_a_power_law(alpha):
    freqs = [1e6 * r ** -alpha for r in range(1, 201)]
    assert ts.zipf_exponent(freqs) == pytest.approx(alpha)
    assert ts.zipf_exponent(freqs, 10, 100) == pytest.approx(alpha)
    with pytest.raises(ValueError):
        ts.zipf_exponent(freqs, 5, 5)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_ngram_probabilities_sum_to_one(n):
    tokens = list("abracadabra")
    model = ts.NGramModel(tokens, n, vocab_size=5, alpha=0.5)
    context = tokens[:n - 1]
    total = sum(model.prob(context, t) for t in "abcdr")
    assert total == pytest.approx(1.0)


def test_ngram_counts_and_most_likely():
    model = ts.NGramModel(list("abababac"), 2, vocab_size=3, alpha=1.0)
    # 'a' is followed by 'b' three times and by 'c' once.
    assert model.prob("a", "b") == pytest.approx((3 + 1) / (4 + 3))
    assert model.most_likely("a", "abc") == "b"


def test_ngram_perplexity_limits():
    # Unseen text and add-1 smoothing over V tokens: every guess is 1/V.
    assert ts.ngram_perplexity([], list("xyzxyz"), 1, 7) == pytest.approx(7)
    # A deterministic cycle learnt by a bigram model: close to 1.
    text = list("abc" * 200)
    ppl = ts.ngram_perplexity(text, text, 2, 3, alpha=1e-6)
    assert 1 <= ppl < 1.001
    assert ts.ngram_perplexity(text, text, 1, 3) == pytest.approx(
        3, rel=1e-3)
    assert math.isfinite(ts.ngram_perplexity(text, list("cba"), 3, 3))
