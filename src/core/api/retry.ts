/**
 * Which calls may be repeated automatically, and how long to wait. Only reads and idempotent writes are retried
 * (a lost answer to auth.create_credentials would otherwise mint a second key; invites and token generation
 * likewise), and only on 429/502/503/509 or connection-level failures, with exponential backoff and jitter.
 */
import { ClearMLApiError } from './errors';
import { HOSTED_ENDPOINTS } from './hosted-endpoints';
import { RETRYABLE_TRANSPORT_CODES, TransportError } from './transport';

export const RETRY_STATUS = new Set([429, 502, 503, 509]);

/** Never repeated automatically, whatever the caller says. */
export const NEVER_RETRY = new Set<string>([
  'auth.create_credentials',
  'auth.revoke_credentials',
  HOSTED_ENDPOINTS.createInvite,
  HOSTED_ENDPOINTS.generateGatewayToken,
  HOSTED_ENDPOINTS.leaveWorkspace,
]);

/** Writes whose repetition has the same effect as one call. */
export const IDEMPOTENT_WRITES = new Set<string>([
  'users.update',
  'users.set_preferences',
  'auth.edit_credentials',
  'server.report_stats_option',
  'users.delete_vaults',
  HOSTED_ENDPOINTS.renameWorkspace,
  HOSTED_ENDPOINTS.revokeGatewayToken,
  HOSTED_ENDPOINTS.revokeInvites,
  HOSTED_ENDPOINTS.addInviteEmails,
  HOSTED_ENDPOINTS.removeInviteEmails,
]);

const READ_ACTION = /^(get_|get$|ping$|info$|supported_modes$|login$)/;

/** Safe to retry: a read (get_*, ping, info, supported_modes, auth.login) or a known idempotent write. */
export function isSafeToRetry(endpoint: string, idempotentHint?: boolean): boolean {
  if (NEVER_RETRY.has(endpoint)) return false;
  if (idempotentHint !== undefined) return idempotentHint;
  const action = endpoint.slice(endpoint.indexOf('.') + 1);
  return READ_ACTION.test(action) || IDEMPOTENT_WRITES.has(endpoint);
}

export function isRetryableFailure(e: unknown): boolean {
  if (!(e instanceof ClearMLApiError)) return false;
  if (e.kind === 'http' || e.kind === 'not-json') return RETRY_STATUS.has(e.code);
  if (e.kind === 'transport') return e instanceof TransportError && !!e.transportCode && RETRYABLE_TRANSPORT_CODES.has(e.transportCode);
  return false;
}

export interface RetryPolicy { retries: number; baseDelayMs: number; maxDelayMs: number }

/** Exponential backoff with "equal jitter": half fixed, half random, capped; a server Retry-After wins if longer. */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const delay = exp / 2 + random() * (exp / 2);
  return retryAfterMs !== undefined ? Math.min(policy.maxDelayMs, Math.max(delay, retryAfterMs)) : delay;
}

/** Sleeps `ms`, rejecting early with the caller's cancellation. */
export function sleep(ms: number, signal?: AbortSignal, onCancel?: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(onCancel?.() ?? new Error('cancelled'));
    const t = setTimeout(() => { signal?.removeEventListener('abort', abort); resolve(); }, ms);
    const abort = (): void => { clearTimeout(t); reject(onCancel?.() ?? new Error('cancelled')); };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
