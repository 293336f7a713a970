/**
 * Update scheduling of a live preview. A request while idle renders at once (leading edge), so a single keystroke
 * shows without waiting. Requests that arrive while a render is in flight, or within `intervalMs` of the last
 * render's start, are coalesced into one trailing render, so a sustained burst renders at most every `intervalMs`
 * and always ends with the latest state. At most one render is in flight: when `update` returns a promise (the
 * preview acknowledging the render), the next one starts only after it settles. An update that returns `false`
 * rendered nothing the preview must draw: it does not hold the next request back by the interval.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export class UpdateThrottle {
  private timer: unknown;
  private running = false;
  /** A request arrived while a render was in flight or scheduled. */
  private wanted = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private disposed = false;

  constructor(private readonly update: () => void | false | Promise<unknown>, private readonly intervalMs = 100, private readonly timers: Timers = realTimers) {}

  request(): void {
    if (this.disposed) return;
    if (this.running || this.timer !== undefined) {
      this.wanted = true;
      return;
    }
    const wait = this.lastStart + this.intervalMs - this.timers.now();
    if (wait <= 0) this.run();
    else this.timer = this.timers.setTimeout(() => { this.timer = undefined; this.run(); }, wait);
  }

  /** A render is in flight or scheduled. */
  get pending(): boolean {
    return this.running || this.timer !== undefined;
  }

  private run(): void {
    if (this.disposed) return;
    this.wanted = false;
    this.running = true;
    const previousStart = this.lastStart;
    this.lastStart = this.timers.now();
    let result: void | false | Promise<unknown>;
    try {
      result = this.update();
    } catch (e) {
      this.settle();
      throw e;
    }
    if (result === false) this.lastStart = previousStart;
    if (result instanceof Promise) result.then(() => this.settle(), () => this.settle());
    else this.settle();
  }

  private settle(): void {
    this.running = false;
    if (this.wanted && !this.disposed) {
      this.wanted = false;
      this.request();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
