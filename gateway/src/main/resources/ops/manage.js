// The "Tenants and keys" tab: the tenant list and the new-tenant form; the chosen tenant's panel
// is tenant.js. Everything goes through the admin API, as curl would.
import { $, el, clear } from '/ops/common/dom.js';
import { rules, validate, showProblems } from '/ops/forms.js';
import { showTenant } from '/ops/tenant.js';

let selected = null;

export async function loadTenants(call) {
  const tenants = (await (await call('GET', '/admin/tenants')).json()).data || [];
  const body = clear($('tenants').querySelector('tbody'));
  for (const t of tenants) {
    const row = el('tr', { class: 'pick' + (t.id === selected ? ' selected' : ''), dataset: { tenant: t.id } },
      el('td', { text: t.id }), el('td', { text: t.name }), el('td', { text: t.tier }),
      el('td', { text: String(t.created_at).slice(0, 19).replace('T', ' ') }));
    row.addEventListener('click', () => {
      selected = t.id;
      body.querySelectorAll('tr').forEach((r) => r.classList.toggle('selected', r === row));
      showTenant(call, t.id, () => loadTenants(call));
    });
    body.append(row);
  }
  window.opsState.tenantList = tenants.map((t) => t.id);
}

export function wireManage(call, refused) {
  $('new-tenant').addEventListener('submit', async (event) => {
    event.preventDefault();
    const id = $('new-tenant-id').value.trim();
    const name = $('new-tenant-name').value.trim();
    const message = $('new-tenant-error');
    if (showProblems(message, validate([[rules.id, 'tenant id', id]]))) { return; }
    try {
      await call('POST', '/admin/tenants', { id, name: name || undefined, tier: $('new-tenant-tier').value });
      $('new-tenant-id').value = '';
      $('new-tenant-name').value = '';
      selected = id;
      await loadTenants(call);
      showTenant(call, id, () => loadTenants(call));
    } catch (error) {
      if (!refused(error)) { showProblems(message, [error.message]); }
    }
  });
}
