/** Access-test outcomes in plain words, shared by the S3 and Azure probes. */

export type AccessOutcome =
  | 'ok' | 'wrong-key' | 'wrong-secret' | 'bucket-missing' | 'access-denied' | 'tls' | 'unreachable' | 'region-mismatch'
  | 'no-entry' | 'no-credentials' | 'not-testable' | 'error';

export interface AccessStep {
  /** list, write, delete */
  name: 'list' | 'write' | 'delete';
  ok: boolean;
  /** HTTP status or error code, for the technical detail line. */
  detail: string;
}

export interface AccessReport {
  outcome: AccessOutcome;
  /** What happened and what to change, in plain words. */
  message: string;
  /** Where the test went (method-less URL without credentials). */
  target: string;
  steps: AccessStep[];
  /** Which entry or fallback the SDK would use (from the resolution). */
  resolved?: string;
}

const TLS_CODES = /^(EPROTO|ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_CERT)/;

/** A network error (no HTTP answer) as an outcome. */
export function networkOutcome(e: unknown, where: string, secure: boolean, caBundle?: string): { outcome: AccessOutcome; message: string; detail: string } {
  const err = e as NodeJS.ErrnoException & { reason?: string };
  const code = err.code ?? '';
  const text = `${code} ${err.message ?? ''}`;
  if (err.name === 'DeadlineError') {
    return { outcome: 'unreachable', message: `No answer in time: ${where} did not finish answering within the access test's ${err.message.replace(/^no complete answer within /, '')} (it may be stalled, trickling data, or behind a firewall that drops packets). Check the host and port.`, detail: 'deadline' };
  }
  if (code === 'EPROXY') return { outcome: 'unreachable', message: `${err.message}. Check HTTPS_PROXY / HTTP_PROXY, or add the host to NO_PROXY if it is internal.`, detail: code };
  if (TLS_CODES.test(code) || /wrong version number|ssl|tls|certificate/i.test(text)) {
    const plain = /wrong version number|packet length too long|http request/i.test(text);
    return {
      outcome: 'tls',
      message: plain
        ? `TLS failure: ${where} answered in plain http while the entry says secure: true. Set secure: false (or enable TLS on the server).`
        : caBundle
          // the bundle is what makes TLS work: never advise turning verification off instead
          ? `TLS failure talking to ${where}: ${err.message}. The entry trusts the CA bundle "${caBundle}" (verify); check that it holds the CA that signed this server's certificate.`
          : `TLS failure talking to ${where}: ${err.message}. If the server uses a self-signed certificate, add its CA to the system or set verify: false on the entry (ClearML's api.verify_certificate does not cover storage).`,
      detail: code || 'TLS',
    };
  }
  if (code === 'ECONNRESET' && !secure) {
    return { outcome: 'tls', message: `${where} closed the connection on a plain http request; it probably expects TLS. Set secure: true.`, detail: code };
  }
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET)$/.test(code)) {
    const why = code === 'ECONNREFUSED' ? 'the connection was refused (nothing listens on that port)'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'the host name does not resolve'
        : code === 'ETIMEDOUT' ? 'it did not answer in time' : `the network said ${code}`;
    return { outcome: 'unreachable', message: `Host unreachable: ${where}: ${why}. Check the host and port.`, detail: code };
  }
  if (err.name === 'AbortError') return { outcome: 'error', message: 'The access test was cancelled.', detail: 'aborted' };
  return { outcome: 'error', message: `Could not reach ${where}: ${err.message}`, detail: code || err.name || 'error' };
}
