#!/usr/bin/env python3
"""Precision and recall of citekg's acronym detector on the Ab3P gold standard, beside Ab3P itself.

    python scripts/eval_abbreviations.py [PATH] [--details]

PATH defaults to ../shared/realdata/abbreviations/Ab3P_MED1250_labeled.txt
(Sohn et al. 2008: 1,250 MEDLINE abstracts with hand-annotated
short-form|long-form pairs, 1,199 distinct pairs per abstract). A pair counts
as found when the short form as written and the long form both match exactly
(case-insensitively for the long form, runs of white space read as one
space), as in the Schwartz & Hearst and Ab3P evaluations. In the same run
the script scores NCBI's Ab3P alone (the ``pyab3p`` binding, when installed)
and a plain Schwartz & Hearst detector, on the same texts and the same gold.

The file's lines end in CR LF, and the sentences of an abstract are
separated by lone CRs ("...countries.\\r Many of..."): only a LF ends a line
here. A few abstracts continue in a second block under the same PMID (after
a blank line); the blocks are joined.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import acronyms  # noqa: E402

DEFAULT = ROOT.parent / "shared/realdata/abbreviations/Ab3P_MED1250_labeled.txt"

Pair = tuple[str, str]


@dataclass
class GoldRecord:
    """One annotated abstract: its PMID, title and abstract as one text, and the gold (SF, lf) pairs."""

    pmid: str
    line: int
    text: str
    pairs: set[Pair] = field(default_factory=set)


def normalise(short: str, long: str) -> Pair:
    """The pair as compared: white space collapsed, the long form lower-cased."""
    return " ".join(short.split()), " ".join(long.split()).lower()


def read_gold(path: Path) -> list[GoldRecord]:
    """Every record of an Ab3P labelled file, in file order.

    A record is a block opened by a line holding only a PMID (after a blank
    line or the file's start): the title on the next line, then the abstract,
    then pair lines ``  SF|LF`` and comment lines ``//...`` (a commented pair,
    ``//*  SF|LF``, is not gold). A block without a PMID line continues the
    record before it; a block whose PMID repeats the previous one joins it.
    """
    raw = path.read_bytes().decode("utf-8", errors="replace")  # a few cp1252 quotes, in comments only
    lines = [line.removesuffix("\r").replace("\r ", " ").replace("\r", " ") for line in raw.split("\n")]
    records: list[GoldRecord] = []
    previous_blank = True
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            continue
        if previous_blank and stripped.isdigit():
            if not records or records[-1].pmid != stripped:
                records.append(GoldRecord(stripped, number, ""))
        elif not records:
            raise ValueError(f"{path}:{number}: text before the first PMID line")
        elif line.startswith("//"):
            pass
        elif line.startswith("  ") and "|" in line:
            short, _, long = line.strip().partition("|")
            if not short.strip() or not long.strip():
                raise ValueError(f"{path}:{number}: a pair line without a short or a long form: {line!r}")
            records[-1].pairs.add(normalise(short, long))
        else:
            record = records[-1]
            record.text = f"{record.text} {stripped}" if record.text else stripped
        previous_blank = False
    return records


def _scores(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


Detector = Callable[[str], Iterable[Pair]]


def citekg_pairs(text: str) -> set[Pair]:
    """citekg's definitions (:func:`kg.extract.acronyms.find_definitions`), short forms as written."""
    return {normalise(d.written, d.long) for d in acronyms.find_definitions(text)}


def schwartz_hearst_pairs(text: str) -> set[Pair]:
    """The plain Schwartz & Hearst detector, without Ab3P or the domain rules."""
    return {normalise(d.written, d.long) for d in acronyms.schwartz_hearst(text)}


def ab3p_pairs(text: str) -> set[Pair]:
    """NCBI's Ab3P alone, as the ``pyab3p`` binding returns its pairs."""
    return {normalise(d.written, d.long) for d in acronyms.ab3p(text)}


def evaluate(records: list[GoldRecord], detector: Detector, details: bool = False) -> dict[str, float]:
    """Counts and precision, recall, F1 of ``detector`` over all ``records``."""
    tp = fp = fn = 0
    for record in records:
        found = set(detector(record.text))
        gold = record.pairs
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
        if details and found != gold:
            for pair in sorted(found - gold):
                print(f"{record.pmid} spurious {pair[0]}|{pair[1]}")
            for pair in sorted(gold - found):
                print(f"{record.pmid} missed   {pair[0]}|{pair[1]}")
    return _scores(tp, fp, fn)


def main(argv: list[str] | None = None) -> int:
    """Print precision, recall and F1 of citekg, Ab3P and Schwartz & Hearst (with --details citekg's errors)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--details", action="store_true", help="list each of citekg's missed and spurious pairs")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"no Ab3P file at {args.path}", file=sys.stderr)
        return 2
    records = read_gold(args.path)
    gold = sum(len(r.pairs) for r in records)
    print(f"Ab3P MED1250: {len(records)} abstracts, {gold} gold pairs")
    detectors: list[tuple[str, Detector]] = [("citekg", citekg_pairs)]
    if acronyms.ab3p_available():
        detectors.append(("Ab3P (pyab3p)", ab3p_pairs))
    else:
        print("Ab3P (pyab3p): not installed, not scored")
    detectors.append(("Schwartz & Hearst", schwartz_hearst_pairs))
    for name, detector in detectors:
        r = evaluate(records, detector, args.details and name == "citekg")
        print(f"{name:18} strict precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}  "
              f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
