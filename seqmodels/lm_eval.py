"""Kept for book/rnn/rnn_scratch.md, which imports it: perplexity by
position in the window is measured in :mod:`seqmodels.train`, next to
:func:`seqmodels.train.validation_perplexity`
(:func:`seqmodels.train.position_losses`,
:func:`seqmodels.train.position_perplexity`).

Remove this module once the page imports those.
"""
from .train import position_losses, position_perplexity

__all__ = ["position_losses", "position_perplexity"]
