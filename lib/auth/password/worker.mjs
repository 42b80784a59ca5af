// Runs inside the password-hashing worker threads (lib/auth/password/pool.ts), outside Next's
// bundle: plain JavaScript loaded by piscina from disk. bcrypt is pure CPU work, so it runs here
// synchronously and never holds a server's event loop.
import { setPriority } from "node:os";
import { workerData } from "node:worker_threads";
import bcrypt from "bcryptjs";

// On Linux the nice value is per thread: a positive one lets the event loops (page and API
// requests) run first when both want the CPU, so a burst of logins slows logins, not reads.
if (workerData?.nice > 0) {
  try {
    setPriority(0, workerData.nice);
  } catch {
    // Not permitted here: the thread keeps the process's priority.
  }
}

/** @param {{ input: string, cost: number }} task */
export function hash({ input, cost }) {
  return bcrypt.hashSync(input, cost);
}

/**
 * Whether the input matches (false for a malformed hash too), and the work done: 2^cost per hash
 * computed, which the pool adds up for the tests that compare login paths. `repeat` computes the
 * same hash that many times, whatever the outcome, so that a cheap hash costs what a dearer one does.
 * @param {{ input: string, hash: string, repeat?: number }} task
 */
export function compare({ input, hash, repeat = 1 }) {
  let match = false;
  let work = 0;
  try {
    const cost = 2 ** bcrypt.getRounds(hash);
    for (let i = 0; i < repeat; i++) {
      match = bcrypt.compareSync(input, hash);
      work += cost;
    }
  } catch {
    return { match: false, work };
  }
  return { match, work };
}
