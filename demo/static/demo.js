// The demo host's page script: header, navigation, role switcher (demo tokens), and
// one API client provided to every ehcp-qa element on the page. Pages import
// `demoReady` to get the signed-in demo user and the client.
import { QaHttpClient, provideQaClient } from '/assets/ehcp-qa.js';

const ROLE_KEY = 'ehcp-qa-demo-role';
const NAV = [
  { href: '/case', label: 'Case NCC-EHCP-2026-0417' },
  { href: '/audits', label: 'Audits' },
  // Each page is demo/pages/<name>.html; add a link here when you add a page.
  { href: '/moderation', label: 'Moderation' },
  { href: '/dashboard', label: 'Quality dashboard' },
  { href: '/feedback', label: 'Feedback' },
];

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

function renderChrome(config, session) {
  const header = document.getElementById('demo-header');
  if (!header) return;
  const options = config.roles
    .map((r) => `<option value="${r.id}" ${r.id === session.role ? 'selected' : ''}>${r.name} – ${r.roles.join(', ')}</option>`)
    .join('');
  const here = location.pathname;
  header.innerHTML = `
    <a class="skip-link" href="#main">Skip to main content</a>
    <div class="banner">Demonstration only: ${config.laName} is a fictional council, and every plan and audit here is made up.</div>
    <div class="topbar">
      <a class="topbar__brand" href="/case">${config.laName}<small>SEND case management (demo)</small></a>
      <form class="role-form" id="role-form">
        <label for="role">View as</label>
        <select id="role" name="role">${options}</select>
        <button type="submit">Switch role</button>
        <span class="role-form__who">Signed in as ${session.user.name}</span>
      </form>
    </div>
    <nav class="nav" aria-label="Main"><ul>
      ${NAV.map((n) => `<li><a href="${n.href}" ${here === n.href ? 'aria-current="page"' : ''}>${n.label}</a></li>`).join('')}
    </ul></nav>`;
  header.querySelector('#role-form').addEventListener('submit', (event) => {
    event.preventDefault();
    localStorage.setItem(ROLE_KEY, header.querySelector('#role').value);
    location.reload();
  });
}

async function start() {
  const config = await getJson('/demo/config');
  const wanted = new URLSearchParams(location.search).get('role') ?? localStorage.getItem(ROLE_KEY) ?? 'auditor';
  const role = config.roles.some((r) => r.id === wanted) ? wanted : 'auditor';
  const session = await getJson(`/demo/token?role=${encodeURIComponent(role)}`);
  const client = new QaHttpClient({ baseUrl: '/qa', headers: () => ({ Authorization: `Bearer ${session.token}` }) });
  provideQaClient(document.body, client);
  renderChrome(config, session);
  return { config, role, user: session.user, token: session.token, client };
}

/** Resolves once the page has its demo user and API client. */
export const demoReady = start();
