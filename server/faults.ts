/**
 * Fault injection for tests. A fault is attached to one endpoint name (e.g. "auth.get_credentials") or to "*"
 * (every endpoint). Faults are applied after routing and before authentication, like a flaky proxy or an
 * overloaded server in front of the handler.
 */

import { seededRandom } from '../src/core/seededRandom';

export interface FaultSpec {
  /** Extra latency before answering, ms. */
  latencyMs?: number;
  /** Probability (0..1) that a call fails; decided by a seeded RNG so runs repeat. Default 1 when `error`/`html502` is set. */
  failureRate?: number;
  /** Seed of this fault's RNG (default 1). */
  seed?: number;
  /** Only the first N matching calls are affected (then the fault switches itself off). */
  times?: number;
  /** The failure to answer with; default 503/0 "Service unavailable". */
  error?: { code: number; subcode?: number; message?: string };
  /** Answer with a proxy-style HTML 502 page instead of a ClearML envelope. */
  html502?: boolean;
  /** Close the socket without answering (a connection error for the client). */
  dropConnection?: boolean;
  /** Answer 200/0 OK with exactly this `data` (null included), like a broken server or proxy. */
  successData?: unknown;
  /** Answer 200 with a JSON body of this many bytes, streamed (a runaway response). */
  oversizeBytes?: number;
}

export type FaultAction =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'error'; latencyMs: number; code: number; subcode: number; message: string }
  | { kind: 'html502'; latencyMs: number }
  | { kind: 'drop'; latencyMs: number }
  | { kind: 'data'; latencyMs: number; data: unknown }
  | { kind: 'oversize'; latencyMs: number; bytes: number };

interface ActiveFault { spec: FaultSpec; rng: () => number; remaining: number }

export class FaultInjector {
  private readonly faults = new Map<string, ActiveFault>();
  /** Lifetime of tokens issued from now on (seconds); undefined = the server default (30 days). */
  tokenLifetimeSec: number | undefined;

  constructor(tokenLifetimeSec?: number) {
    this.tokenLifetimeSec = tokenLifetimeSec;
  }

  set(endpoint: string, spec: FaultSpec): void {
    this.faults.set(endpoint, { spec, rng: seededRandom(spec.seed ?? 1), remaining: spec.times ?? Infinity });
  }

  clear(endpoint?: string): void {
    if (endpoint === undefined) this.faults.clear();
    else this.faults.delete(endpoint);
  }

  list(): Record<string, FaultSpec> {
    return Object.fromEntries([...this.faults].map(([k, v]) => [k, v.spec]));
  }

  /** Decides what happens to one call of `endpoint`. */
  decide(endpoint: string): FaultAction {
    const active = this.faults.get(endpoint) ?? this.faults.get('*');
    if (!active || active.remaining <= 0) return { kind: 'none', latencyMs: 0 };
    const { spec } = active;
    const latencyMs = spec.latencyMs ?? 0;
    const replaces = 'successData' in spec || spec.oversizeBytes !== undefined;
    const failing = spec.error || spec.html502 || spec.dropConnection || replaces || spec.failureRate !== undefined;
    if (!failing) {
      active.remaining--;
      return { kind: 'none', latencyMs };
    }
    const rate = spec.failureRate ?? 1;
    if (active.rng() >= rate) return { kind: 'none', latencyMs };
    active.remaining--;
    if (spec.dropConnection) return { kind: 'drop', latencyMs };
    if (spec.html502) return { kind: 'html502', latencyMs };
    if ('successData' in spec) return { kind: 'data', latencyMs, data: spec.successData };
    if (spec.oversizeBytes !== undefined) return { kind: 'oversize', latencyMs, bytes: spec.oversizeBytes };
    const err = spec.error ?? { code: 503, subcode: 0, message: 'Service unavailable' };
    return { kind: 'error', latencyMs, code: err.code, subcode: err.subcode ?? 0, message: err.message ?? 'Injected failure' };
  }
}
