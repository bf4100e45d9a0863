/**
 * A value that tells its listeners when it changes: the shape React's useSyncExternalStore
 * reads (`getSnapshot` returns the same object until the next change). State that lives
 * outside React (the editor core, the job board) builds on it, so it can be tested without React.
 */
export class Observable<T> {
  private readonly listeners = new Set<() => void>();

  constructor(private value: T) {}

  /** The current value; the same object until `set` is called. */
  readonly get = (): T => this.value;

  /** Subscribes to changes; returns the unsubscribe. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Replaces the value and notifies every listener. */
  protected set(value: T): void {
    this.value = value;
    for (const listener of [...this.listeners]) listener();
  }
}

/** An Observable anyone may set: for small shared UI state (the playhead, the selection). */
export class Cell<T> extends Observable<T> {
  override set(value: T): void {
    if (!Object.is(value, this.get())) super.set(value);
  }
}
