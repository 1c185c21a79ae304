#!/usr/bin/env python3
"""Generate a synthetic PubMed MEDLINE (.nbib) corpus for benchmarks.

    python scripts/make_corpus.py OUT.nbib [--records 100000] [--posts N] [--seed 1]

Records look like real exports of health-policy papers: 3–12 authors with
affiliations, a structured abstract of 200–300 words naming English health
bodies, policies and methods, 6–15 MeSH headings with qualifiers and major
flags, keywords, DOI, journal and dates. A quarter of the abstracts state
one of the vocabularies' own facts ("The Health and Social Care Act 2012
abolished PCT.", "ICB replaced CCG."), and two in five cite earlier work
by author and year ("(Checkland et al., 2012)"), so that every question of
the pack has relations, evidence and citations to read. With ``--posts N``
it also writes OUT-posts.html, a research unit's blog archive (WordPress)
of N posts, each discussing bodies and policies and linking to one to three
of the papers' PubMed records. Content is random but reproducible (same
seed, same files).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import random
import sys
import textwrap
from pathlib import Path

JOURNALS = [("BMJ Open", "BMJ open"), ("Br J Gen Pract", "The British journal of general practice"),
            ("Health Policy", "Health policy (Amsterdam, Netherlands)"), ("Soc Sci Med", "Social science & medicine"),
            ("J Health Serv Res Policy", "Journal of health services research & policy"),
            ("BMC Health Serv Res", "BMC health services research"), ("Sociol Health Illn", "Sociology of health & illness"),
            ("BMC Prim Care", "BMC primary care"), ("J Public Health (Oxf)", "Journal of public health (Oxford, England)"),
            ("Int J Integr Care", "International journal of integrated care")]
SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
            "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
            "Checkland", "Peckham", "Coleman", "Segar", "Perkins", "Hammond", "Sutton", "McDermott", "Allen", "Moran"]
GIVEN = ["Anna", "Ben", "Claire", "David", "Emma", "Fiona", "George", "Helen", "Ian", "Julia", "Kath", "Laura",
         "Mark", "Neil", "Olivia", "Paul", "Rachel", "Stephen", "Tom", "Victoria"]
PLACES = ["University of Manchester, Manchester, UK", "University of Kent, Canterbury, UK",
          "London School of Hygiene and Tropical Medicine, London, UK", "University of Birmingham, Birmingham, UK",
          "The King's Fund, London, UK", "Nuffield Trust, London, UK", "University of York, York, UK"]
def _vocabulary_names() -> dict[str, list[str]]:
    """Names of the vocabulary's concepts by kind, in a fixed order (the corpus draws from them)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kg.vocab.concepts import load_vocabulary

    names: dict[str, list[str]] = {}
    vocabulary = load_vocabulary()
    for iri in sorted(vocabulary):
        concept = vocabulary[iri]
        label = concept.acronyms[0] if concept.acronyms and len(concept.concept.label) > 40 else concept.concept.label
        names.setdefault(concept.concept.kind, []).append(label)
    for kind in names:  # which names are common is arbitrary, but fixed
        random.Random(kind).shuffle(names[kind])
    return names


NAMES = _vocabulary_names()


def _vocabulary_facts() -> list[str]:
    """Sentences stating the vocabularies' relations: which policy established or abolished which
    body, which body replaced which (in a fixed order)."""
    from kg.vocab.concepts import load_vocabulary, vocabulary_quads
    from kg.vocab.namespaces import CKG

    vocabulary = load_vocabulary()

    def name(iri: str) -> str:
        concept = vocabulary[iri]
        if concept.acronyms and concept.concept.kind == "body":
            return concept.acronyms[0]
        label = concept.concept.label
        return f"the {label}" if " Act " in f" {label} " else label

    verbs = {CKG.abolishes: "abolished", CKG.establishes: "established", CKG.replaces: "replaced"}
    facts = []
    for triple in vocabulary_quads(with_relations=True):
        verb = verbs.get(triple.predicate.value)
        subject, obj = triple.subject.value, triple.object.value
        if verb and subject in vocabulary and obj in vocabulary:
            subject_name = name(subject)
            facts.append(f"{subject_name[0].upper()}{subject_name[1:]} {verb} {name(obj)}.")
    return sorted(set(facts))


FACTS = _vocabulary_facts()


def zipf(rng: random.Random, items: list[str], s: float = 1.1) -> str:
    """An item drawn with Zipf-like weights (a few names are common, most are rare), as in real literature."""
    return rng.choices(items, cum_weights=_zipf_cumulative(len(items), s))[0]


@functools.lru_cache(maxsize=None)
def _zipf_cumulative(n: int, s: float) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** s for rank in range(n)))
WORDS = ("care services patients staff managers commissioning integration workforce access quality outcomes policy "
         "implementation organisations practices funding governance accountability relationships change").split()
MESH = ["Humans", "England", "State Medicine", "Primary Health Care", "General Practice", "Qualitative Research",
        "Health Policy", "Delivery of Health Care, Integrated", "Interviews as Topic", "Surveys and Questionnaires",
        "Commissioning", "Physicians, Family", "Workforce", "Organizational Innovation", "Leadership", "Cooperative Behavior"]
QUALIFIERS = ["organization & administration", "legislation & jurisprudence", "economics", "methods", "standards",
              "trends", "statistics & numerical data", "manpower"]


def sentence(rng: random.Random, entity: str | None = None) -> str:
    words = rng.sample(WORDS, rng.randint(7, 12))
    if entity:
        words.insert(rng.randint(2, len(words) - 1), f"in {entity}")
    return f"{words[0].capitalize()} {' '.join(words[1:])}."


def abstract(rng: random.Random) -> str:
    """A structured abstract naming about eight entities, as real health-policy abstracts do."""
    background = " ".join([sentence(rng, zipf(rng, NAMES["body"])), sentence(rng, zipf(rng, NAMES["policy"])),
                           rng.choice(FACTS) if rng.random() < 0.25 else sentence(rng)])
    if rng.random() < 0.4:
        background += (f" Earlier work found the same ({zipf(rng, SURNAMES)} et al., {rng.randint(2000, 2023)}).")
    methods = (f"We conducted {zipf(rng, NAMES['method'])} with {rng.randint(12, 90)} "
               f"{rng.choice(['managers', 'GPs', 'staff', 'commissioners'])} in {zipf(rng, NAMES['body'])}. "
               f"Data were analysed using {zipf(rng, NAMES['method'])}"
               + (f", drawing on {zipf(rng, NAMES['theory'])}." if rng.random() < 0.3 else "."))
    results = " ".join(sentence(rng, zipf(rng, NAMES["body"] + NAMES["policy"]) if rng.random() < 0.3 else None)
                       for _ in range(rng.randint(3, 5)))
    conclusions = " ".join([sentence(rng, zipf(rng, NAMES["place"]) if rng.random() < 0.5 else None), sentence(rng)])
    return f"BACKGROUND: {background} METHODS: {methods} RESULTS: {results} CONCLUSIONS: {conclusions}"


def tagged(tag: str, value: str) -> str:
    lines = textwrap.wrap(value, 82, break_long_words=False, break_on_hyphens=False) or [""]
    return f"{tag:<4}- {lines[0]}\n" + "".join(f"      {line}\n" for line in lines[1:])


def record(rng: random.Random, pmid: int) -> str:
    year = rng.randint(2005, 2024)
    ta, jt = rng.choice(JOURNALS)
    out = [tagged("PMID", str(pmid)), tagged("OWN", "NLM"), tagged("STAT", "MEDLINE"),
           tagged("IS", f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)} (Electronic)"),
           tagged("VI", str(rng.randint(1, 80))), tagged("IP", str(rng.randint(1, 12))),
           tagged("DP", f"{year} {rng.choice(['Jan', 'Mar', 'Jun', 'Sep', 'Nov'])}"),
           tagged("TI", f"{sentence(rng, zipf(rng, NAMES['body']))[:-1]}: a "
                        f"{rng.choice(['qualitative', 'mixed-methods', 'national'])} study."),
           tagged("PG", f"{rng.randint(1, 400)}-{rng.randint(401, 900)}"),
           tagged("LID", f"10.99999/bench.{pmid} [doi]"), tagged("AB", abstract(rng))]
    for _ in range(rng.randint(3, 12)):
        family, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        out += [tagged("FAU", f"{family}, {given}"), tagged("AU", f"{family} {given[0]}"),
                tagged("AD", rng.choice(PLACES))]
    out += [tagged("LA", "eng"), tagged("PT", "Journal Article"), tagged("TA", ta), tagged("JT", jt)]
    for heading in rng.sample(MESH, rng.randint(6, 12)):
        star = "*" if rng.random() < 0.2 else ""
        qualifier = f"/{rng.choice(QUALIFIERS)}" if rng.random() < 0.3 else ""
        out.append(tagged("MH", f"{star}{heading}{qualifier}"))
    for word in rng.sample(WORDS, 4):
        out.append(tagged("OT", word))
    return "".join(out)


def blog_post(rng: random.Random, number: int, papers: int) -> str:
    """One post of a WordPress archive page, linking to papers of the corpus by their PubMed records."""
    year = rng.randint(2010, 2024)
    title = f"{sentence(rng, zipf(rng, NAMES['body']))[:-1]}: what our research shows"
    paragraphs = [" ".join([sentence(rng, zipf(rng, NAMES["policy"])), sentence(rng, zipf(rng, NAMES["body"])),
                            rng.choice(FACTS) if rng.random() < 0.25 else sentence(rng)]),
                  " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))]
    links = [f'<p><a href="https://pubmed.ncbi.nlm.nih.gov/{70_000_000 + rng.randrange(papers)}/">'
             f'Read the {rng.choice(["paper", "article", "BJGP paper"])}</a></p>' for _ in range(rng.randint(1, 3))]
    url = f"https://unit.example.org/{year}/post-{number}/"
    return (f'<article class="post hentry"><header class="entry-header"><h2 class="entry-title">'
            f'<a href="{url}" rel="bookmark">{title}</a></h2></header>\n<div class="entry-content">'
            + "".join(f"<p>{text}</p>" for text in paragraphs) + "".join(links)
            + f'</div>\n<footer class="entry-footer"><time class="entry-date published" '
              f'datetime="{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00+00:00"></time>'
              f"</footer></article>\n")


def write_posts(path: Path, rng: random.Random, posts: int, papers: int) -> None:
    """A WordPress archive page of ``posts`` posts (see :func:`blog_post`)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="UTF-8">'
                  '<meta name="generator" content="WordPress 6.4" /><title>Blog | Policy Research Unit</title>'
                  '</head>\n<body class="archive category"><main>\n')
        for number in range(posts):
            out.write(blog_post(rng, number, papers))
        out.write("</main></body></html>\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=0, help="also write OUT-posts.html, a blog archive of N posts")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.records):
            out.write(record(rng, 70_000_000 + i))
            out.write("\n")
    print(f"wrote {args.records:,} records to {args.out} ({args.out.stat().st_size / 1e6:.0f} MB)", file=sys.stderr)
    if args.posts:
        posts = args.out.with_name(f"{args.out.stem}-posts.html")
        write_posts(posts, random.Random(args.seed + 1), args.posts, args.records)
        print(f"wrote {args.posts:,} blog posts to {posts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
