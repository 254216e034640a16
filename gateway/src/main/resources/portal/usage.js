// The tenant's limits as they stand now (/v1/limits) and its usage over time (/v1/usage), charted,
// with the same rows as CSV.
import { $, el, clear, download, fmt } from '/portal/common/dom.js';

const STEP_MS = { minute: 60000, hour: 3600000, day: 86400000 };
let chart = null;

function duration(seconds) {
  if (seconds == null) { return '–'; }
  if (seconds < 60) { return seconds.toFixed(1) + ' s'; }
  if (seconds < 3600) { return Math.round(seconds / 60) + ' min'; }
  const hours = Math.floor(seconds / 3600);
  return hours >= 48 ? Math.round(hours / 24) + ' days' : hours + ' h ' + Math.round((seconds % 3600) / 60) + ' min';
}

function label(name) {
  return name.replace(/_/g, ' ');
}

function amount(row, value) {
  if (value == null) { return '–'; }
  return row.name.endsWith('_usd') ? fmt.usd(value) : fmt.int(value);
}

function showLimits(limits) {
  const body = clear($('limits').querySelector('tbody'));
  for (const row of limits.limits) {
    body.append(el('tr', { dataset: { scope: row.scope, name: row.name } },
      el('td', { text: row.scope }), el('td', { text: label(row.name) }), el('td', { text: amount(row, row.limit) }),
      el('td', { text: amount(row, row.used) }), el('td', { class: 'remaining', text: amount(row, row.remaining) }),
      el('td', { text: duration(row.reset_seconds) })));
  }
  if (limits.limits.length === 0) {
    body.append(el('tr', null, el('td', { colspan: 6, class: 'muted', text: 'No limits apply to this tenant.' })));
  }
  $('limits-note').textContent = limits.degraded
    ? 'The live counters cannot be read right now; the limits themselves are shown.'
    : 'Read from the counters requests are admitted against; looking does not use any of it.';
}

function showChart(usage) {
  const step = STEP_MS[usage.granularity];
  const labels = [];
  const tokens = [];
  for (let t = Date.parse(usage.from); t < Date.parse(usage.to); t += step) {
    const iso = new Date(t).toISOString().replace('.000Z', 'Z');
    labels.push(usage.granularity === 'day' ? iso.slice(0, 10) : iso.slice(usage.granularity === 'hour' ? 5 : 11, 16).replace('T', ' '));
    tokens.push((usage.data || []).filter((r) => r.bucket === iso).reduce((s, r) => s + r.total_tokens, 0));
  }
  if (chart) { chart.destroy(); }
  chart = new Chart($('usage-chart'), {
    type: 'bar',
    data: { labels, datasets: [{ label: 'tokens', data: tokens, backgroundColor: '#3b5bdb' }] },
    options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
  });
}

export async function showUsage(api) {
  const granularity = $('range').value;
  const [limits, usage] = await Promise.all([
    api('GET', '/v1/limits').then((r) => r.json()),
    api('GET', '/v1/usage?granularity=' + granularity).then((r) => r.json())]);
  showLimits(limits);
  $('kpi-requests').textContent = fmt.int(usage.totals.requests);
  $('kpi-tokens').textContent = fmt.int(usage.totals.total_tokens);
  $('kpi-tokens').dataset.value = usage.totals.total_tokens;
  $('kpi-cost').textContent = fmt.usd(usage.totals.cost_usd);
  showChart(usage);
  Object.assign(window.portalState, { usage, limits, usageLoaded: (window.portalState.usageLoaded || 0) + 1 });
}

let wired = false;

export function wireUsage(api, onError) {
  if (wired) { return; }
  wired = true;
  $('usage-refresh').addEventListener('click', () => showUsage(api).catch(onError));
  $('range').addEventListener('change', () => showUsage(api).catch(onError));
  $('csv').addEventListener('click', async () => {
    try {
      const csv = await (await api('GET', '/v1/usage?granularity=' + $('range').value, undefined, 'text/csv')).text();
      window.portalState.csv = csv;
      download('usage-' + $('range').value + '.csv', csv, 'text/csv');
    } catch (error) { onError(error); }
  });
}
