"""Parsing speed of the database and PDF readers, in records (or pages) per CPU-second.

    python scripts/bench_parse_formats.py [--records 5000] [--fixtures tests/sources/fixtures]

Each reader parses a text made of its real fixture's records repeated up to
``--records`` (a WoS export, a Scopus CSV, OpenAlex JSON Lines and a list
response, a Crossref items file, CSL-JSON), from memory, on one core; the
PDF reader reads the 15-page Federal Register issue five times. CPU time
(user + system, :func:`resource.getrusage`) of the fastest of three passes,
so other work on the machine counts little. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
from pathlib import Path

from kg.errors import ParseError
from kg.sources import registry


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _repeat_lines(header: str, body: list[str], target: int, per_record: int = 1) -> str:
    copies = max(1, target // max(1, len(body) // per_record))
    return header + "".join(body * copies)


def _inputs(fixtures: Path, target: int) -> list[tuple[str, str, str | bytes]]:
    """(format, label, text or PDF bytes) for each benchmark."""
    found = []
    plain = (fixtures / "wos" / "wosfile_wos_plaintext.txt").read_text(encoding="utf-8-sig")
    head, _, records = plain.partition("PT J\n")
    records = "PT J\n" + records.rsplit("\nEF", 1)[0].rstrip("\n") + "\n"
    found.append(("wos", "WoS plain text", head + records * max(1, target // 50) + "EF\n"))
    tab = (fixtures / "wos" / "wosfile_wos_tab_delimited_win_utf16.txt").read_bytes().decode("utf-16")
    lines = tab.splitlines(keepends=True)
    found.append(("wos", "WoS tab-delimited", _repeat_lines(lines[0], lines[1:], target)))
    for name in ("litstudy_scopus.csv", "litstudy_scopus_v2.csv"):
        text = (fixtures / "scopus-csv" / name).read_text(encoding="utf-8-sig")
        header, _, rows = text.partition("\n")
        count = 58 if name == "litstudy_scopus.csv" else 88
        found.append(("scopus-csv", f"Scopus CSV ({name})", header + "\n" + rows * max(1, target // count)))
    jsonl = (fixtures / "openalex" / "commonmeta_openalex_works_4.jsonl").read_text(encoding="utf-8").splitlines(True)
    found.append(("openalex", "OpenAlex JSON Lines", "".join(jsonl * max(1, target // 4))))
    listing = json.loads((fixtures / "openalex" / "commonmeta_openalex_works_sample5.json").read_text(encoding="utf-8"))
    listing["results"] = listing["results"] * max(1, target // 5)
    found.append(("openalex", "OpenAlex list response", json.dumps(listing)))
    items = json.loads((fixtures / "crossref" / "commonmeta_crossref-list.json").read_text(encoding="utf-8"))
    works = [json.loads((fixtures / "crossref" / p.name).read_text(encoding="utf-8"))["message"]
             for p in sorted((fixtures / "crossref").glob("habanero_*.json"))]
    found.append(("crossref", "Crossref items (list + 5 works)",
                  json.dumps({"items": (items["items"] + works) * max(1, target // 25)}, indent=2)))
    csl = json.loads((fixtures / "csl-json" / "commonmeta_csl-list.json").read_text(encoding="utf-8"))
    found.append(("csl-json", "CSL-JSON", json.dumps(csl * max(1, target // 17), indent=1)))
    found.append(("pdf", "PDF (15-page Federal Register issue, x5)",
                  (fixtures / "pdf" / "pdfplumber_federal-register-2020-17221.pdf").read_bytes()))
    return found


def _run(fmt_name: str, data: str | bytes) -> tuple[int, int, float]:
    fmt = registry.get(fmt_name)
    best = float("inf")
    records = problems = 0
    for _ in range(3):
        started = _cpu()
        if isinstance(data, bytes):
            records = problems = pages = 0
            for _ in range(5):
                for item in fmt.parse(io.TextIOWrapper(io.BytesIO(data), encoding="latin-1"), "bench.pdf"):
                    if isinstance(item, ParseError):
                        problems += 1
                    else:
                        records += 1
                        pages += item.sources[0].end_page
            records = pages
        else:
            records = problems = 0
            for item in fmt.parse(io.StringIO(data), "bench"):
                if isinstance(item, ParseError):
                    problems += 1
                else:
                    records += 1
        best = min(best, _cpu() - started)
    return records, problems, best


def main() -> None:
    """Print one row per reader: records, MB, CPU seconds, records per CPU-second."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--fixtures", type=Path, default=Path(__file__).resolve().parent.parent / "tests/sources/fixtures")
    args = parser.parse_args()
    registry.get("pdf")  # import the readers before timing
    print(f"{'reader':42} {'records':>8} {'MB':>6} {'CPU s':>7} {'records/s':>10}")
    for fmt_name, label, data in _inputs(args.fixtures, args.records):
        records, problems, seconds = _run(fmt_name, data)
        unit = "pages" if isinstance(data, bytes) else "records"
        size = len(data) * (5 if isinstance(data, bytes) else 1) / 1e6
        note = f"  ({problems} errors)" if problems else ""
        print(f"{label:42} {records:>8,} {size:>6.1f} {seconds:>7.2f} {records / seconds:>10,.0f} {unit}/s{note}")


if __name__ == "__main__":
    main()
