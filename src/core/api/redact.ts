/**
 * The ONE place where secrets are removed from text. Every log line and every error message of the client goes
 * through a Redactor before it leaves the client. Two layers:
 *  - patterns: Authorization header values, Basic/Bearer credentials, JWTs, and the values of JSON/HOCON/query
 *    fields named like secrets (secret_key, secret, token, password, …);
 *  - known values: the secret key, the current token and every secret the client has seen (created credentials,
 *    gateway tokens), replaced wherever they appear, whatever the surrounding text.
 */

export const REDACTED = '<redacted>';

const PATTERNS: [RegExp, string][] = [
  // Authorization: <scheme> <value>   (header dumps)
  [/(authorization["']?\s*[:=]\s*["']?)(?:basic|bearer)?\s*[^\s"',}]+/gi, `$1${REDACTED}`],
  // (a credential has a digit or capital letter somewhere; plain words such as "basic authentication" stay)
  [/\b(basic|Basic|BASIC|bearer|Bearer|BEARER)\s+(?=[A-Za-z0-9+/=._~-]*[A-Z0-9])[A-Za-z0-9+/=._~-]{12,}/g, `$1 ${REDACTED}`],
  // JWTs (header.payload.signature, base64url, header starts with {" → eyJ)
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, REDACTED],
  // "secret_key": "…", secret: …, token=…  (JSON, HOCON, query strings, env assignments)
  [/(["']?\b(?:secret_key|secretkey|secret|token|password|passwd|access_token|refresh_token|api_key_secret|CLEARML_API_SECRET_KEY)\b["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,}&]+)/gi, `$1"${REDACTED}"`],
];

export class Redactor {
  private readonly known = new Set<string>();

  /** Registers a value that must never appear in output (ignores short strings that would over-redact). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 8) this.known.add(value);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.known) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      // Basic credentials are base64 of "key:secret": the secret may appear encoded too.
    }
    for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
    return out;
  }
}

/** Pattern-only redaction for places without a client (e.g. the server log or a test helper). */
export function redact(text: string): string {
  return new Redactor().redact(text);
}
