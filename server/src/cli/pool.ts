/** A fixed set of lint workers; one request at a time per worker, answered by id. */
import type * as WorkerThreads from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerData } from './protocol';

type Request = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

export class WorkerPool {
  private readonly workers: WorkerThreads.Worker[] = [];
  private readonly pending = new Map<number, { worker: number; resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;

  constructor(size: number, script: string, data: WorkerData) {
    // Required here, not imported: loading node:worker_threads costs every CLI start ~2 ms, and a one-job lint starts no worker.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script, { workerData: data });
      worker.on('message', (m: FromWorker) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.type === 'failed') {
          const error = new Error(`a lint worker failed: ${m.error}`);
          if (m.stack) error.stack = `${error.message}\n(in the worker) ${m.stack}`;
          p.reject(error);
        }
        else p.resolve(m);
      });
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const [id, p] of this.pending) {
          if (p.worker !== i) continue;
          this.pending.delete(id);
          p.reject(error);
        }
      };
      worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
      worker.on('exit', (code) => { if (code !== 0) fail(new Error(`a lint worker stopped (exit code ${code})`)); });
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  request<T extends FromWorker['type']>(worker: number, message: Request): Promise<Extract<FromWorker, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker, resolve: resolve as (m: FromWorker) => void, reject });
      this.workers[worker].postMessage({ ...message, id } as ToWorker);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
