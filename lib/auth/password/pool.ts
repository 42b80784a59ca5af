import "server-only";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Piscina } from "piscina";
import { authConfig } from "../config";

// bcrypt costs a quarter of a second of CPU at cost 12. On the event loop that would stall every
// other request of the process for as long; here it runs in a small pool of worker threads.

/** The pool's queue is full: the server is busy hashing, and the caller should try again soon. */
export class PasswordHasherBusyError extends Error {
  override name = "PasswordHasherBusyError";
  constructor() {
    super("too many password checks are waiting; try again");
  }
}

/** Threads per process: BCRYPT_THREADS, or the cores shared by scripts/server.mjs's processes. */
export function bcryptThreadCount(): number {
  if (authConfig.bcryptThreads > 0) return authConfig.bcryptThreads;
  const processes = Number(process.env.SEED_WORKERS) || 1;
  return Math.max(1, Math.floor(availableParallelism() / processes));
}

// One pool per process, kept across development reloads.
const globalForPool = globalThis as unknown as { seedBcryptPool?: Piscina };

function pool(): Piscina {
  if (globalForPool.seedBcryptPool) return globalForPool.seedBcryptPool;
  const threads = bcryptThreadCount();
  globalForPool.seedBcryptPool = new Piscina({
    // Loaded from disk by the worker threads, so it stays out of the bundle (next.config.js).
    filename: join(/* turbopackIgnore: true */ process.cwd(), "lib", "auth", "password", "worker.mjs"),
    minThreads: threads,
    maxThreads: threads,
    maxQueue: authConfig.bcryptMaxQueue,
    idleTimeout: 60_000,
    workerData: { nice: authConfig.bcryptThreadNice },
  });
  return globalForPool.seedBcryptPool;
}

async function run<T>(name: "hash" | "compare", task: object): Promise<T> {
  const workers = pool();
  if (workers.queueSize >= authConfig.bcryptMaxQueue) throw new PasswordHasherBusyError();
  try {
    return await workers.run(task, { name });
  } catch (error) {
    // piscina's own "queue is at limit" (a race with the check above).
    if (error instanceof Error && /queue is at limit/i.test(error.message)) throw new PasswordHasherBusyError();
    throw error;
  }
}

// The bcrypt work done by this process's pool: the sum of 2^cost over every hash computed.
let workDone = 0;

/** For tests: how much bcrypt work the pool has done so far (the same count whatever the machine's speed). */
export function bcryptWorkDone(): number {
  return workDone;
}

export async function bcryptHash(input: string, cost: number): Promise<string> {
  const hash = await run<string>("hash", { input, cost });
  workDone += 2 ** cost;
  return hash;
}

/** False for a mismatch and for a malformed hash. `repeat`: compute it that many times (the same answer), in one task. */
export async function bcryptCompare(input: string, hash: string, repeat = 1): Promise<boolean> {
  const { match, work } = await run<{ match: boolean; work: number }>("compare", { input, hash, repeat });
  workDone += work;
  return match;
}
