"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint, a query page and the explorer, safe to leave running.

``/sparql``   SPARQL 1.1 Protocol: GET ``?query=``, POST form or ``application/sparql-query``;
              results as JSON, XML, CSV or TSV, graphs as Turtle, N-Triples, JSON-LD or RDF/XML, by
              ``Accept`` (or ``?format=json|xml|csv|tsv|ttl|nt|jsonld``)
``/``         a query page that works offline, with the question pack as examples
``/explorer`` the interactive network explorer (``kg viz``)

The security model, part by part:

* what a query may do is decided from the parsed query (:mod:`kg.store.guard`): one SELECT, ASK,
  CONSTRUCT or DESCRIBE, no ``SERVICE`` (no calls to other addresses), no update; its length and
  bracket nesting are bounded by a linear scan before any parser sees it;
* queries run in worker processes (:mod:`kg.serve.workers`) with memory and CPU-time limits, killed at
  the time limit; answers are cut at the row and byte limits as they are read;
* the HTTP layer (:mod:`kg.serve.app`, started by :mod:`kg.serve.server`, Starlette on Uvicorn) refuses other Hosts (DNS rebinding), sends
  no ``Access-Control-Allow-Origin`` unless origins are named, forbids framing and sniffing, and bounds
  headers, bodies, URLs, connections and the queue.

Started from Python: ``kg.serve.server.serve("kg-store", port=7878,
settings=ServerSettings(timeout=10))`` serves until SIGINT or SIGTERM.
"""
