// Node and glibc settings for production server processes; used by scripts/start.mjs and bench/profile.mjs.

/**
 * Memory of each server process (docs/PERFORMANCE.md). V8 sizes its heap from the machine's RAM:
 * with 24 GB it lets old space grow to four times what is live before a full collection, and a
 * worker under `npm run bench`'s mixed load reached 550–600 MB. Here a full collection runs once
 * old space is 1.4 times what is live, and each young-generation semi-space is 8 MB instead of
 * 16: a worker stays near 250–280 MB, for a few percent more CPU in the collector.
 * SERVER_HEAP_MB (512) is only the ceiling; a hard cap low enough to matter (192 MB) made
 * full collections so frequent that pages lost 15–20 %. glibc gives each busy thread its own
 * malloc arena; two are enough here. NODE_OPTIONS and MALLOC_ARENA_MAX override these.
 */
export function memoryLimits(env = process.env) {
  const heapMb = env.SERVER_HEAP_MB || "512";
  if (!/^[1-9]\d{1,5}$/.test(heapMb)) throw new Error(`SERVER_HEAP_MB must be a number of megabytes (got "${heapMb}")`);
  const given = env.NODE_OPTIONS ?? "";
  const flags = [
    ...(given.includes("--max-old-space-size") ? [] : [`--max-old-space-size=${heapMb}`]),
    ...(given.includes("--max-semi-space-size") ? [] : [`--max-semi-space-size=${setting(env, "SERVER_SEMI_SPACE_MB", "8")}`]),
    // Not allowed in NODE_OPTIONS, so it has a setting of its own.
    `--heap-growing-percent=${setting(env, "SERVER_HEAP_GROWING_PERCENT", "40")}`,
  ];
  return { flags, env: { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || "2" } };
}

function setting(env, name, fallback) {
  const value = env[name] || fallback;
  if (!/^[1-9]\d{0,2}$/.test(value)) throw new Error(`${name} must be a whole number from 1 to 999 (got "${value}")`);
  return value;
}
