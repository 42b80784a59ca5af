// Node and glibc settings for production server processes; used by scripts/start.mjs and bench/profile.mjs.

/**
 * Memory of each server process (docs/PERFORMANCE.md). V8 sizes its heap from the machine's RAM:
 * with 24 GB it lets old space grow to four times what is live before a full collection, and a
 * worker serving pages sat at 450–600 MB. Here a full collection runs once old space is 1.7 times
 * what is live (about 115 MB for 70 MB live): a worker stays near 300 MB with no measurable loss
 * of throughput, where a hard 192 MB cap cost 15–20 % on pages. SERVER_HEAP_MB (512) is only the
 * ceiling. glibc gives each busy thread its own malloc arena; two are enough here.
 * NODE_OPTIONS and MALLOC_ARENA_MAX override these.
 */
export function memoryLimits(env = process.env) {
  const heapMb = env.SERVER_HEAP_MB || "512";
  if (!/^[1-9]\d{1,5}$/.test(heapMb)) throw new Error(`SERVER_HEAP_MB must be a number of megabytes (got "${heapMb}")`);
  const given = env.NODE_OPTIONS ?? "";
  const flags = [
    ...(given.includes("--max-old-space-size") ? [] : [`--max-old-space-size=${heapMb}`]),
    "--heap-growing-percent=70",
  ];
  return { flags, env: { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || "2" } };
}
