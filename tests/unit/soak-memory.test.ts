import { describe, expect, it } from "vitest";
import { rssMb, slopeMbPerMinute, workerPids } from "../../stress/memory";
import { nodeIsSupported } from "../../scripts/bundled-node.mjs";

describe("the soak test's memory trend", () => {
  it("is the least-squares slope in MB per minute", () => {
    const rising = Array.from({ length: 30 }, (_, i) => ({ atMs: i * 2_000, rssMb: 200 + i * 0.1 }));
    expect(slopeMbPerMinute(rising)).toBeCloseTo(3, 6);
    // A collector's sawtooth around a level is flat, however high its teeth.
    const sawtooth = Array.from({ length: 300 }, (_, i) => ({ atMs: i * 2_000, rssMb: 200 + (i % 5) * 10 }));
    expect(Math.abs(slopeMbPerMinute(sawtooth))).toBeLessThan(0.1);
    expect(
      slopeMbPerMinute([
        { atMs: 0, rssMb: 1 },
        { atMs: 60_000, rssMb: 1 },
      ]),
    ).toBe(0);
    expect(slopeMbPerMinute([{ atMs: 0, rssMb: 1 }])).toBeNaN();
  });

  it("reads this process's RSS and none of a process that is gone", () => {
    expect(rssMb(process.pid)).toBeGreaterThan(10);
    expect(rssMb(2 ** 22 + 1)).toBeNull();
  });

  it("finds each worker's pid in the server's log, the last one per worker", () => {
    const log =
      "seed: listening on http://localhost:1 (production, trusted proxy hops: 0, worker 2 pid 11)\n" +
      "seed: listening on http://localhost:1 (production, trusted proxy hops: 0, worker 1 pid 10)\n";
    expect(workerPids(log)).toEqual(
      new Map([
        [2, 11],
        [1, 10],
      ]),
    );
  });
});

describe("the bundled Node", () => {
  it("is used below Node 22 only", () => {
    expect(nodeIsSupported("20.20.2")).toBe(false);
    expect(nodeIsSupported("22.0.0")).toBe(true);
    expect(nodeIsSupported("26.1.0")).toBe(true);
    expect(nodeIsSupported(process.versions.node)).toBe(true);
  });
});
