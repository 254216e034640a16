// The request explorer: usage events from the ledger (/admin/requests), newest first, a page at a
// time (the API's cursor), filtered by request id, tenant, model, product, status and time range.
// A row opens its every field: tokens, cost, latency, TTFT, fallbacks, cache outcome, trace id.
import { $, el, clear, fmt } from '/ops/common/dom.js';
import { showProblems } from '/ops/forms.js';

let cursor = null;
let filters = '';

function query() {
  const params = new URLSearchParams();
  const put = (name, value) => { if (value) { params.set(name, value); } };
  put('request_id', $('f-request').value.trim());
  put('tenant', $('f-tenant').value.trim());
  put('model', $('f-model').value.trim());
  put('product', $('f-product').value.trim());
  put('status', $('f-status').value);
  // datetime-local has no zone: the page reads and writes UTC, as the ledger does.
  put('from', $('f-from').value ? new Date($('f-from').value + 'Z').toISOString() : '');
  put('to', $('f-to').value ? new Date($('f-to').value + 'Z').toISOString() : '');
  return params;
}

function problems(params) {
  const found = [];
  for (const [name, value] of params) {
    if (value.length > 200) { found.push(name + ' is longer than 200 characters'); }
  }
  if (params.get('from') && params.get('to') && params.get('from') >= params.get('to')) { found.push('from must be before to'); }
  return found;
}

function detail(row) {
  const box = $('request-detail');
  box.hidden = false;
  clear(box).append(el('h2', { text: 'Request ' + row.request_id }),
    el('dl', { class: 'fields' }, Object.entries(row).flatMap(([k, v]) => [el('dt', { text: k }),
      el('dd', { dataset: { field: k }, text: v == null ? '—' : String(v) })])));
}

function append(rows) {
  const body = $('requests').querySelector('tbody');
  for (const r of rows) {
    const row = el('tr', { class: 'pick', dataset: { request: r.request_id, clientRequest: r.client_request_id || '' } },
      el('td', { text: r.time.slice(0, 23).replace('T', ' ') }), el('td', null, el('code', { text: r.request_id })),
      el('td', { text: r.tenant }), el('td', { text: (r.model || '–') + (r.product ? ' / ' + r.product : '') }),
      el('td', { text: r.status + ' ' + r.http_status }), el('td', { text: fmt.int(r.input_tokens) + ' / ' + fmt.int(r.output_tokens) }),
      el('td', { text: fmt.usd(r.cost_usd) }), el('td', { text: fmt.ms(r.latency_ms) }), el('td', { text: fmt.ms(r.ttft_ms) }),
      el('td', { text: String(r.fallbacks) }), el('td', { text: r.cache }));
    row.addEventListener('click', () => detail(r));
    body.append(row);
  }
}

async function page(call, refused, first) {
  const error = $('explore-error');
  error.textContent = '';
  try {
    const path = '/admin/requests?' + filters + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
    const result = await (await call('GET', path)).json();
    if (first) {
      clear($('requests').querySelector('tbody'));
      $('request-detail').hidden = true;
      window.opsState.requests = [];
    }
    append(result.data);
    window.opsState.requests = window.opsState.requests.concat(result.data.map((r) => r.request_id));
    window.opsState.explored = (window.opsState.explored || 0) + 1;
    cursor = result.next_cursor;
    $('more').hidden = !result.has_more;
    if (first && result.data.length === 0) { error.textContent = 'No request matches.'; }
  } catch (failure) {
    if (!refused(failure)) { showProblems(error, [failure.message]); }
  }
}

export function wireExplorer(call, refused) {
  $('explore').addEventListener('submit', (event) => {
    event.preventDefault();
    const params = query();
    if (showProblems($('explore-error'), problems(params))) { return; }
    params.set('limit', '50');
    filters = params.toString();
    cursor = null;
    page(call, refused, true);
  });
  $('more').addEventListener('click', () => page(call, refused, false));
}
