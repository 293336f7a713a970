/**
 * Token lifecycle: one login in flight at a time however many calls wait for it, refresh shortly before expiry,
 * and forgetting a token the server rejected (so the next call logs in again).
 */
import { decodeClaims } from './claims';
import type { TokenClaims } from './types';

/** The SDK's api.auth.token_expiration_threshold_sec. */
export const REFRESH_THRESHOLD_SEC = 360;

export class Session {
  private token: string | undefined;
  private tokenClaims: TokenClaims | undefined;
  private flight: Promise<string> | undefined;
  /** Number of logins this session performed (diagnostics/tests). */
  logins = 0;

  constructor(private readonly login: () => Promise<string>, private readonly now: () => number = () => Date.now() / 1000) {}

  get current(): string | undefined { return this.token; }
  get claims(): TokenClaims | undefined { return this.tokenClaims; }

  /** Refresh when fewer than 360 s remain — or half the lifetime, for short-lived tokens (else every call would log in). */
  private needsRefresh(): boolean {
    const c = this.tokenClaims;
    if (!c) return true;
    const lifetime = c.iat !== undefined ? c.exp - c.iat : Infinity;
    const threshold = Math.min(REFRESH_THRESHOLD_SEC, lifetime / 2);
    return this.now() >= c.exp - threshold;
  }

  /** A valid token, logging in (once, shared) when there is none or it is about to expire. */
  async ensure(signal?: AbortSignal, onCancel?: () => Error): Promise<string> {
    if (this.token && !this.needsRefresh()) return this.token;
    const flight = this.flight ?? this.startLogin();
    if (!signal) return flight;
    // The shared login keeps running for the others when one caller gives up.
    return new Promise<string>((resolve, reject) => {
      if (signal.aborted) return reject(onCancel?.() ?? new Error('cancelled'));
      const abort = (): void => reject(onCancel?.() ?? new Error('cancelled'));
      signal.addEventListener('abort', abort, { once: true });
      flight.then(
        (t) => { signal.removeEventListener('abort', abort); resolve(t); },
        (e: unknown) => { signal.removeEventListener('abort', abort); reject(e); },
      );
    });
  }

  private startLogin(): Promise<string> {
    const flight = (async () => {
      const token = await this.login();
      this.adopt(token);
      this.logins++;
      return token;
    })();
    this.flight = flight;
    const clear = (): void => { if (this.flight === flight) this.flight = undefined; };
    flight.then(clear, clear);
    return flight;
  }

  /** Uses a token obtained elsewhere (e.g. a workspace switch that returns a re-scoped token). */
  adopt(token: string): void {
    this.tokenClaims = decodeClaims(token);
    this.token = token;
  }

  /** Forgets `token` if it is still the current one (a concurrent call may already have replaced it). */
  invalidate(token: string | undefined): void {
    if (token !== undefined && this.token === token) {
      this.token = undefined;
      this.tokenClaims = undefined;
    }
  }

  clear(): void {
    this.token = undefined;
    this.tokenClaims = undefined;
  }
}
