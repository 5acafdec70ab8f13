// The queue pushes wait in: at most `concurrency` run at once, each within
// `timeoutMs`, and at most `maxQueued` wait. Its bounds are what keep a slow
// or dead push service from costing more than a few sockets and a bounded
// amount of memory, however many pushes the routes ask for.
//
// A job gets an AbortSignal that fires at its timeout (or at shutdown) and
// must give up when it does; its slot is freed at that moment even if it
// does not. A job handles its own outcome (counting, logging); an error it
// lets escape is a bug, reported through `onError` rather than thrown into
// whoever queued it.

export type Job = (signal: AbortSignal) => Promise<void>;

export interface DeliveryOptions {
  concurrency: number;
  maxQueued: number;
  timeoutMs: number;
  onError(err: unknown): void;
}

export class DeliveryQueue {
  private readonly waiting: Job[] = [];
  private readonly running = new Set<AbortController>();
  private idle: Array<() => void> = [];
  private closed = false;

  constructor(private readonly opts: DeliveryOptions) {}

  /** Queues `job`; false when the queue is full or closed, and the job will not run. */
  offer(job: Job): boolean {
    if (this.closed || this.waiting.length >= this.opts.maxQueued) return false;
    this.waiting.push(job);
    this.pump();
    return true;
  }

  get pending(): number {
    return this.waiting.length + this.running.size;
  }

  /** Resolves once nothing waits or runs. */
  drain(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /**
   * Takes no more jobs and waits up to `graceMs` for the rest; then aborts
   * what runs and drops what waits. Returns how many were abandoned.
   */
  async close(graceMs: number): Promise<number> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.drain(), graceOver]);
    clearTimeout(timer);
    const abandoned = this.pending;
    this.waiting.length = 0;
    for (const controller of this.running) controller.abort(new Error('push service shutdown'));
    await this.drain();
    return abandoned;
  }

  private pump(): void {
    while (this.running.size < this.opts.concurrency) {
      const job = this.waiting.shift();
      if (job === undefined) break;
      void this.run(job);
    }
    if (this.pending === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private async run(job: Job): Promise<void> {
    const controller = new AbortController();
    this.running.add(controller);
    const timer = setTimeout(
      () => controller.abort(new Error(`push timed out after ${this.opts.timeoutMs} ms`)),
      this.opts.timeoutMs,
    );
    const aborted = new Promise<void>((resolve) =>
      controller.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    // Caught here, not in a try around the race: a job that rejects after
    // its slot was freed must not become an unhandled rejection.
    const work = Promise.resolve()
      .then(() => job(controller.signal))
      .catch((err: unknown) => this.opts.onError(err));
    try {
      await Promise.race([work, aborted]);
    } finally {
      clearTimeout(timer);
      this.running.delete(controller);
      this.pump();
    }
  }
}
