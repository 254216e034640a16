// One tenant's panel: tier, keys (created with the key shown once; revoked), limits and budgets
// (tenant, key or product scope), and product entitlements. Each form checks its values before
// it sends and shows the API's own message when the API refuses.
import { $, el, clear } from '/ops/common/dom.js';
import { rules, validate, showProblems, count } from '/ops/forms.js';

const TIERS = ['free', 'standard', 'enterprise'];
const LIMITS = [['rpm', 'requests/min', rules.optionalCount], ['tpm', 'tokens/min', rules.optionalCount],
  ['concurrency', 'concurrent', rules.optionalCount], ['daily_tokens', 'tokens/day', rules.optionalCount],
  ['monthly_tokens', 'tokens/month', rules.optionalCount], ['daily_cost_usd', 'USD/day', rules.optionalUsd],
  ['monthly_cost_usd', 'USD/month', rules.optionalUsd]];

function section(title, id, ...content) {
  return el('div', { id }, el('h3', { text: title }), ...content,
    el('p', { id: id + '-error', class: 'error', role: 'alert' }), el('p', { id: id + '-ok', class: 'ok', role: 'status' }));
}

/** Runs an API call for a section: clears its messages, shows the API's error on failure. */
async function act(id, work, done) {
  $(id + '-error').textContent = '';
  $(id + '-ok').textContent = '';
  try {
    const result = await work();
    if (done) { $(id + '-ok').textContent = done; }
    return result;
  } catch (error) {
    showProblems($(id + '-error'), [error.message]);
    return null;
  }
}

function limitsText(limits) {
  return LIMITS.filter(([k]) => limits[k] != null).map(([k, label]) => label + ' ' + limits[k]).join(', ') || 'none';
}

function tierSection(tenant, call, reload) {
  const select = el('select', { id: 'tier-select' }, [...new Set([...TIERS, tenant.tier])].map(
    (t) => el('option', { value: t, text: t, selected: t === tenant.tier })));
  const form = el('form', { class: 'inline', id: 'tier-form', novalidate: true }, select, el('button', { type: 'submit', text: 'Set tier' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act('tier', () => call('PUT', '/admin/tenants/' + tenant.id + '/tier', { tier: select.value }), 'Tier set.').then(reload);
  });
  return section('Tier', 'tier', form);
}

function keysSection(tenant, keys, call, reload) {
  const rows = keys.map((k) => {
    const revoke = k.status === 'active' ? el('button', { type: 'button', class: 'danger', text: 'Revoke', dataset: { key: k.id } }) : null;
    if (revoke) {
      revoke.addEventListener('click', () => act('keys', () => call('DELETE', '/admin/tenants/' + tenant.id + '/keys/' + k.id),
        'Key ' + k.id + ' revoked.').then((r) => { if (r) { reload(); } }));
    }
    return el('tr', { dataset: { key: k.id, status: k.status } }, el('td', { text: k.id }), el('td', { text: k.name }),
      el('td', { text: k.prefix + '…' }), el('td', { class: 'status', text: k.status }),
      el('td', { text: (k.allowed_models || ['all']).join(', ') }), el('td', null, revoke));
  });
  const name = el('input', { id: 'key-name', placeholder: 'name, e.g. backend', autocomplete: 'off' });
  const models = el('input', { id: 'key-models', placeholder: 'allowed models (comma-separated; empty: all)', autocomplete: 'off' });
  const expires = el('input', { id: 'key-expires', type: 'datetime-local' });
  const secret = el('div', { id: 'new-key', hidden: true });
  const form = el('form', { class: 'inline', id: 'key-form', novalidate: true }, name, models,
    el('label', null, 'expires (UTC) ', expires), el('button', { type: 'submit', text: 'Create key' }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const problems = validate([[rules.optionalModels, 'allowed models', models.value.trim()],
      [rules.optionalFuture, 'expiry', expires.value]]);
    if (name.value.length > 100) { problems.push('name must be at most 100 characters'); }
    if (showProblems($('keys-error'), problems)) { return; }
    const body = { name: name.value.trim() || undefined,
      allowed_models: models.value.trim() ? models.value.split(',').map((m) => m.trim()) : undefined,
      expires_at: expires.value ? new Date(expires.value + 'Z').toISOString() : undefined };
    const created = await act('keys', async () => (await call('POST', '/admin/tenants/' + tenant.id + '/keys', body)).json());
    if (created) {
      await reload();
      const box = $('new-key');
      box.hidden = false;
      clear(box).append(el('div', { class: 'secret' }, 'Key ' + created.id + ' created. Copy it now: it is shown only once. ',
        el('code', { id: 'new-key-value', text: created.key })));
    }
  });
  return section('API keys', 'keys', el('table', null, el('thead', null, el('tr', null, ['id', 'name', 'prefix', 'status',
    'models', ''].map((h) => el('th', { text: h })))), el('tbody', null, rows)), form, secret);
}

function limitsSection(tenant, policy, keys, products, call, reload) {
  const scope = el('select', { id: 'limit-scope' }, el('option', { value: '', text: 'tenant' }),
    keys.filter((k) => k.status === 'active').map((k) => el('option', { value: 'key:' + k.id, text: 'key ' + k.id + ' (' + k.name + ')' })),
    products.map((p) => el('option', { value: 'product:' + p, text: 'product ' + p })));
  const inputs = LIMITS.map(([k, label]) => el('input', { id: 'limit-' + k, name: k, placeholder: label, size: 11, autocomplete: 'off' }));
  const scoped = () => {
    const [kind, id] = scope.value.split(':');
    return { key_id: kind === 'key' ? id : undefined, product: kind === 'product' ? id : undefined };
  };
  const form = el('form', { class: 'inline', id: 'limits-form', novalidate: true }, scope, inputs,
    el('button', { type: 'submit', text: 'Save limits' }));
  const clearButton = el('button', { type: 'button', class: 'secondary', id: 'limits-clear', text: 'Remove this override' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const values = inputs.map((i) => i.value.trim());
    const problems = validate(LIMITS.map(([, label, rule], i) => [rule, label, values[i]]));
    if (values.every((v) => v === '')) { problems.push('set at least one limit'); }
    if (showProblems($('limits-error'), problems)) { return; }
    const body = scoped();
    LIMITS.forEach(([k], i) => { body[k] = count(values[i]); });
    act('limits', () => call('PUT', '/admin/tenants/' + tenant.id + '/policy', body), 'Limits saved.').then((r) => { if (r) { reload(); } });
  });
  clearButton.addEventListener('click', () => {
    const s = scoped();
    const query = s.key_id ? '?key_id=' + encodeURIComponent(s.key_id) : s.product ? '?product=' + encodeURIComponent(s.product) : '';
    act('limits', () => call('DELETE', '/admin/tenants/' + tenant.id + '/policy' + query), 'Override removed.').then((r) => { if (r) { reload(); } });
  });
  const overrides = policy.overrides.map((o) => el('li', { text: (o.key_id ? 'key ' + o.key_id : o.product ? 'product ' + o.product : 'tenant')
    + ': ' + limitsText(o) }));
  return section('Limits and budgets', 'limits',
    el('p', { class: 'note', text: 'Tier ' + policy.tier + ' defaults: ' + limitsText(policy.tier_limits) }),
    el('ul', { id: 'overrides' }, overrides.length ? overrides : el('li', { class: 'note', text: 'no overrides' })),
    form, clearButton);
}

function productsSection(tenant, entitled, call) {
  const boxes = Object.entries(entitled.products).map(([product, on]) => {
    const box = el('input', { type: 'checkbox', checked: on, dataset: { product } });
    box.addEventListener('change', async () => {
      const ok = await act('entitlements', () => call('PUT', '/admin/tenants/' + tenant.id + '/products/' + product,
        { enabled: box.checked }), product + (box.checked ? ' enabled.' : ' disabled.'));
      if (!ok) { box.checked = !box.checked; }
    });
    return el('label', null, box, ' ', product);
  });
  return section('Products (default: ' + entitled.default + ')', 'entitlements', el('div', { class: 'products' }, boxes));
}

export async function showTenant(call, id, reloadList) {
  const panel = $('tenant-panel');
  const json = (path) => call('GET', path).then((r) => r.json());
  const base = '/admin/tenants/' + encodeURIComponent(id);
  const reload = async () => { await showTenant(call, id, reloadList); await reloadList(); };
  try {
    const [tenant, keys, policy, entitled] = await Promise.all([json(base), json(base + '/keys'), json(base + '/policy'),
      json(base + '/products')]);
    // The server leaves out empty lists and maps: a new tenant has no keys and no overrides yet.
    keys.data = keys.data || [];
    policy.overrides = policy.overrides || [];
    policy.tier_limits = policy.tier_limits || {};
    entitled.products = entitled.products || {};
    const products = Object.keys(entitled.products);
    clear(panel).append(el('h2', { text: 'Tenant ' + tenant.id + ' · ' + tenant.name }),
      tierSection(tenant, call, reload), keysSection(tenant, keys.data, call, reload),
      limitsSection(tenant, policy, keys.data, products, call, reload), productsSection(tenant, entitled, call));
    window.opsState.tenant = { id, keys: keys.data, policy, entitled };
  } catch (error) {
    clear(panel).append(el('p', { class: 'error', text: 'Could not load tenant ' + id + ': ' + error.message }));
  }
}
