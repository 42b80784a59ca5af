import { readFileSync } from "node:fs";

// Resident memory of the server's processes over a run, and its trend.

export type Sample = { atMs: number; rssMb: number };

/** VmRSS of a process in MB, or null once it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB$/m);
    return line ? Number(line[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Least-squares slope of RSS over time, in MB per minute. */
export function slopeMbPerMinute(samples: Sample[]): number {
  const n = samples.length;
  if (n < 2) return Number.NaN;
  const meanX = samples.reduce((sum, s) => sum + s.atMs, 0) / n;
  const meanY = samples.reduce((sum, s) => sum + s.rssMb, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const s of samples) {
    covariance += (s.atMs - meanX) * (s.rssMb - meanY);
    variance += (s.atMs - meanX) ** 2;
  }
  return (covariance / variance) * 60_000;
}

/** The worker processes an `npm start` server announced in its log ("worker N pid P"). */
export function workerPids(logs: string): Map<number, number> {
  const pids = new Map<number, number>();
  for (const match of logs.matchAll(/worker (\d+) pid (\d+)\)/g)) pids.set(Number(match[1]), Number(match[2]));
  return pids;
}
