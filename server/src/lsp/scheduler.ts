/**
 * When linting runs: debounced after edits (a newer edit restarts the wait
 * and cancels work in flight), at once on open and save, and never two passes
 * at a time. A pass checks its token between stages and drops its results
 * when an edit came in meanwhile.
 */

export interface CancellationFlag {
  readonly cancelled: boolean;
}

/**
 * The wait after an edit: 150 ms, or `RDSCOPE_DEBOUNCE_MS` from the server's
 * environment (the benchmark sets 0 to time the processing alone).
 */
export const DEBOUNCE_MS = debounceFrom(process.env.RDSCOPE_DEBOUNCE_MS);

export function debounceFrom(value: string | undefined): number {
  const ms = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isInteger(ms) && ms >= 0 && ms <= 60_000 ? ms : 150;
}

export class LintScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private generation = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly pass: (token: CancellationFlag) => Promise<void>, private readonly delayMs = DEBOUNCE_MS) {}

  /** A document changed: lint after the debounce delay; work in flight is stale. */
  edited(): void {
    this.generation++;
    this.arm(this.delayMs);
  }

  /** Something needs linting now (open, save, files or settings changed); work in flight finishes. */
  soon(): void {
    this.arm(0);
  }

  /** The user is editing or a pass is running. */
  get busy(): boolean {
    return this.timer !== undefined || this.running !== undefined;
  }

  /** Resolves once nothing is scheduled or running. */
  idle(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.generation++;
  }

  private arm(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.fire();
    }, delay);
  }

  private fire(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    const generation = this.generation;
    const scheduler = this;
    const token: CancellationFlag = { get cancelled() { return scheduler.generation !== generation; } };
    this.running = this.pass(token)
      .catch(() => { /* the pass logs its own failures */ })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.fire();
        } else if (!this.timer) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const w of waiters) w();
        }
      });
  }
}
