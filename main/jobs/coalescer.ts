/**
 * Passes on the newest of a stream of values at most once per interval: the value pushed last
 * is always passed on, at the latest one interval after it came or at `flush()`. Progress goes
 * through one of these on each side of the process boundary (engine messages, SQLite writes).
 */
export class Coalescer<T> {
  private pending: { value: T } | undefined;
  private last = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly deliver: (value: T) => void,
  ) {}

  /** Queues `value` in place of any not yet delivered; `now` delivers it at once. */
  push(value: T, now = false): void {
    this.pending = { value };
    const wait = this.last + this.intervalMs - performance.now();
    if (now || wait <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), wait);
  }

  /** Delivers the pending value now, if there is one. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    this.last = performance.now();
    this.deliver(pending.value);
  }
}
