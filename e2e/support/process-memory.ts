import { readdirSync, readFileSync, writeFileSync } from "node:fs";

// The memory of an app instance's server processes, from Linux's /proc: the resident set now and
// its peak since a reset, so a test can see what one request cost a process at its worst.

/** Pids in a process group (an instance's start script leads its own) whose command line contains `match`. */
export function processesInGroup(group: number, match: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name, which sits in parentheses and may contain spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== group) continue;
      if (
        readFileSync(`/proc/${entry}/cmdline`, "utf8")
          .split("\0")
          .some((arg) => arg.includes(match))
      )
        pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`no ${field} for pid ${pid}`);
  return Number(match[1]);
}

/** Resident memory now, in MiB. */
export function rssMb(pid: number): number {
  return statusKb(pid, "VmRSS") / 1024;
}

/** Starts a new peak: VmHWM becomes the current resident size (writing 5 to clear_refs, Linux 4.0+). */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

/** The highest resident size since the last reset, in MiB. */
export function peakRssMb(pid: number): number {
  return statusKb(pid, "VmHWM") / 1024;
}
