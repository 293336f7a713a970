/**
 * Error types of the API client. Defined here (not in index.ts) so the implementation modules can use them at
 * run time without an import cycle through index.ts; index.ts re-exports them under the contract names.
 */

export type ApiErrorKind = 'http' | 'transport' | 'timeout' | 'cancelled' | 'tls' | 'not-json' | 'too-large';

export class ClearMLApiError extends Error {
  constructor(
    message: string,
    readonly endpoint: string,
    /** HTTP status / meta.result_code; 0 for transport failures (connection refused, TLS, timeout). */
    readonly code: number,
    readonly subcode: number,
    /** The server's result_msg (redacted), or a transport description. */
    readonly serverMessage: string,
    readonly trx?: string,
    /** 'http' | 'transport' | 'timeout' | 'cancelled' | 'tls' | 'not-json' | 'too-large' */
    readonly kind: ApiErrorKind = 'http',
  ) {
    super(message);
    this.name = 'ClearMLApiError';
  }
}

export type Feature = 'vaults' | 'workspaces' | 'invites' | 'gatewayTokens' | 'telemetry' | 'dottedPreferences';

export class FeatureUnavailableError extends Error {
  constructor(readonly feature: Feature, readonly endpoint: string, readonly reason: string) {
    super(`${feature} is not available on this server (${endpoint}): ${reason}`);
    this.name = 'FeatureUnavailableError';
  }
}

/** 404/0 "Unable to find endpoint for name X and version Y": the server does not have this endpoint. */
export function isEndpointMissing(e: unknown): e is ClearMLApiError {
  return e instanceof ClearMLApiError && e.kind === 'http' && e.code === 404 && /unable to find endpoint/i.test(e.serverMessage);
}
