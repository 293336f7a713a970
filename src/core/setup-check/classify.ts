/** What a failed probe means, in plain words, and whether an answer is a ClearML API envelope. */
import { ABORT_CODE, TIMEOUT_CODE, type ProbeResult } from './probe';
import type { FindingCause } from './types';

export interface Failure {
  cause: FindingCause;
  /** Plain-words reason, without the host (the caller names it). */
  what: string;
  /** Technical part: the error code and Node's message. */
  detail: string;
}

const TLS: Record<string, [FindingCause, string]> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: ['tls-self-signed', 'uses a self-signed certificate'],
  SELF_SIGNED_CERT_IN_CHAIN: ['tls-self-signed', 'presents a certificate chain that ends in a self-signed (private) CA, as TLS-inspecting corporate proxies do'],
  CERT_HAS_EXPIRED: ['tls-expired', 'presents an expired certificate'],
  CERT_NOT_YET_VALID: ['tls-expired', 'presents a certificate that is not valid yet (check this machine\'s clock)'],
  ERR_TLS_CERT_ALTNAME_INVALID: ['tls-hostname', 'presents a certificate issued for another host name'],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['tls-untrusted', 'presents a certificate signed by a certificate authority this machine does not trust'],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['tls-untrusted', 'presents a certificate signed by a certificate authority this machine does not trust'],
  UNABLE_TO_GET_ISSUER_CERT: ['tls-untrusted', 'presents a certificate signed by a certificate authority this machine does not trust'],
  CERT_UNTRUSTED: ['tls-untrusted', 'presents a certificate that is not trusted'],
  CERT_SIGNATURE_FAILURE: ['tls-untrusted', 'presents a certificate with an invalid signature'],
};

export function classifyFailure(r: Extract<ProbeResult, { ok: false }>): Failure {
  const detail = r.code === TIMEOUT_CODE ? r.message : `${r.code}: ${r.message}`;
  const tls = TLS[r.code];
  if (tls) return { cause: tls[0], what: tls[1], detail };
  switch (r.code) {
    case TIMEOUT_CODE:
      return { cause: 'timeout', what: 'did not answer in time (a firewall dropping packets, a stalled server, or a proxy that is needed but not set)', detail };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return { cause: 'dns', what: 'is a host name that does not resolve (a typo, or a name only known inside another network or VPN)', detail };
    case 'ECONNREFUSED':
      return { cause: 'refused', what: 'refused the connection (nothing listens on that port: wrong port, or the server is not running)', detail };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { cause: 'refused', what: 'cannot be reached from this machine (no route to the host)', detail };
    case 'ECONNRESET':
      return { cause: 'http-error', what: 'closed the connection without answering (a proxy or firewall cut it, or the port does not speak HTTP)', detail };
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return { cause: 'http-error', what: 'does not speak HTTPS on that port (try http://)', detail };
    default:
      if (/wrong version number|ssl routines/i.test(r.message)) return { cause: 'http-error', what: 'does not speak HTTPS on that port (try http://)', detail };
      return { cause: 'http-error', what: 'failed to answer', detail };
  }
}

export const isAbort = (r: ProbeResult): boolean => !r.ok && r.code === ABORT_CODE;

export interface Envelope { meta: { result_code: number; result_subcode?: number; result_msg?: string }; data?: Record<string, unknown> }

/** The ClearML API envelope of an answer, or undefined when it is something else (HTML, another service). */
export function envelopeOf(r: Extract<ProbeResult, { ok: true }>): Envelope | undefined {
  if (/html/i.test(r.contentType) || /^\s*</.test(r.body)) return undefined;
  try {
    const parsed = JSON.parse(r.body) as Envelope;
    return parsed && typeof parsed === 'object' && parsed.meta && typeof parsed.meta.result_code === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `HTTP 200 text/html: "<!doctype html>…"` — what came back instead of a ClearML answer. */
export function describeAnswer(r: Extract<ProbeResult, { ok: true }>): string {
  const start = r.body.replace(/\s+/g, ' ').trim().slice(0, 80);
  return `HTTP ${r.status}${r.contentType ? ` ${r.contentType.split(';')[0]}` : ''}${r.server ? ` (server: ${r.server})` : ''}${start ? `: "${start}${r.body.length > 80 ? '…' : ''}"` : ', empty body'}`;
}

export function isTlsCause(cause: FindingCause): boolean {
  return cause.startsWith('tls-');
}
