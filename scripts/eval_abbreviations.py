#!/usr/bin/env python3
"""Precision and recall of citekg's acronym detector on the Ab3P gold standard.

    python scripts/eval_abbreviations.py [PATH] [--details]

PATH defaults to ../shared/realdata/abbreviations/Ab3P_MED1250_labeled.txt
(Sohn et al. 2008: 1,250 MEDLINE abstracts with hand-annotated
short-form|long-form pairs). A pair counts as found when the short form and
the long form both match exactly (case-insensitively for the long form), as
in the Schwartz & Hearst and Ab3P evaluations.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.extract.acronyms import find_definitions

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared/realdata/abbreviations/Ab3P_MED1250_labeled.txt"


def read_gold(path: Path):
    """(pmid, text, {(SF, LF)}) per record."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    i = 0
    while i < len(lines):
        if not lines[i].strip().isdigit():
            i += 1
            continue
        pmid, title, abstract = lines[i].strip(), lines[i + 1], lines[i + 2] if i + 2 < len(lines) else ""
        i += 3
        pairs = set()
        while i < len(lines) and lines[i].strip() and not lines[i].strip().isdigit():
            line = lines[i]
            if line.startswith("  ") and "|" in line and not line.lstrip().startswith("//"):
                short, _, long = line.strip().partition("|")
                pairs.add((short.strip(), long.strip().lower()))
            i += 1
        yield pmid, title.strip() + " " + abstract.strip(), pairs


def evaluate(path: Path, details: bool = False) -> dict[str, float]:
    """Counts and precision, recall, F1 over the whole file."""
    tp = fp = fn = 0
    for pmid, text, gold in read_gold(path):
        # the detector reports a plural short form ("CCGs") in the singular; accept either spelling
        found = {(d.short + "s", d.long.lower()) if (d.short + "s", d.long.lower()) in gold
                 else (d.short, d.long.lower()) for d in find_definitions(text)}
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
        if details and found != gold:
            for pair in sorted(found - gold):
                print(f"{pmid} spurious {pair[0]}|{pair[1]}")
            for pair in sorted(gold - found):
                print(f"{pmid} missed   {pair[0]}|{pair[1]}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def main(argv: list[str] | None = None) -> int:
    """Print precision, recall and F1 (and with --details every miss)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--details", action="store_true", help="list each missed and spurious pair")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"no Ab3P file at {args.path}", file=sys.stderr)
        return 2
    r = evaluate(args.path, args.details)
    print(f"Ab3P MED1250: precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}  "
          f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
