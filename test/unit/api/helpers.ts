/** Shared helpers for the API client and server unit tests (real HTTP against startServer on port 0). */
import { DEMO } from '../../../server/demo';
import { startServer, type RecordedCall, type RunningServer, type ServerOptions } from '../../../server/index';
import { ClearMLClient, type ClientOptions } from '../../../src/core/api/index';

export { DEMO };

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export function basic(accessKey: string, secretKey: string): string {
  return `Basic ${Buffer.from(`${accessKey}:${secretKey}`).toString('base64')}`;
}

export const JANE_BASIC = basic(DEMO.signIn.accessKey, DEMO.signIn.secretKey);

/** POSTs one call with fetch (no client code involved), returning the parsed envelope when there is one. */
export async function raw(baseUrl: string, endpoint: string, body?: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<RawResponse> {
  const res = await fetch(`${baseUrl}/${endpoint}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined || method === 'GET' ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function loginToken(baseUrl: string, authorization = JANE_BASIC): Promise<string> {
  const r = await raw(baseUrl, 'auth.login', {}, { Authorization: authorization });
  if (r.status !== 200) throw new Error(`login failed: ${r.text}`);
  return r.json.data.token as string;
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export async function withServer<T>(opts: Partial<ServerOptions> & { edition: ServerOptions['edition'] }, fn: (srv: RunningServer) => Promise<T>): Promise<T> {
  const srv = await startServer({ port: 0, ...opts });
  try {
    return await fn(srv);
  } finally {
    await srv.close();
  }
}

export interface LogCapture { lines: string[]; logger: { log(level: string, message: string): void } }

export function captureLog(): LogCapture {
  const lines: string[] = [];
  return { lines, logger: { log: (level, message) => lines.push(`${level} ${message}`) } };
}

/** A client for the demo user, with fast retries so failure tests stay quick. */
export function client(srv: RunningServer, extra: Partial<ClientOptions> = {}): ClearMLClient {
  return new ClearMLClient({
    apiServer: srv.url,
    accessKey: DEMO.signIn.accessKey,
    secretKey: DEMO.signIn.secretKey,
    retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 },
    timeoutMs: 5_000,
    ...extra,
  });
}

/** Polls `cond` every 5 ms until true, failing after `timeoutMs` (no fixed sleeps as synchronisation). */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What the client sent to one endpoint (name, body, tenant header), oldest first. */
export function sent(srv: RunningServer, endpoint: string): RecordedCall[] {
  return srv.journal.filter((c) => c.endpoint === endpoint);
}
