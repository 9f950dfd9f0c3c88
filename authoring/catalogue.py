"""Check an assignment's catalogue of misconceptions, in-process.

For every entry of ``assignments/<a>/catalogue.py`` (and its ``variant``,
the same mistake written another way), the harness runs the notebook with
that answer in place of the solution's, up to the part's test cell, and
records the test cell's calls of the part's functions. It checks that

* the entry and its variant lose their part (the test cell fails);
* replaying the recorded calls names the entry itself, and the variant's
  calls name the entry (the accuracy of the feedback's naming), and with
  the entry left out of the catalogue, whether another entry is named
  instead (a wrong naming).

    .venv/bin/python -m authoring.catalogue rnn
    .venv/bin/python -m authoring.catalogue rnn --part rnn_step
"""
import argparse
import hashlib
import json
import sys
import time
from dataclasses import dataclass, field

from autograder.misconceptions import load_catalogue, name_mistakes

from . import ROOT, catalogue_path
from .harness import Harness


@dataclass
class Verdict:
    """What one entry (or its variant) did."""
    lost: bool
    error: str
    named: list = field(default_factory=list)  # names, whole catalogue
    named_without: list = field(default_factory=list)  # entry left out
    calls: int = 0


def judge(h, entry, entries, code):
    """Run ``code`` as the answer of ``entry.part``; name its mistake."""
    test = f"{entry.part}_tests"
    calls = []
    run = h.variant(f"{entry.part}:{entry.name}", {entry.part: code},
                    until=test, watch=(test, entry.defines(), calls))
    error = run.outcomes[test].error
    ns = run.namespace or {}
    same_part = [e for e in entries if e.part == entry.part]
    named = [e.name for e in name_mistakes(same_part, calls, ns)]
    without = [e.name for e in name_mistakes(
        [e for e in same_part if e.name != entry.name], calls, ns)]
    return Verdict(bool(error), error, named, without, len(calls))


def training(part):
    """Whether a part trains a model (its test retrains what the answer
    chose, about 10 s an entry; a model is no data, so never named)."""
    return part.startswith("train_")


def fingerprint(assignment, entry):
    """What a recorded verdict of a training part's entry depends on: the
    entry's code and the whole source notebook (tests and set-up)."""
    notebook = (ROOT / "solutions" / assignment /
                f"{assignment}.ipynb").read_bytes()
    return hashlib.sha1(entry.code.encode() + b"\0" + notebook).hexdigest()[
        :16]


def record_path(assignment):
    return catalogue_path(assignment).with_name("catalogue_training.json")


def check(assignment, part=None, variants=True, harness=None,
          with_training=True):
    """{(part, name): (Verdict of the code, Verdict of the variant or
    None)} for the catalogue of ``assignment`` (without the training
    parts' entries when ``with_training`` is false). ``variants``: True
    (every entry's), False, or "first" (the first entry's of each
    part)."""
    entries = load_catalogue(catalogue_path(assignment))
    h = harness or Harness(assignment)
    out = {}
    first = {}
    for entry in entries:
        first.setdefault(entry.part, entry.name)
        if part and entry.part != part:
            continue
        if training(entry.part) and not with_training:
            continue
        own = judge(h, entry, entries, entry.code)
        wanted = variants is True or (variants == "first"
                                      and first[entry.part] == entry.name)
        other = (judge(h, entry, entries, entry.variant)
                 if wanted and entry.variant else None)
        out[entry.part, entry.name] = (own, other)
    return out


def accuracy(results):
    """(variants named right, variants named wrong, variants not named,
    entries that another entry's naming takes when they are left out)."""
    right = wrong = silent = 0
    for (_, name), (_, other) in results.items():
        if other is None or not other.lost:
            continue
        if other.named == [name]:
            right += 1
        elif other.named:
            wrong += 1
        else:
            silent += 1
    taken = sum(1 for own, _ in results.values() if own.named_without)
    return right, wrong, silent, taken


def write_record(assignment, results):
    """Keep the training parts' verdicts (``catalogue_training.json``):
    the suite checks them against :func:`fingerprint` instead of
    retraining a model per entry."""
    entries = {(e.part, e.name): e for e in load_catalogue(
        catalogue_path(assignment))}
    data = {f"{p}:{n}": dict(fingerprint=fingerprint(assignment,
                                                     entries[p, n]),
                             lost=own.lost, error=own.error[:300])
            for (p, n), (own, _) in sorted(results.items()) if training(p)}
    if data:
        record_path(assignment).write_text(json.dumps(data, indent=1) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument("--part")
    parser.add_argument("--no-variants", action="store_true")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    results = check(args.assignment, args.part, not args.no_variants)
    if not args.part:
        write_record(args.assignment, results)
    bad = 0
    for (part, name), (own, other) in results.items():
        line = (f"{'ok ' if own.lost else 'WRONG'} {part}:{name}"
                f" calls={own.calls} named={own.named}")
        if own.named_without:
            line += f" left-out->{own.named_without}"
        if other is not None:
            line += (f" | variant {'lost' if other.lost else 'PASSES'}"
                     f" named={other.named}")
        bad += not own.lost or (other is not None and not other.lost)
        print(line)
        if not own.lost:
            print("      the entry passes its part's tests")
        elif own.error:
            print(f"      {own.error[:150]}")
    right, wrong, silent, taken = accuracy(results)
    print(f"{len(results)} entries, {bad} not losing their part; variants "
          f"named right {right}, wrong {wrong}, not named {silent}; left "
          f"out and named as another: {taken}; "
          f"{time.perf_counter() - start:.1f} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
