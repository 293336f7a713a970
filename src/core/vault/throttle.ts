/**
 * Update scheduling of the built-in Markdown preview: the first update runs at once (timer 0), later ones at most
 * every `delayMs` (one pending timer; requests while it is pending are absorbed). The renderer itself skips
 * document versions it has already rendered.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class UpdateThrottle {
  private timer: unknown;
  private first = true;
  private disposed = false;

  constructor(private readonly update: () => void, private readonly delayMs = 300, private readonly timers: Timers = realTimers) {}

  request(): void {
    if (this.disposed || this.timer !== undefined) return;
    const delay = this.first ? 0 : this.delayMs;
    this.first = false;
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (!this.disposed) this.update();
    }, delay);
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
