"""kg.store.guard: the shape scan (length, nesting, ambiguous '<') and the read-only decision, on the
issue's attack shapes, every pack question, and generated SPARQL (hypothesis)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import QueryError
from kg.store.oxigraph import OxigraphStore
from kg.store.guard import MAX_DEPTH, ReadOnlyError, check_read_only, check_shape


def test_depth_counts_only_brackets_the_parser_sees():
    assert check_shape("SELECT * WHERE { ?s ?p ?o }").depth == 1
    assert check_shape('SELECT * WHERE { BIND("{{{((([" AS ?x) }').depth == 2
    assert check_shape("SELECT * WHERE { ?s ?p ?o } # {{{{{{").depth == 1
    assert check_shape("SELECT * WHERE { ?s <http://e.org/a(b)> ?o }").depth == 1
    assert check_shape("SELECT * WHERE { ?s ?p '''{{{\n}''' }").depth == 1
    assert check_shape("SELECT * WHERE { ?s ?p ex:a\\( }").depth == 1  # an escape in a prefixed name


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
    "SELECT * WHERE { " + "OPTIONAL { ?s ?p ?o " * 5000 + "}" * 5000 + " }",
    # the text hides the brackets from a lexer that takes '<?b#>' for an IRI; Oxigraph reads less-than
    'SELECT * WHERE { FILTER(?a<?b#>"""\n' + "{" * 5000 + '\n""") }',
])
def test_too_deep_is_refused_with_where(query):
    with pytest.raises(QueryError) as caught:
        check_shape(query)
    assert caught.value.line is not None


def test_the_crash_is_real_and_the_store_refuses_it_instead(tmp_path):
    """5,000 nested braces kill a process that hands them to Oxigraph; Store.query refuses them."""
    deep = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    crashed = subprocess.run([sys.executable, "-c", "import pyoxigraph, sys; list(pyoxigraph.Store().query(sys.argv[1]))",
                              deep], capture_output=True)
    assert crashed.returncode < 0  # SIGSEGV: why the scan exists
    store = OxigraphStore()  # in memory
    with pytest.raises(QueryError, match="nest more than"):
        store.query(deep)
    fine = "SELECT * WHERE " + "{" * MAX_DEPTH + "}" * MAX_DEPTH
    assert store.query(fine).kind == "select"


def test_too_long_is_refused():
    with pytest.raises(QueryError, match="characters long"):
        check_shape("ASK {}" + " " * 100, max_length=50)


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "' + "a\\" * 500_000 + '" }',  # the ReDoS shape, 1 MB
    "SELECT * WHERE { FILTER(" + "?a<" * 200_000 + ") }",
    "'''" * 300_000,
    "<" + "a" * 1_000_000,
    '"' * 1_000_000,
])
def test_scan_is_linear_on_hostile_text(text):
    started = time.process_time()
    try:
        check_shape(text)
    except QueryError:
        pass
    assert time.process_time() - started < 10  # CPU seconds; a quadratic scan would take hours


def test_read_only_decision_from_the_parse():
    assert check_read_only("SELECT * WHERE { ?s ?p ?o }") == "select"
    assert check_read_only("ASK { ?s ?p ?o }") == "ask"
    assert check_read_only("CONSTRUCT WHERE { ?s ?p ?o }") == "construct"
    assert check_read_only("DESCRIBE <http://e.org/a>") == "describe"
    for update in ("DROP ALL", "LOAD <http://e.org/x>", "INSERT DATA { <a:a> <a:b> <a:c> }", "CLEAR DEFAULT"):
        with pytest.raises(ReadOnlyError, match="read-only"):
            check_read_only(update)
    for service in ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
                    "PREFIX ex: <http://e.org/> SELECT * WHERE { VALUES ?v { ex:a\\' } "
                    "SERVICE <http://127.0.0.1:1/x> { ?x ?y ?z } } # '",
                    "select * { optional { service silent ?u { ?s ?p ?o } } }"):
        with pytest.raises(ReadOnlyError, match="SERVICE"):
            check_read_only(service)
    with pytest.raises(QueryError):
        check_read_only("SELECT * WHERE { ?s ?p")


def test_every_pack_question_passes():
    from kg.graph import with_prefixes
    from kg.query import pack

    for question in pack().values():
        assert check_read_only(with_prefixes(question.sparql)) == "select", question.name


# ---------------------------------------------------------------- generated SPARQL

VARIABLES = st.sampled_from(["?s", "?p", "?o", "?x", "$y", "?service", "?SERVICE"])
TERMS = st.one_of(
    VARIABLES,
    st.sampled_from(["<http://e.org/a>", "<http://e.org/a#b>", "ex:a", "ex:a\\'", "ex:service", "ex:a.b", "1", "2.5",
                     "true", '"x"', "'y'", '"""a\nb"""', "'''c'''", '"{"', "'}'", '"SERVICE"', "_:b"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8).map(lambda t: '"' + t.replace("\\", "\\\\")
                                                                                   .replace('"', '\\"').replace("\n", "\\n")
                                                                                   .replace("\r", "\\r") + '"'),
)


@st.composite
def patterns(draw, depth=0):
    """A group graph pattern, sometimes with SERVICE, nested groups, OPTIONAL, UNION, FILTER, VALUES, comments."""
    parts = []
    for _ in range(draw(st.integers(1, 2))):
        choice = draw(st.integers(0, 8 if depth < 2 else 2))
        if choice <= 1:
            parts.append(f"{draw(TERMS)} {draw(st.sampled_from(['?p', '<http://e.org/p>', 'ex:p', 'a']))} {draw(TERMS)} .")
        elif choice == 2:
            parts.append(f"FILTER({draw(VARIABLES)} {draw(st.sampled_from(['=', '<', '>', '!=']))} {draw(TERMS)})")
        elif choice == 3:
            parts.append(f"OPTIONAL {draw(patterns(depth + 1))}")
        elif choice == 4:
            parts.append(f"{draw(patterns(depth + 1))} UNION {draw(patterns(depth + 1))}")
        elif choice == 5:
            target = draw(st.sampled_from(["<http://127.0.0.1:1/x>", "?x", "ex:endpoint"]))
            parts.append(f"{draw(st.sampled_from(['SERVICE', 'service', 'Service SILENT']))} {target} "
                         f"{draw(patterns(depth + 1))}")
        elif choice == 6:
            parts.append(f"VALUES ?v {{ {draw(TERMS)} }}")
        elif choice == 7:
            parts.append(f"# {draw(st.sampled_from(['SERVICE <http://e.org/>', '{{{', chr(39) * 3]))}\n")
        else:
            parts.append(f"{{ SELECT * WHERE {draw(patterns(depth + 1))} }}")
    return "{ " + " ".join(parts) + " }"


@st.composite
def queries(draw):
    head = draw(st.sampled_from(["SELECT * WHERE", "ASK", "CONSTRUCT { ?s ?p ?o } WHERE", "select distinct ?s where",
                                 "DESCRIBE ?s WHERE"]))
    return "PREFIX ex: <http://e.org/>\n" + head + " " + draw(patterns())


def _parsed_on_a_large_stack(query: str):
    """rdflib's parse tree of ``query`` (None if it cannot be parsed), on a thread with the large stack and
    recursion limit that pyparsing needs for nested queries, as the server runs it."""
    import threading

    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    result: list = []

    def parse() -> None:
        try:
            result.append(parseQuery(query))
        except (ParseException, RecursionError):  # rdflib recurses without end on some nestings of SERVICE
            result.append(None)

    limit, size = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(40_000)
    threading.stack_size(256 << 20)
    try:
        thread = threading.Thread(target=parse)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(size)
        sys.setrecursionlimit(limit)
    return result[0]


def _too_slow(*_):
    raise TimeoutError


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries())
def test_generated_queries_are_refused_exactly_when_they_call_out(query):
    """The decision agrees with what the query says: refused when (and only when) SERVICE is outside
    strings, IRIs and comments; the parse, never the text, decides."""
    calls_out = False
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(20)
    try:
        check_read_only(query)
    except ReadOnlyError:
        calls_out = True
    except QueryError:
        return  # not a query rdflib reads (e.g. a term where it cannot stand): refused as malformed
    except TimeoutError:
        return  # rdflib's parser can take long on some texts; the server stops it at the time limit
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    from kg.store.guard import _has_service

    tree = _parsed_on_a_large_stack(query)
    if tree is None:
        assert calls_out  # malformed, and refused before parsing because SERVICE is written in it
        return
    assert calls_out == _has_service(tree)
