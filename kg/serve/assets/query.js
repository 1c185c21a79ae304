// The query page of `kg serve`: the question pack as examples, results drawn as a table.
// Served as a file so that the page's Content-Security-Policy can forbid inline script.
'use strict';
const examples = JSON.parse(document.getElementById('pack').textContent);
const list = document.getElementById('examples');
for (const q of examples) {
  const b = document.createElement('button'); b.type = 'button';
  const name = document.createElement('span'); name.textContent = q.name;
  const note = document.createElement('small'); note.textContent = q.description +
    (q.parameters.length ? ' (bind ' + q.parameters.map(p => '?' + p).join(', ') + ' with VALUES)' : '');
  b.append(name, note);
  b.addEventListener('click', () => { document.getElementById('query').value = q.sparql; });
  list.append(b);
}
document.getElementById('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = document.getElementById('status'), out = document.getElementById('results');
  status.textContent = 'running…'; out.replaceChildren();
  const started = performance.now();
  try {
    const response = await fetch('/sparql', {method: 'POST', headers: {'Content-Type': 'application/sparql-query',
      'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}, body: document.getElementById('query').value});
    const text = await response.text();
    status.textContent = response.status + ' · ' + Math.round(performance.now() - started) + ' ms' +
      (response.headers.get('X-Result-Truncated') ? ' · cut at the row limit' : '');
    if (!response.ok) { const p = document.createElement('p'); p.className = 'error'; p.textContent = text; out.append(p); return; }
    if (!(response.headers.get('Content-Type') || '').includes('json')) {
      const pre = document.createElement('pre'); pre.textContent = text; out.append(pre); return; }
    const data = JSON.parse(text);
    if ('boolean' in data) { const p = document.createElement('p'); p.textContent = data.boolean ? 'yes' : 'no'; out.append(p); return; }
    const table = document.createElement('table'), head = table.insertRow();
    for (const v of data.head.vars) { const th = document.createElement('th'); th.textContent = v; head.append(th); }
    for (const row of data.results.bindings) {
      const tr = table.insertRow();
      for (const v of data.head.vars) { tr.insertCell().textContent = row[v] ? row[v].value : ''; }
    }
    const count = document.createElement('p'); count.textContent = data.results.bindings.length + ' rows';
    out.append(count, table);
    window.__kgDone = true;
  } catch (error) { status.textContent = 'failed: ' + error; }
});
