const READ_METHODS = new Set(['GET', 'HEAD']);

// Matched against route templates (`/users/:id`), which the router chose, never against the raw
// URL, which a client could dress up (`/health/../users`). OpenAPI paths (`/users/{id}`) do too.

/** Probes and the API's own description stay reachable without a key. */
const OPEN_ROUTE = /^\/(health(\/|$)|docs(\/|-json$|-yaml$|$))/;
/** Kubernetes probes every few seconds from the kubelet's address: they are never limited. */
const UNLIMITED_ROUTE = /^\/health(\/|$)/;

/**
 * Whether a request must carry a valid API key. A CORS preflight (OPTIONS) never does: browsers
 * send it without credentials.
 */
export function needsApiKey(method: string, route: string, readsOpen: boolean): boolean {
  const verb = method.toUpperCase();
  if (OPEN_ROUTE.test(route) || verb === 'OPTIONS') return false;
  return !(readsOpen && READ_METHODS.has(verb));
}

/** Whether a request counts towards its client's rate limit. */
export function isRateLimited(route: string): boolean {
  return !UNLIMITED_ROUTE.test(route);
}
