"""The second development set (tests/data/devset2): its gold is sound, and it builds and scores.

devset2 holds 40 real abstracts on UK health policy collected from stored web
pages (sources/, MEDLINE and RIS) with a gold standard annotated by
../shared/gold/GUIDELINES.md (entities.json, documents.jsonl). The first tests
check the gold against the texts it annotates; the last builds the sources,
scores the graph with ../shared/eval/score.py and compares each figure with the
floor in tests/quality_floor_devset2.json (raise a floor when a change
improves a figure; never lower it).
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import pytest

import kg
from kg.builder import BuildOptions
from tests.conftest import SHARED

DEVSET = Path(__file__).parent / "data" / "devset2"
SCORER = SHARED / "eval" / "score.py"
FLOOR = json.loads((Path(__file__).parent / "quality_floor_devset2.json").read_text())
TYPES = ("body", "policy", "method", "theory", "person", "place")
# the brief's predicates and the ones the development gold added
PREDICATES = {"establishes", "abolishes", "replaces", "oversees", "funds", "commissions", "hosts", "regulates",
              "publishes", "produces", "leads", "memberOf", "partOf", "succeeds", "introduces", "devolvesTo",
              "developedFrom", "relatesTo", "enforces", "assignsResponsibilityTo", "proposes", "originates"}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\u2018\u2019`]", "'", text)
    return re.sub(r"[\u2010-\u2015]", "-", text)


@pytest.fixture(scope="module")
def gold():
    entities = json.loads((DEVSET / "entities.json").read_text(encoding="utf-8"))
    docs = [json.loads(line) for line in (DEVSET / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    return entities, docs


@pytest.fixture(scope="module")
def texts():
    """Title and abstract of every source record, by PMID and by title."""
    out = {}
    for path in sorted((DEVSET / "sources").iterdir()):
        for doc in kg.parse(path):
            text = " ".join([doc.title or ""] + [section.text for section in doc.abstract])
            out[doc.ids.pmid or doc.title] = text
    return out


def test_every_record_has_one_gold_document(gold, texts):
    _, docs = gold
    keys = [d["citation"]["pmid"] or d["title"] for d in docs]
    assert len(keys) == len(set(keys)) == 40
    assert sorted(keys) == sorted(texts)


def test_gold_ids_types_and_methods_used_agree(gold):
    entities, docs = gold
    for doc in docs:
        for kind in TYPES:
            for eid in doc["entities"][kind]:
                assert entities[eid]["type"] == kind, (doc["doc"], eid)
        assert set(doc["methods_used"]) <= set(doc["entities"]["method"]), doc["doc"]


def test_relations_link_entities_of_their_document_with_known_predicates(gold, texts):
    _, docs = gold
    for doc in docs:
        mentioned = {eid for kind in TYPES for eid in doc["entities"][kind]}
        text = _norm(texts[doc["citation"]["pmid"] or doc["title"]])
        for subject, predicate, obj, evidence in doc["relations"]:
            assert predicate in PREDICATES, (doc["doc"], predicate)
            assert subject in mentioned and obj in mentioned, (doc["doc"], subject, obj)
            for piece in _norm(evidence).split(" ... "):
                assert piece in text, (doc["doc"], piece)


def test_every_annotated_entity_is_named_in_its_text(gold, texts):
    """A gold mention must be backed by one of the entity's forms in the title or abstract."""
    entities, docs = gold
    for doc in docs:
        text = _norm(texts[doc["citation"]["pmid"] or doc["title"]])
        for kind in TYPES:
            for eid in doc["entities"][kind]:
                entity = entities[eid]
                forms = [entity["label"], *entity.get("aliases", []), *entity.get("context_forms", [])]
                assert any(re.search(r"(?<!\w)" + re.escape(_norm(f)) + r"(?!\w)", text) for f in forms), \
                    (doc["doc"], eid)


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    if not SCORER.is_file():
        pytest.skip(f"the scorer is not beside this checkout ({SCORER})")
    spec = importlib.util.spec_from_file_location("citekg_score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    out = tmp_path_factory.mktemp("devset2") / "graph.ttl"
    kg.build([DEVSET / "sources"], store=":memory:", output=out, options=BuildOptions(jobs=1)).close()
    result = score.score(score.load([out]), score.Gold(DEVSET))
    tp, fp, fn = (sum(cell[i] for cell in result["entities"].values()) for i in range(3))
    return {"entity_precision": score.prf(tp, fp, fn)[0], "entity_f1": score.prf(tp, fp, fn)[2],
            "methods_used_f1": score.prf(*result["methods_used"])[2],
            "relation_f1": score.prf(*result["relations"])[2],
            "fields": result["fields"][0] / result["fields"][1], "documents": result["docs_found"]}


@pytest.mark.parametrize("metric", sorted(FLOOR))
def test_devset2_score_is_at_least_the_recorded_floor(scores, metric):
    assert scores[metric] >= FLOOR[metric] - 1e-9, f"{metric} fell to {scores[metric]:.3f} (floor {FLOOR[metric]})"
