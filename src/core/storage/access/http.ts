/** One plain HTTP(S) exchange for the access test: bounded in time, body capped, TLS verification on by default. */
import * as http from 'node:http';
import * as https from 'node:https';

export interface HttpRequest {
  secure: boolean;
  hostname: string;
  port: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** false = do not verify the server certificate (the entry's `verify: false`). */
  verify?: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const MAX_BODY = 64 * 1024;

export function send(req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const lib = req.secure ? https : http;
    const r = lib.request({
      hostname: req.hostname, port: req.port, method: req.method, path: req.path, headers: req.headers,
      timeout: req.timeoutMs, signal: req.signal, agent: false,
      ...(req.secure ? { rejectUnauthorized: req.verify !== false, servername: /^[\d.]+$|:/.test(req.hostname) ? undefined : req.hostname } : {}),
    }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => { if (size < MAX_BODY) { chunks.push(c); size += c.length; } });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY) }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(Object.assign(new Error(`no answer within ${req.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    r.on('error', reject);
    r.end(req.body);
  });
}

/** The first `<Code>` and `<Message>` of an S3 or Azure XML error body. */
export function xmlError(body: string): { code?: string; message?: string } {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1]?.split('\n')[0];
  return { code, message };
}
