"""Dates in human formats mapped to ISO 8601: an offline parallel corpus.

The encoder-decoder and attention chapters need pairs of sequences, and the
course downloads nothing, so we make the pairs ourselves. A *source* is one
calendar date written the way people write dates, in English, French,
German or Spanish; its *target* is the same date in ISO 8601
(``YYYY-MM-DD``, always 10 characters)::

    "23.11.26"                                       -> "2026-11-23"
    "monday, november 23rd, 2026"                     -> "2026-11-23"
    "the twenty-third of november, two thousand and twenty-six"
                                                      -> "2026-11-23"

Why this suits attention: every output character comes from a different
part of the input, and where that part sits changes from format to format
("23" is at the front of "23/11/2026", in the middle of "nov 23 '26" and
is spelt "twenty-third" in the long forms). Sources run from 8 to
``MAX_SOURCE_LEN`` (76) characters, so a decoder that sees the input only
through one fixed-size context vector has to squeeze a long sentence into
it, while an attention decoder can look back at the few characters it needs
for each digit. The book buckets accuracy by source length
(:meth:`DateTranslation.lengths`) to show exactly this.

Conventions, chosen so that every source names exactly one date:

* **Character set.** Lower-case ASCII only (``SOURCE_CHARS``): accents are
  dropped ("fevrier", "aout", "miercoles") and the German umlaut becomes
  "ae" ("maerz"). Keeping to lower case keeps the vocabulary small.
* **Numbers only in day-first order** (or year-first, ISO style). There is
  no month-first numeric format such as "11/23/2026": next to "23/11/2026"
  it would make "05/06/2026" mean two dates. Month-first order appears only
  with a month *name* ("nov 23 '26"), which is never ambiguous.
* **Two-digit years** follow the POSIX pivot that Python's ``%y`` uses:
  69-99 mean 1969-1999 and 00-68 mean 2000-2068. A format with a two-digit
  year is only used for dates in that window (:func:`fits`).
* **Weekdays** are always the true weekday of the date (from
  :mod:`datetime`), so they are redundant but consistent.

Each renderer in ``FORMATS`` is a small function of a :class:`datetime.date`
whose docstring shows its rendering of 23 November 2026 (a Monday).
"""
import random
import string
from datetime import date, timedelta

from d2l import mxnet as d2l

from .data import FastTensorLoader

SOURCE_CHARS = string.ascii_lowercase + string.digits + " ,.'/-"
TARGET_CHARS = string.digits + "-"
RESERVED_TOKENS = ["<pad>", "<bos>", "<eos>"]
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2099, 12, 31)
# Python's %y pivot: two-digit years stand for 1969-2068.
TWO_DIGIT_FIRST, TWO_DIGIT_LAST = date(1969, 1, 1), date(2068, 12, 31)
# Shortest and longest sources over FIRST_DATE..LAST_DATE (found by
# rendering every date in every format): '01.01.69' and en_words of
# 1973-09-27, 'the twenty-seventh of september, one thousand nine hundred
# and seventy-three'.
MIN_SOURCE_LEN, MAX_SOURCE_LEN = 8, 76

MONTHS = {
    "en": ["january", "february", "march", "april", "may", "june", "july",
           "august", "september", "october", "november", "december"],
    "fr": ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet",
           "aout", "septembre", "octobre", "novembre", "decembre"],
    "de": ["januar", "februar", "maerz", "april", "mai", "juni", "juli",
           "august", "september", "oktober", "november", "dezember"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
           "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
}
# Monday first, as in date.weekday().
WEEKDAYS = {
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday",
           "saturday", "sunday"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
           "dimanche"],
    "de": ["montag", "dienstag", "mittwoch", "donnerstag", "freitag",
           "samstag", "sonntag"],
    "es": ["lunes", "martes", "miercoles", "jueves", "viernes", "sabado",
           "domingo"],
}

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven",
         "eight", "nine", "ten", "eleven", "twelve", "thirteen",
         "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
         "eighty", "ninety"]
_FIRST_ORDINALS = ["", "first", "second", "third", "fourth", "fifth",
                   "sixth", "seventh", "eighth", "ninth", "tenth",
                   "eleventh", "twelfth", "thirteenth", "fourteenth",
                   "fifteenth", "sixteenth", "seventeenth", "eighteenth",
                   "nineteenth"]


# --- English numbers --------------------------------------------------------

def _below_hundred(n):
    """0 <= n < 100 in words: 'seven', 'forty', 'twenty-six'."""
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def number_words(n):
    """1 <= n < 10000 in British English: 2026 -> 'two thousand and ...'."""
    if not 0 < n < 10000:
        raise ValueError(f"number_words covers 1..9999, not {n}")
    thousands, rest = divmod(n, 1000)
    hundreds, rest = divmod(rest, 100)
    words = []
    if thousands:
        words.append(f"{_ONES[thousands]} thousand")
    if hundreds:
        words.append(f"{_ONES[hundreds]} hundred")
    if rest:
        words.append(("and " if words else "") + _below_hundred(rest))
    return " ".join(words)


def spoken_year(year):
    """A year as people say it: 'nineteen ninety-nine', 'nineteen oh five'.

    Years ending in 00-09 of a new millennium are said as a number
    ('two thousand and six'); other years are split into two pairs of
    digits ('twenty twenty-six', 'nineteen hundred').
    """
    century, rest = divmod(year, 100)
    if year < 1000 or century % 10 == 0 and rest < 10:
        return number_words(year)
    if rest == 0:
        return f"{_below_hundred(century)} hundred"
    if rest < 10:
        return f"{_below_hundred(century)} oh {_ONES[rest]}"
    return f"{_below_hundred(century)} {_below_hundred(rest)}"


def ordinal_suffix(n):
    """English suffix of an ordinal: 1 -> 'st', 12 -> 'th', 23 -> 'rd'."""
    if 11 <= n % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def ordinal_words(n):
    """1 <= n < 100 as an English ordinal: 23 -> 'twenty-third'."""
    if n < 20:
        return _FIRST_ORDINALS[n]
    tens, ones = divmod(n, 10)
    if ones == 0:
        return _TENS[tens][:-1] + "ieth"  # twenty -> twentieth
    return f"{_TENS[tens]}-{_FIRST_ORDINALS[ones]}"


# --- The formats ------------------------------------------------------------

def _month(d, lang):
    return MONTHS[lang][d.month - 1]


def _weekday(d, lang):
    return WEEKDAYS[lang][d.weekday()]


def dmy_slash(d):
    """Day-first numeric: '23/11/2026'."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def dmy_dots_short(d):
    """German-style numeric, two-digit year: '23.11.26'."""
    return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"


def iso_basic(d):
    """ISO 8601 basic form, no separators: '20261123'."""
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def en_abbr_short(d):
    """Abbreviated month first, two-digit year: "nov 23 '26"."""
    return f"{_month(d, 'en')[:3]} {d.day} '{d.year % 100:02d}"


def en_mdy(d):
    """Month name first: 'november 23, 2026'."""
    return f"{_month(d, 'en')} {d.day}, {d.year}"


def en_dmy(d):
    """Day first with a month name: '23 november 2026'."""
    return f"{d.day} {_month(d, 'en')} {d.year}"


def en_weekday_abbr(d):
    """E-mail style (RFC 2822, lower case): 'mon, 23 nov 2026'."""
    return f"{_weekday(d, 'en')[:3]}, {d.day} {_month(d, 'en')[:3]} {d.year}"


def en_weekday_ordinal(d):
    """Weekday and ordinal day: 'monday, november 23rd, 2026'."""
    day = f"{d.day}{ordinal_suffix(d.day)}"
    return f"{_weekday(d, 'en')}, {_month(d, 'en')} {day}, {d.year}"


def en_ordinal_of(d):
    """Ordinal day 'of' the month: 'the 23rd of november 2026'."""
    day = f"{d.day}{ordinal_suffix(d.day)}"
    return f"the {day} of {_month(d, 'en')} {d.year}"


def en_words(d):
    """All in words: 'the twenty-third of november, two thousand and
    twenty-six'."""
    return (f"the {ordinal_words(d.day)} of {_month(d, 'en')}, "
            f"{number_words(d.year)}")


def en_spoken(d):
    """As said aloud: 'november twenty-third, twenty twenty-six'."""
    return (f"{_month(d, 'en')} {ordinal_words(d.day)}, "
            f"{spoken_year(d.year)}")


def _fr_day(d):
    return "1er" if d.day == 1 else str(d.day)  # French '1er mai'


def fr_long(d):
    """French: 'le 23 novembre 2026' ('le 1er mai 2026')."""
    return f"le {_fr_day(d)} {_month(d, 'fr')} {d.year}"


def fr_weekday(d):
    """French with weekday: 'lundi 23 novembre 2026'."""
    return f"{_weekday(d, 'fr')} {_fr_day(d)} {_month(d, 'fr')} {d.year}"


def de_long(d):
    """German: '23. november 2026'."""
    return f"{d.day}. {_month(d, 'de')} {d.year}"


def de_weekday(d):
    """German with weekday: 'montag, 23. november 2026'."""
    return f"{_weekday(d, 'de')}, {d.day}. {_month(d, 'de')} {d.year}"


def es_long(d):
    """Spanish: '23 de noviembre de 2026'."""
    return f"{d.day} de {_month(d, 'es')} de {d.year}"


def es_weekday(d):
    """Spanish with weekday: 'lunes, 23 de noviembre de 2026'."""
    return f"{_weekday(d, 'es')}, {es_long(d)}"


FORMATS = {f.__name__: f for f in [
    dmy_slash, dmy_dots_short, iso_basic, en_abbr_short, en_mdy, en_dmy,
    en_weekday_abbr, en_weekday_ordinal, en_ordinal_of, en_words,
    en_spoken, fr_long, fr_weekday, de_long, de_weekday, es_long,
    es_weekday]}
TWO_DIGIT_YEAR_FORMATS = frozenset({"dmy_dots_short", "en_abbr_short"})
WEEKDAY_FORMATS = frozenset({"en_weekday_abbr", "en_weekday_ordinal",
                             "fr_weekday", "de_weekday", "es_weekday"})


def fits(d, fmt):
    """Whether format ``fmt`` names date ``d`` without ambiguity.

    Only the two-digit-year formats are restricted, to 1969-2068.
    """
    if fmt in TWO_DIGIT_YEAR_FORMATS:
        return TWO_DIGIT_FIRST <= d <= TWO_DIGIT_LAST
    return fmt in FORMATS


def render(d, fmt):
    """Date ``d`` written in the format named ``fmt`` (a key of FORMATS)."""
    if fmt not in FORMATS:
        raise KeyError(f"unknown date format {fmt!r}; "
                       f"choose from {sorted(FORMATS)}")
    if not fits(d, fmt):
        raise ValueError(f"{fmt} has a two-digit year and only covers "
                         f"{TWO_DIGIT_FIRST} to {TWO_DIGIT_LAST}, not {d}")
    return FORMATS[fmt](d)


def iso(d):
    """The target: ISO 8601 extended form, 'YYYY-MM-DD'."""
    return d.isoformat()


# --- Sampling ---------------------------------------------------------------

def sample_dates(n, seed, start=FIRST_DATE, end=LAST_DATE):
    """``n`` pairs (date, format name), the same for the same ``seed``.

    The date is uniform over ``start``..``end`` (inclusive); the format is
    uniform over the formats that :func:`fits` it. Repeats are possible.
    """
    if start > end:
        raise ValueError(f"start {start} is after end {end}")
    rng = random.Random(seed)  # never the global RNG
    span = (end - start).days
    records = []
    for _ in range(n):
        d = start + timedelta(days=rng.randint(0, span))
        fmt = rng.choice([f for f in FORMATS if fits(d, f)])
        records.append((d, fmt))
    return records


def sample_pairs(n, seed, start=FIRST_DATE, end=LAST_DATE):
    """``n`` (source, target) string pairs, deterministic for ``seed``."""
    return [(render(d, fmt), iso(d))
            for d, fmt in sample_dates(n, seed, start, end)]


def examples(k=8, seed=0):
    """``k`` sample (source, target) pairs, for the book to print."""
    return sample_pairs(k, seed)


def describe(d=date(2026, 11, 23)):
    """Every format's rendering of one date, as {format name: source}."""
    return {fmt: render(d, fmt) for fmt in FORMATS if fits(d, fmt)}


# --- The data module --------------------------------------------------------

def source_vocab():
    """Character vocabulary of the sources: SOURCE_CHARS and the reserved
    tokens (fixed, so it never depends on which dates were drawn)."""
    return d2l.Vocab(list(SOURCE_CHARS), reserved_tokens=RESERVED_TOKENS)


def target_vocab():
    """Character vocabulary of the targets: digits, '-' and reserved."""
    return d2l.Vocab(list(TARGET_CHARS), reserved_tokens=RESERVED_TOKENS)


class DateTranslation(FastTensorLoader, d2l.DataModule):
    """Human-written dates to ISO 8601, with the interface of d2l.MTFraEng.

    Batches are ``(src, tgt_in, src_valid_len, label)``, as in d2l:

    * ``src``: source characters then '<eos>', padded with '<pad>' (or
      truncated) to ``num_steps``; ``src_valid_len`` counts the non-pad
      tokens.
    * ``tgt_in``: '<bos>' then the 10 target characters; ``label``: the 10
      characters then '<eos>'. Both have ``tgt_num_steps`` columns.

    Unlike d2l, sources and targets have their own lengths: a source needs
    up to MAX_SOURCE_LEN + 1 = 77 steps with its '<eos>', a target always
    exactly 11, so the default ``num_steps=80`` leaves no source truncated
    and ``tgt_num_steps=11`` wastes no decoder step on padding. The first
    ``num_train`` examples form the training set, the next ``num_val`` the
    validation set; both come from one draw of :func:`sample_dates`.
    """

    def __init__(self, batch_size, num_steps=80, num_train=8000,
                 num_val=1000, tgt_num_steps=11, seed=0):
        super().__init__()
        self.save_hyperparameters()
        self.records = sample_dates(num_train + num_val, seed)
        pairs = [(render(d, fmt), iso(d)) for d, fmt in self.records]
        self.arrays, self.src_vocab, self.tgt_vocab = self._build_arrays(
            pairs)

    def _build_arrays(self, pairs, src_vocab=None, tgt_vocab=None):
        """Token arrays of (source, target) pairs, as d2l's MTFraEng."""
        src_vocab = src_vocab or source_vocab()
        tgt_vocab = tgt_vocab or target_vocab()

        def pad_or_trim(tokens, t):
            return tokens[:t] + ["<pad>"] * (t - len(tokens))

        src = [pad_or_trim(list(s) + ["<eos>"], self.num_steps)
               for s, _ in pairs]
        tgt = [["<bos>"] + pad_or_trim(list(t) + ["<eos>"],
                                       self.tgt_num_steps)
               for _, t in pairs]
        src_array = d2l.tensor([src_vocab[s] for s in src])
        tgt_array = d2l.tensor([tgt_vocab[t] for t in tgt])
        src_valid_len = d2l.reduce_sum(
            d2l.astype(src_array != src_vocab["<pad>"], d2l.int32), 1)
        return ((src_array, tgt_array[:, :-1], src_valid_len,
                 tgt_array[:, 1:]), src_vocab, tgt_vocab)

    def get_dataloader(self, train):
        """Training rows are 0..num_train-1, validation rows the rest."""
        idx = slice(0, self.num_train) if train else slice(
            self.num_train, None)
        return self.get_tensorloader(self.arrays, train, idx)

    def build(self, src_sentences, tgt_sentences):
        """Arrays for new sentences, with this module's vocabularies."""
        arrays, _, _ = self._build_arrays(
            list(zip(src_sentences, tgt_sentences)), self.src_vocab,
            self.tgt_vocab)
        return arrays

    def split(self, train):
        """The (date, format name) records of one split, in row order."""
        return (self.records[:self.num_train] if train
                else self.records[self.num_train:])

    def lengths(self, train=False):
        """Source lengths in characters (no '<eos>') of one split, in row
        order: the validation loader does not shuffle, so these line up
        with its predictions for bucketing accuracy by length."""
        return [len(render(d, fmt)) for d, fmt in self.split(train)]

    def formats(self, train=False):
        """Format name of each example of one split, in row order."""
        return [fmt for _, fmt in self.split(train)]
