/**
 * Public entry of the ClearML API client: other modules import only from here; nothing inside src/core/api imports
 * this file (types live in types.ts, errors in errors.ts). No `vscode` import.
 */

export type * from './types';
export { ClearMLApiError, FeatureUnavailableError, isEndpointMissing } from './errors';
export type { Feature, ApiErrorKind } from './errors';
export { HOSTED_ENDPOINTS, HOSTED_ENDPOINT_SOURCES, TENANT_HEADER, INVITE_VALIDITY_MS, inviteLink } from './hosted-endpoints';
export type { EndpointSource, HostedOperation } from './hosted-endpoints';
export { Redactor, redact, REDACTED } from './redact';
/** Construct with `new ClearMLClient(options)`. */
export { ClearMLClient } from './client';
