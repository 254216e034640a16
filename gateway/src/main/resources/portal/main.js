// The developer portal: sign in with a tenant key (sessionStorage, sent as a Bearer header), then
// the tenant's products with "try it", its usage and limits, and code snippets.
// window.portalState mirrors what was loaded, for people debugging and for the browser test.
import { $, download } from '/portal/common/dom.js';
import { client } from '/portal/common/api.js';
import { showProducts } from '/portal/catalog.js';
import { showUsage, wireUsage } from '/portal/usage.js';
import { showSnippets } from '/portal/snippets.js';

const KEY = 'gateway.portal.key';
const api = client(() => sessionStorage.getItem(KEY));
window.portalState = { signedIn: false, tenant: null, products: [], usage: null, limits: null, answer: null, error: null };

function showLogin(message) {
  $('portal').hidden = true;
  $('session').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('key').focus();
}

function switchTab(name) {
  document.querySelectorAll('.tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('.tab').forEach((t) => { t.hidden = t.id !== 'tab-' + name; });
  if (name === 'usage') { showUsage(api).catch(report); }
}

function report(error) {
  window.portalState.error = error.message;
  if (error.status === 401) {
    sessionStorage.removeItem(KEY);
    showLogin('This key was refused: ' + error.message);
  } else {
    $('status').textContent = 'Could not load: ' + error.message;
  }
}

async function enter() {
  // The limits call proves the key before anything is shown.
  const limits = await (await api('GET', '/v1/limits')).json();
  window.portalState.tenant = limits.tenant;
  $('tenant-name').textContent = 'tenant ' + limits.tenant + ' · ' + limits.tier;
  $('login').hidden = true;
  $('session').hidden = false;
  $('portal').hidden = false;
  const products = (await (await api('GET', '/v1/products')).json()).data || [];
  const models = ((await (await api('GET', '/v1/models')).json()).data || []).map((m) => m.id);
  showProducts(api, products);
  showSnippets(products, models);
  wireUsage(api, report);
  window.portalState.signedIn = true;
}

function start() {
  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('key').value.trim();
    if (!key) {
      $('login-error').textContent = 'Enter an API key.';
      return;
    }
    sessionStorage.setItem(KEY, key);
    $('key').value = '';
    enter().catch(report);
  });
  $('signout').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    window.portalState.signedIn = false;
    showLogin();
  });
  $('openapi').addEventListener('click', async () => {
    try {
      const doc = await (await api('GET', '/v1/openapi.json')).text();
      download('openapi.json', doc, 'application/json');
    } catch (error) { report(error); }
  });
  document.querySelectorAll('.tabs button').forEach((b) => b.addEventListener('click', () => switchTab(b.dataset.tab)));
  if (sessionStorage.getItem(KEY)) {
    enter().catch(report);
  } else {
    showLogin();
  }
}

start();
