/**
 * Which forward proxy a request goes through, decided from the environment exactly as the ClearML SDK's HTTP stack
 * decides it (python-requests on top of urllib):
 * - the proxies: urllib.request.getproxies_environment (`<scheme>_proxy`, either case; the lower-case variable wins,
 *   an empty lower-case variable removes the upper-case one; under CGI, REQUEST_METHOD set, upper-case HTTP_PROXY is
 *   ignored);
 * - the choice: requests.utils.select_proxy (the URL's scheme, else `all`);
 * - the exclusions: requests.utils.should_bypass_proxies (no_proxy, else NO_PROXY: CIDR ranges and exact addresses for
 *   IPv4 hosts; plain suffixes of the host or host:port for names) and then
 *   urllib.request.proxy_bypass_environment (`*` alone, or DNS suffixes with leading dots ignored, case-insensitive).
 * Every request the extension makes (API client, Setup Check probes, storage access tests) asks here, so a host that
 * NO_PROXY excludes never sees its credentials pass through a proxy. No `vscode` import.
 */

export type ProxyEnv = Record<string, string | undefined>;

/** urllib.request.getproxies_environment: scheme (lower case, e.g. "https", "no") → value. */
export function environmentProxies(env: ProxyEnv): Map<string, string> {
  const proxies = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    const lower = name.toLowerCase();
    if (value && lower.endsWith('_proxy')) proxies.set(lower.slice(0, -6), value);
  }
  // CVE-2016-1000110: a CGI script's HTTP_PROXY can come from a request's "Proxy:" header.
  if (env.REQUEST_METHOD !== undefined) proxies.delete('http');
  // Second pass: the variables already in lower case override (or, when empty, remove) what the first pass found.
  for (const [name, value] of Object.entries(env)) {
    if (!name.endsWith('_proxy')) continue;
    const scheme = name.toLowerCase().slice(0, -6);
    if (value) proxies.set(scheme, value);
    else proxies.delete(scheme);
  }
  return proxies;
}

/** requests' is_ipv4_address for the host names a URL can hold: four dotted decimal bytes. */
function ipv4ToNumber(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  if (bytes.some((b) => b > 255)) return undefined;
  return ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
}

/** requests' is_valid_cidr + address_in_network: "10.0.0.0/8" with a mask of 1 to 32 bits. */
function inCidr(address: number, entry: string): boolean | undefined {
  const parts = entry.split('/');
  if (parts.length !== 2 || !/^\d+$/.test(parts[1])) return undefined;
  const bits = Number(parts[1]);
  const network = ipv4ToNumber(parts[0]);
  if (bits < 1 || bits > 32 || network === undefined) return undefined;
  const mask = bits === 32 ? 0xffffffff : (~(0xffffffff >>> bits)) >>> 0;
  return ((address & mask) >>> 0) === ((network & mask) >>> 0);
}

/** Python's urlparse(url).hostname (lower case, no brackets) and .port, or undefined for a URL without a host. */
function hostAndPort(url: string): { hostname: string; port?: number } | undefined {
  let u: URL;
  try { u = new URL(url); } catch { return undefined; }
  if (!u.hostname) return undefined;
  return { hostname: u.hostname.replace(/^\[|\]$/g, '').toLowerCase(), port: u.port ? Number(u.port) : undefined };
}

/** urllib.request.proxy_bypass_environment(hostname): the no_proxy value of getproxies_environment. */
function urllibBypass(hostname: string, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false;
  if (noProxy === '*') return true;
  const host = hostname.toLowerCase();
  // urllib's _splitport: the text after the last ':' when it is all digits (so "fd00::10" splits as "fd00:" / "10").
  const split = /^(.*):(\d+)$/s.exec(host);
  const hostOnly = split ? split[1] : host;
  for (const raw of noProxy.split(',')) {
    const trimmed = raw.trim();
    if (!trimmed) continue;
    const name = trimmed.replace(/^\.+/, '').toLowerCase();
    if (hostOnly === name || host === name) return true;
    if (hostOnly.endsWith(`.${name}`) || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** requests.utils.should_bypass_proxies(url, no_proxy=None) with the given environment. */
export function bypassesProxy(url: string, env: ProxyEnv): boolean {
  const target = hostAndPort(url);
  if (!target) return true;
  // `or`: an empty lower-case no_proxy falls through to NO_PROXY here (unlike in getproxies_environment).
  const noProxy = env.no_proxy || env.NO_PROXY;
  if (noProxy) {
    // requests removes every space (not only around commas) and skips empty entries; entries keep their case.
    const entries = noProxy.replace(/ /g, '').split(',').filter((e) => e);
    const address = ipv4ToNumber(target.hostname);
    if (address !== undefined) {
      for (const entry of entries) {
        const inRange = inCidr(address, entry);
        if (inRange === true || (inRange === undefined && entry === target.hostname)) return true;
      }
    } else {
      const withPort = target.port ? `${target.hostname}:${target.port}` : target.hostname;
      if (entries.some((e) => target.hostname.endsWith(e) || withPort.endsWith(e))) return true;
    }
  }
  return urllibBypass(target.hostname, environmentProxies(env).get('no'));
}

/** The proxy URL requests would use for `url` with this environment, or undefined for a direct connection. */
export function proxyFor(url: string, env: ProxyEnv): string | undefined {
  if (bypassesProxy(url, env)) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1].toLowerCase();
  const proxies = environmentProxies(env);
  const proxy = (scheme ? proxies.get(scheme) : undefined) ?? proxies.get('all');
  // requests' prepend_scheme_if_needed: "proxy:3128" means http://proxy:3128.
  return proxy && !proxy.includes('://') ? `http://${proxy}` : proxy;
}

/** The proxy's host:port for messages (never its user name or password). */
export function proxyLabel(proxy: string): string {
  try { return new URL(proxy).host; } catch { return 'the configured proxy'; }
}
