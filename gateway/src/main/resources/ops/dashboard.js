// The dashboard tab of /ops: the usage ledger (/admin/usage) and the live meters
// (/admin/ops/metrics), charted. window.opsState holds what was last loaded, for people debugging
// and for the browser tests.
import { $ } from '/ops/common/dom.js';

const PALETTE = ['#3b5bdb', '#f08c00', '#2f9e44', '#e03131', '#7048e8', '#1098ad', '#d6336c', '#5c940d',
  '#862e9c', '#495057'];
const charts = {};
window.opsState = window.opsState || { loaded: false, usage: null, tenants: null, metrics: null, error: null };

const fmt = {
  int: (n) => (n == null ? '–' : Math.round(n).toLocaleString('en-US')),
  usd: (n) => (n == null ? '–' : '$' + Number(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })),
  pct: (n) => (n == null ? '–' : (n * 100).toFixed(1) + '%'),
  secs: (n) => (n == null ? '–' : n < 1 ? Math.round(n * 1000) + ' ms' : n.toFixed(2) + ' s'),
};

function bucketLabel(iso, granularity) {
  const d = new Date(iso);
  if (granularity === 'day') { return iso.slice(0, 10); }
  return d.toISOString().slice(granularity === 'hour' ? 5 : 11, 16).replace('T', ' ');
}

const STEP_MS = { minute: 60000, hour: 3600000, day: 86400000 };

/** Every bucket of the queried range, empty ones included, so time runs evenly along the axis. */
function allBuckets(usage) {
  const buckets = [];
  const step = STEP_MS[usage.granularity];
  for (let t = Date.parse(usage.from); t < Date.parse(usage.to); t += step) {
    buckets.push(new Date(t).toISOString().replace('.000Z', 'Z'));
  }
  return buckets;
}

/** Rows of {bucket, <group>, counters} to one dataset per group value, aligned on the buckets. */
function stacked(usage, group, field) {
  const buckets = allBuckets(usage);
  const totals = new Map();
  usage.data.forEach((r) => totals.set(r[group] || '(none)', (totals.get(r[group] || '(none)') || 0) + r[field]));
  const names = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a));
  const datasets = names.map((name, i) => {
    const values = buckets.map((b) => usage.data
      .filter((r) => r.bucket === b && (r[group] || '(none)') === name)
      .reduce((sum, r) => sum + r[field], 0));
    return { label: name, data: values, backgroundColor: PALETTE[i % PALETTE.length], stack: 'usage' };
  });
  return { labels: buckets.map((b) => bucketLabel(b, usage.granularity)), datasets };
}

function perGroup(usage, group, field) {
  const totals = new Map();
  usage.data.forEach((r) => totals.set(r[group] || '(none)', (totals.get(r[group] || '(none)') || 0) + r[field]));
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

function draw(id, config) {
  if (charts[id]) { charts[id].destroy(); }
  config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
  charts[id] = new Chart($(id), config);
}

function render(usage, tenants, metrics, group) {
  document.querySelectorAll('.group-name').forEach((el) => { el.textContent = group; });
  $('kpi-tokens').textContent = fmt.int(usage.totals.total_tokens);
  $('kpi-tokens').dataset.value = usage.totals.total_tokens;
  $('kpi-cost').textContent = fmt.usd(usage.totals.cost_usd);
  $('kpi-requests').textContent = fmt.int(usage.totals.requests);
  $('kpi-cache').textContent = fmt.pct(metrics.cache_hit_rate);
  $('kpi-errors').textContent = fmt.pct(metrics.error_rate);
  $('kpi-fallbacks').textContent = fmt.pct(metrics.fallback_rate);
  $('kpi-latency').textContent = fmt.secs(metrics.latency_seconds.p50) + ' / ' + fmt.secs(metrics.latency_seconds.p99);
  $('kpi-ttft').textContent = fmt.secs(metrics.ttft_seconds.p50) + ' / ' + fmt.secs(metrics.ttft_seconds.p99);
  $('since').textContent = new Date(metrics.since).toLocaleString();

  const stack = { x: { stacked: true }, y: { stacked: true, beginAtZero: true } };
  draw('tokens-chart', { type: 'bar', data: stacked(usage, group, 'total_tokens'), options: { scales: stack } });

  const top = perGroup(tenants, 'tenant', 'total_tokens').slice(0, 10);
  draw('tenants-chart', {
    type: 'bar',
    data: { labels: top.map((t) => t[0]), datasets: [{ label: 'tokens', data: top.map((t) => t[1]), backgroundColor: PALETTE[0] }] },
    options: { indexAxis: 'y', plugins: { legend: { display: false } } },
  });

  const cost = perGroup(usage, group, 'cost_usd');
  draw('cost-chart', {
    type: 'doughnut',
    data: { labels: cost.map((c) => c[0]), datasets: [{ data: cost.map((c) => c[1]), backgroundColor: PALETTE }] },
    options: { plugins: { legend: { position: 'right' } } },
  });

  const buckets = allBuckets(usage);
  const series = (field) => buckets.map((b) => usage.data.filter((r) => r.bucket === b).reduce((s, r) => s + r[field], 0));
  draw('requests-chart', {
    type: 'line',
    data: {
      labels: buckets.map((b) => bucketLabel(b, usage.granularity)),
      datasets: [
        { label: 'requests', data: series('requests'), borderColor: PALETTE[0], backgroundColor: PALETTE[0] },
        { label: 'errors', data: series('errors'), borderColor: PALETTE[3], backgroundColor: PALETTE[3] },
        { label: 'cache hits', data: series('cache_hits'), borderColor: PALETTE[2], backgroundColor: PALETTE[2] },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  });

  const endpoints = metrics.endpoints;
  draw('endpoints-chart', {
    type: 'bar',
    data: {
      labels: endpoints.map((e) => e.pool + ' ' + e.endpoint.replace(/^https?:\/\//, '') + (e.circuit === 'closed' ? '' : ' (' + e.circuit + ')')),
      datasets: [
        { label: 'in flight', data: endpoints.map((e) => e.in_flight), backgroundColor: PALETTE[1] },
        { label: 'capacity', data: endpoints.map((e) => e.max_concurrent), backgroundColor: '#dee2e6' },
      ],
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true } } },
  });
}

/** Loads and draws everything; an API refusal is rethrown for the page to handle. */
export async function loadDashboard(call) {
  const granularity = $('range').value;
  const group = $('group').value;
  $('status').textContent = 'Loading…';
  try {
    const base = '/admin/usage?granularity=' + granularity + '&group_by=';
    const json = (path) => call('GET', path).then((r) => r.json());
    const [usage, tenants, metrics] = await Promise.all([
      json(base + group), group === 'tenant' ? null : json(base + 'tenant'), json('/admin/ops/metrics')]);
    // The server leaves out empty lists: a fresh ledger has no rows, a gateway may have no pool.
    [usage, tenants].forEach((u) => { if (u) { u.data = u.data || []; } });
    metrics.endpoints = metrics.endpoints || [];
    const byTenant = tenants || usage;
    render(usage, byTenant, metrics, group);
    Object.assign(window.opsState, { loaded: true, usage, tenants: byTenant, metrics, error: null, group });
    $('status').textContent = 'Updated ' + new Date().toLocaleTimeString() + ' · ' + usage.from + ' to ' + usage.to;
  } catch (error) {
    window.opsState.error = error.message;
    if (error.status === 401) {
      throw error;
    }
    $('status').textContent = 'Could not load: ' + error.message;
  }
}


export function destroyCharts() {
  Object.values(charts).forEach((c) => c.destroy());
}
