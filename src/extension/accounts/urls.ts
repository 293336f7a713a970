/** Server URL handling: validation for prompts, normalisation, and the SDK's API → web host derivation. */

/** Error text for an input box, or undefined when the URL is acceptable. */
export function validateServerUrl(text: string): string | undefined {
  const value = text.trim();
  if (!value) return 'Enter the server URL, e.g. https://api.clear.ml or http://localhost:8008';
  let url: URL;
  try { url = new URL(value); } catch { return `"${value}" is not a URL; include the scheme, e.g. https://${value}`; }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `Only http:// and https:// servers are supported (got ${url.protocol})`;
  if (url.search || url.hash) return 'Remove the query string or fragment from the URL';
  if (url.username || url.password) return 'Do not put credentials in the URL; you are asked for the access key next';
  return undefined;
}

/** Canonical form used for ids and comparisons: no trailing slash, lower-case scheme and host. */
export function normalizeServerUrl(text: string): string {
  const problem = validateServerUrl(text);
  if (problem) throw new Error(problem);
  const url = new URL(text.trim());
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** The SDK's rule (session.py get_app_server_host): api. → app., demoapi. → demoapp., port 8008 → 8080. */
export function deriveWebServer(apiServer: string): string {
  const url = new URL(apiServer);
  if (url.hostname.startsWith('api.')) url.hostname = `app.${url.hostname.slice(4)}`;
  else if (url.hostname.startsWith('demoapi.')) url.hostname = `demoapp.${url.hostname.slice(8)}`;
  if (url.port === '8008') url.port = '8080';
  else if (url.port === '30008') url.port = '30080';
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** The web UI's files-server guess (app. → files., 8080 → 8081), from the web server URL. */
export function deriveFilesServer(webServer: string): string {
  const url = new URL(webServer);
  if (url.hostname.startsWith('app.')) url.hostname = `files.${url.hostname.slice(4)}`;
  else if (url.hostname.startsWith('demoapp.')) url.hostname = `demofiles.${url.hostname.slice(8)}`;
  if (url.port === '8080') url.port = '8081';
  else if (url.port === '30080') url.port = '30081';
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

export function hostOf(url: string): string {
  try { return new URL(url).host; } catch { return url; }
}
