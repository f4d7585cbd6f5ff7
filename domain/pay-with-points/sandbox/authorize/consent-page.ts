import type { FixtureCustomer } from '../../fixture.ts';

/** What the login and consent page shows. Every value is escaped; the page loads nothing else. */
export interface ConsentPage {
  requestId: string;
  clientId: string;
  scope: string;
  /** Shown above the form after a failed login. */
  error?: string;
  /** The fixture's customers, listed as a sandbox hint (user ids only, never passwords). */
  customers: readonly FixtureCustomer[];
  action: string;
}

/** Sent with the page: no scripts, no framing, nothing loaded from elsewhere. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

/** The sandbox's stand-in for Citi's login page: user id, password, the scopes asked for, Allow / Deny. */
export function consentPage(page: ConsentPage): string {
  const scopes = page.scope.split(/\s+/).filter(Boolean);
  const customers = page.customers.map((c) => escapeHtml(c.userId)).join(', ') || 'none in this fixture';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Citi sandbox: log in and consent</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.3rem; } label { display: block; margin: .8rem 0 .2rem; }
input[type=text], input[type=password] { width: 100%; padding: .4rem; }
.error { color: #a00; border: 1px solid #a00; padding: .5rem; }
.buttons { margin-top: 1.2rem; display: flex; gap: .6rem; } small { color: #555; }
</style>
</head>
<body>
<main>
<h1>Log in to Citi (sandbox)</h1>
<p><strong id="client">${escapeHtml(page.clientId)}</strong> asks for access to:</p>
<ul id="scopes">${scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
${page.error ? `<p class="error" role="alert" id="error">${escapeHtml(page.error)}</p>` : ''}
<form method="post" action="${escapeHtml(page.action)}" id="consent">
<input type="hidden" name="request" value="${escapeHtml(page.requestId)}">
<label for="userId">User ID</label>
<input type="text" id="userId" name="userId" autocomplete="username" required>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="buttons">
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny" formnovalidate>Deny</button>
</div>
</form>
<p><small>Sandbox customers: ${customers} (passwords are in the fixture / README).</small></p>
</main>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
