// The /ops console: signs in with the admin token (sessionStorage, sent as a Bearer header, never
// a cookie) and offers three tabs over the admin API: the dashboard, tenant management, and the
// request explorer. A refused token brings the login back with the reason.
import { $ } from '/ops/common/dom.js';
import { client } from '/ops/common/api.js';
import { loadDashboard, destroyCharts } from '/ops/dashboard.js';
import { loadTenants, wireManage } from '/ops/manage.js';
import { wireExplorer } from '/ops/explorer.js';

const TOKEN_KEY = 'gateway.ops.token';
const SECTIONS = ['dashboard', 'manage', 'explorer'];
const call = client(() => sessionStorage.getItem(TOKEN_KEY));
let current = 'dashboard';

function showLogin(message) {
  SECTIONS.forEach((s) => { $(s).hidden = true; });
  $('tabs').hidden = true;
  $('session').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('token').focus();
}

/** What every tab does with a failure: a refused token signs out; anything else is shown where it happened. */
export function refused(error) {
  if (error.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    destroyCharts();
    showLogin('The admin token was refused (' + error.message + '). Sign in again.');
    return true;
  }
  return false;
}

function show(tab) {
  current = tab;
  $('login').hidden = true;
  $('tabs').hidden = false;
  $('session').hidden = false;
  SECTIONS.forEach((s) => { $(s).hidden = s !== tab; });
  document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
  const load = tab === 'dashboard' ? loadDashboard(call) : tab === 'manage' ? loadTenants(call) : Promise.resolve();
  load.catch((error) => { if (!refused(error)) { $('status').textContent = 'Could not load: ' + error.message; } });
}

function start() {
  $('login').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) {
      $('login-error').textContent = 'Enter the admin token.';
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    show('dashboard');
  });
  $('signout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    destroyCharts();
    showLogin();
  });
  const reload = () => show('dashboard');
  $('refresh').addEventListener('click', () => show(current));
  $('range').addEventListener('change', reload);
  $('group').addEventListener('change', reload);
  document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => show(b.dataset.tab)));
  wireManage(call, refused);
  wireExplorer(call, refused);
  if (sessionStorage.getItem(TOKEN_KEY)) {
    show('dashboard');
  } else {
    showLogin();
  }
  setInterval(() => {
    if (sessionStorage.getItem(TOKEN_KEY) && !document.hidden && current === 'dashboard') {
      loadDashboard(call).catch(refused);
    }
  }, 30000);
}

start();
