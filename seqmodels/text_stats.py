"""Counting tokens and n-grams (sections *Text as sequences* and *Language
models*).

The preprocessing rule is d2l's (:class:`seqmodels.data.TimeMachine`: keep
letters, lower-case, everything else becomes one space), reused here rather
than copied, so word counts and the character corpus see the same text.
:func:`ngram_perplexity` gives the count-based baseline that the RNN
language models of the later sections are compared with.
"""
import collections
import math

import numpy as onp

from .data import text_rules


def preprocess(text):
    """d2l's rule: letters only, lower case, other runs become a space."""
    return text_rules()._preprocess(text)


def tokenize(text, token="char"):
    """Tokens of preprocessed ``text``: characters or words."""
    text = preprocess(text)
    if token == "char":
        return list(text)
    if token == "word":
        return text.split()
    raise ValueError(f"token must be 'char' or 'word', not {token!r}")


def ngrams(tokens, n):
    """All runs of ``n`` consecutive tokens, as tuples, in text order."""
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    return list(zip(*[tokens[i:] for i in range(n)]))


def rank_frequency(tokens, n=1):
    """Counts of the distinct ``n``-grams, largest first."""
    counts = collections.Counter(ngrams(tokens, n))
    return sorted(counts.values(), reverse=True)


def zipf_exponent(freqs, first=1, last=None):
    """Exponent ``alpha`` of Zipf's law ``freq ~ rank ** -alpha``.

    Least-squares slope of log frequency against log rank over the ranks
    ``first`` to ``last`` (1-based, inclusive; ``last=None``: all).
    """
    last = len(freqs) if last is None else min(last, len(freqs))
    ranks = onp.arange(first, last + 1)
    if len(ranks) < 2:
        raise ValueError("need at least two ranks to fit a slope")
    logf = onp.log(onp.asarray(freqs[first - 1:last], dtype=float))
    slope, _ = onp.polyfit(onp.log(ranks), logf, 1)
    return float(-slope)


class NGramModel:
    """Count-based ``n``-gram model with add-``alpha`` smoothing.

    ``P(x | context) = (c(context, x) + alpha) / (c(context) + alpha * V)``
    where ``context`` is the ``n - 1`` previous tokens and ``V`` the
    vocabulary size; ``alpha = 1`` is Laplace smoothing.
    """

    def __init__(self, tokens, n, vocab_size, alpha=1.0):
        self.n, self.vocab_size, self.alpha = n, vocab_size, alpha
        self.counts = collections.Counter(ngrams(tokens, n))
        self.context_counts = collections.Counter()
        for gram, count in self.counts.items():
            self.context_counts[gram[:-1]] += count

    def prob(self, context, token):
        """Smoothed probability of ``token`` after ``context``."""
        context = tuple(context)[-(self.n - 1):] if self.n > 1 else ()
        num = self.counts[context + (token,)] + self.alpha
        den = self.context_counts[context] + self.alpha * self.vocab_size
        return num / den

    def most_likely(self, context, candidates):
        """The candidate token with the highest probability."""
        return max(candidates, key=lambda t: self.prob(context, t))


def ngram_perplexity(train_tokens, test_tokens, n, vocab_size, alpha=1.0):
    """Perplexity on ``test_tokens`` of an ``n``-gram model of the train
    tokens: ``exp`` of the mean negative log-probability, scored from the
    ``n``-th test token on (the first ``n - 1`` only give context)."""
    model = NGramModel(train_tokens, n, vocab_size, alpha)
    nll = [-math.log(model.prob(test_tokens[t - n + 1:t], test_tokens[t]))
           for t in range(n - 1, len(test_tokens))]
    return math.exp(sum(nll) / len(nll))
