import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import { afterAll, describe, expect, it, vi } from "vitest";

type PoolModule = typeof import("@/lib/auth/password/pool");
const globalForPool = globalThis as unknown as { seedBcryptPool?: { destroy(): Promise<void> } };

/** A fresh copy of the pool module (and its config) under the given environment. */
async function freshPool(env: Record<string, string>): Promise<PoolModule> {
  await globalForPool.seedBcryptPool?.destroy();
  delete globalForPool.seedBcryptPool;
  Object.assign(process.env, env);
  vi.resetModules();
  return import("@/lib/auth/password/pool");
}

/** Nice values of this process's threads, from /proc (Linux keeps one per thread). */
function threadNiceValues(): number[] {
  return readdirSync("/proc/self/task").map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

afterAll(async () => {
  await freshPool({ BCRYPT_THREADS: "", BCRYPT_MAX_QUEUE: "", BCRYPT_THREAD_NICE: "" });
  await globalForPool.seedBcryptPool?.destroy();
  delete globalForPool.seedBcryptPool;
});

describe("the password-hashing worker pool", () => {
  it("hashes and compares in bcryptjs's own format, both ways", async () => {
    const { bcryptHash, bcryptCompare } = await freshPool({ BCRYPT_THREADS: "2" });
    const fromPool = await bcryptHash("some input", 5);
    expect(bcrypt.compareSync("some input", fromPool)).toBe(true);
    expect(bcrypt.getRounds(fromPool)).toBe(5);
    const fromMainThread = bcrypt.hashSync("other input", 5);
    expect(await bcryptCompare("other input", fromMainThread)).toBe(true);
    expect(await bcryptCompare("other inpuT", fromMainThread)).toBe(false);
    expect(await bcryptCompare("other input", "not a bcrypt hash")).toBe(false);
  });

  it("keeps the event loop free while it hashes", async () => {
    const { bcryptHash } = await freshPool({ BCRYPT_THREADS: "1" });
    await bcryptHash("warm the thread up", 4);
    const before = performance.eventLoopUtilization();
    await bcryptHash("a slow hash", 11);
    const offThread = performance.eventLoopUtilization(before).utilization;
    const start = performance.eventLoopUtilization();
    bcrypt.hashSync("the same hash on this thread", 11);
    const onThread = performance.eventLoopUtilization(start).utilization;
    // The loop is busy nearly all the time when bcrypt runs on it, and nearly never otherwise.
    expect(onThread).toBeGreaterThan(0.9);
    expect(offThread).toBeLessThan(0.3);
  });

  it("runs its threads at a lower priority than the event loop", async () => {
    const { bcryptHash, bcryptThreadCount } = await freshPool({ BCRYPT_THREADS: "2", BCRYPT_THREAD_NICE: "7" });
    await Promise.all([bcryptHash("a", 4), bcryptHash("b", 4)]);
    expect(bcryptThreadCount()).toBe(2);
    const nice = threadNiceValues();
    expect(nice.filter((value) => value === 7).length).toBe(2);
    expect(nice.filter((value) => value === 0).length).toBeGreaterThan(0); // the main thread and the rest
  });

  it("refuses work past its queue limit with PasswordHasherBusyError, and recovers", async () => {
    const { bcryptHash, PasswordHasherBusyError } = await freshPool({ BCRYPT_THREADS: "1", BCRYPT_MAX_QUEUE: "2" });
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => bcryptHash(`input ${i}`, 8)));
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(PasswordHasherBusyError);
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(3); // one running, two queued
    expect(bcrypt.compareSync("input 0", await bcryptHash("input 0", 4))).toBe(true);
  });

  it("counts as a temporary outage: the API answers 503, not 500", async () => {
    const { PasswordHasherBusyError } = await freshPool({});
    const { isTemporarilyUnavailable } = await import("@/lib/auth/errors");
    expect(isTemporarilyUnavailable(new PasswordHasherBusyError())).toBe(true);
  });

  it("shares the cores between server processes by default", async () => {
    const { bcryptThreadCount } = await freshPool({ BCRYPT_THREADS: "", SEED_WORKERS: "64" });
    expect(bcryptThreadCount()).toBe(1);
    delete process.env.SEED_WORKERS;
  });
});
