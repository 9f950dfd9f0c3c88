"""The dates corpus: formats, sampling, vocabularies and the data module."""
from datetime import date, datetime, timedelta

import pytest

from seqmodels import dates
from seqmodels.dates import (
    FORMATS,
    MAX_SOURCE_LEN,
    MIN_SOURCE_LEN,
    DateTranslation,
    render,
    sample_dates,
    sample_pairs,
)

MONDAY = date(2026, 11, 23)
# Formats that Python's own parser reads, as an independent check.
STRPTIME = {"dmy_slash": "%d/%m/%Y", "dmy_dots_short": "%d.%m.%y",
            "iso_basic": "%Y%m%d", "en_abbr_short": "%b %d '%y",
            "en_mdy": "%B %d, %Y", "en_dmy": "%d %B %Y",
            "en_weekday_abbr": "%a, %d %b %Y"}


@pytest.fixture(scope="module")
def records():
    return sample_dates(5000, seed=1)


@pytest.fixture(scope="module")
def data():
    return DateTranslation(batch_size=32, num_train=200, num_val=50)


def test_same_seed_same_pairs_other_seed_other_pairs():
    """A seed fixes the corpus; another seed gives another corpus."""
    assert sample_pairs(300, seed=7) == sample_pairs(300, seed=7)
    assert sample_pairs(300, seed=7) != sample_pairs(300, seed=8)


def test_sampling_leaves_the_global_rng_alone():
    """Drawing pairs neither uses nor moves Python's global RNG."""
    import random
    random.seed(3)
    expected = random.random()
    random.seed(3)
    sample_pairs(50, seed=0)
    assert random.random() == expected


def test_targets_are_iso_for_the_drawn_date(records):
    """Every target is 'YYYY-MM-DD' and names the date that was drawn."""
    for d, fmt in records:
        source, target = render(d, fmt), dates.iso(d)
        assert len(target) == 10 and target[4] == target[7] == "-"
        assert date.fromisoformat(target) == d
        assert dates.FIRST_DATE <= d <= dates.LAST_DATE
        if fmt in STRPTIME:
            assert datetime.strptime(source, STRPTIME[fmt]).date() == d


def test_every_format_appears(records):
    """A large sample uses every format, the two-digit-year ones too."""
    assert {fmt for _, fmt in records} == set(FORMATS)
    assert len(FORMATS) >= 12


def test_two_digit_years_only_inside_the_pivot_window(records):
    """'%y' formats are used only for 1969-2068, where they are unique."""
    for d, fmt in records:
        if fmt in dates.TWO_DIGIT_YEAR_FORMATS:
            assert 1969 <= d.year <= 2068
    with pytest.raises(ValueError, match="two-digit"):
        render(date(1950, 1, 1), "dmy_dots_short")
    with pytest.raises(KeyError):
        render(MONDAY, "klingon")


def test_weekdays_are_correct():
    """Weekday names match the calendar, in all four languages."""
    for i in range(14):
        d = MONDAY + timedelta(days=i)
        long_name = render(d, "en_weekday_ordinal").split(",")[0]
        assert long_name == d.strftime("%A").lower()
        assert render(d, "en_weekday_abbr")[:3] == d.strftime("%a").lower()
    known = {date(1969, 7, 20): ("dimanche", "sonntag", "domingo"),
             date(2000, 2, 29): ("mardi", "dienstag", "martes"),
             MONDAY: ("lundi", "montag", "lunes")}
    for d, (fr, de, es) in known.items():
        assert render(d, "fr_weekday").startswith(fr + " ")
        assert render(d, "de_weekday").startswith(de + ", ")
        assert render(d, "es_weekday").startswith(es + ", ")


def test_words_for_numbers():
    """Years, ordinals and suffixes are spelt the usual way."""
    assert dates.number_words(2026) == "two thousand and twenty-six"
    assert dates.number_words(1900) == "one thousand nine hundred"
    assert dates.spoken_year(1999) == "nineteen ninety-nine"
    assert dates.spoken_year(1905) == "nineteen oh five"
    assert dates.spoken_year(1900) == "nineteen hundred"
    assert dates.spoken_year(2006) == "two thousand and six"
    assert dates.spoken_year(2026) == "twenty twenty-six"
    assert [dates.ordinal_words(n) for n in (1, 12, 20, 23, 31)] == [
        "first", "twelfth", "twentieth", "twenty-third", "thirty-first"]
    assert [dates.ordinal_suffix(n) for n in (1, 2, 3, 11, 12, 13, 22)] == [
        "st", "nd", "rd", "th", "th", "th", "nd"]
    assert render(date(2026, 5, 1), "fr_long") == "le 1er mai 2026"


def test_examples_of_every_format():
    """describe() shows each format once; examples() gives k pairs."""
    shown = dates.describe(MONDAY)
    assert shown["en_words"] == (
        "the twenty-third of november, two thousand and twenty-six")
    assert shown["de_weekday"] == "montag, 23. november 2026"
    assert shown["en_abbr_short"] == "nov 23 '26"
    assert set(shown) == set(FORMATS)
    assert len(dates.examples(5)) == 5


def test_source_lengths_and_characters(records):
    """Sources use SOURCE_CHARS only and span 8 to MAX_SOURCE_LEN chars."""
    lengths = []
    for d, fmt in records:
        source = render(d, fmt)
        assert set(source) <= set(dates.SOURCE_CHARS)
        lengths.append(len(source))
    assert MIN_SOURCE_LEN <= min(lengths) <= 10
    assert 60 <= max(lengths) <= MAX_SOURCE_LEN
    longest = render(date(1973, 9, 27), "en_words")
    assert len(longest) == MAX_SOURCE_LEN
    # Every month, day and weekday, and every year on a long day.
    days = [date(1977, 1, 1) + timedelta(days=i) for i in range(365)]
    days += [date(y, 9, 27) for y in range(1900, 2100)]
    for fmt in FORMATS:
        for d in days:
            if dates.fits(d, fmt):
                assert (MIN_SOURCE_LEN <= len(render(d, fmt))
                        <= MAX_SOURCE_LEN)


def test_vocabularies_are_small(data):
    """Character vocabularies: 46 source tokens, 15 target tokens."""
    print(f"source vocab {len(data.src_vocab)}, "
          f"target vocab {len(data.tgt_vocab)}")
    assert len(data.src_vocab) == len(dates.SOURCE_CHARS) + 4  # + <unk>
    assert len(data.tgt_vocab) == 11 + 4
    for token in dates.RESERVED_TOKENS:
        assert data.src_vocab[token] != data.src_vocab.unk
        assert data.tgt_vocab[token] != data.tgt_vocab.unk


def test_array_shapes(data):
    """Sources have num_steps columns, decoder rows tgt_num_steps."""
    src, tgt_in, src_valid_len, label = data.arrays
    assert src.shape == (250, 80)
    assert tgt_in.shape == label.shape == (250, 11)
    assert src_valid_len.shape == (250,)
    X, Y_in, valid, Y = next(iter(data.val_dataloader()))
    assert X.shape == (32, 80) and Y_in.shape == Y.shape == (32, 11)


def test_bos_eos_padding_and_valid_lengths(data):
    """'<bos>' opens tgt_in, '<eos>' closes label and source, then pads."""
    src, tgt_in, src_valid_len, label = [a.asnumpy() for a in data.arrays]
    sv, tv = data.src_vocab, data.tgt_vocab
    assert (tgt_in[:, 0] == tv["<bos>"]).all()
    assert (label[:, -1] == tv["<eos>"]).all()
    assert (tgt_in[:, 1:] == label[:, :-1]).all()
    lengths = data.lengths(train=True) + data.lengths(train=False)
    for i, (d, fmt) in enumerate(data.records):
        n = int(src_valid_len[i])
        assert n == lengths[i] + 1
        assert src[i, n - 1] == sv["<eos>"]
        assert (src[i, n:] == sv["<pad>"]).all()
        text = "".join(sv.to_tokens([int(t) for t in src[i, :n - 1]]))
        assert text == render(d, fmt)
        target = "".join(tv.to_tokens([int(t) for t in label[i, :-1]]))
        assert target == dates.iso(d)
    assert (src != sv.unk).all()


def test_train_and_val_are_disjoint_row_ranges(data):
    """Training rows come first, validation rows after, none shared."""
    train_rows = sum(b[0].shape[0] for b in data.train_dataloader())
    val_rows = sum(b[0].shape[0] for b in data.val_dataloader())
    assert (train_rows, val_rows) == (200, 50)
    X = next(iter(data.val_dataloader()))[0].asnumpy()
    assert (X == data.arrays[0][200:232].asnumpy()).all()
    assert data.split(True) + data.split(False) == data.records
    assert len(data.lengths(train=False)) == len(data.formats()) == 50


def test_short_num_steps_truncates():
    """As in d2l, a source longer than num_steps is cut (losing '<eos>')."""
    short = DateTranslation(batch_size=4, num_steps=10, num_train=20,
                            num_val=5)
    assert short.arrays[0].shape == (25, 10)
    assert int(short.arrays[2].max()) <= 10


def test_build_new_sentences(data):
    """build() turns new pairs into arrays with the module's vocabularies."""
    src, tgt_in, valid, label = data.build(["23/11/2026"], ["2026-11-23"])
    assert src.shape == (1, 80) and int(valid[0]) == 11
    decoded = data.tgt_vocab.to_tokens([int(t) for t in label[0]])
    assert "".join(decoded[:10]) == "2026-11-23" and decoded[10] == "<eos>"
