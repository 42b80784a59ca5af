import "server-only";
import { cacheSignal } from "react";

/**
 * Lets a finished page render be collected. When React's server renderer completes, it aborts its
 * cache signal with an Error whose stack is captured but never read; V8 keeps an unread stack as
 * call sites holding their receivers, among them the Immediate that ran the render, and Node's
 * finished Immediates still link to the next ones in their queue, which hold later requests'
 * stores. Under steady load every rendered page kept the next one alive: 1,400 finished `/profile`
 * renders (70 MB) were still reachable after a full collection (docs/PERFORMANCE.md). Replacing
 * the stack drops the call sites; reading it would too, but formatting it cost ~25 µs a page.
 * Upstream: react#37289, next.js#84648.
 */
export function releaseRenderWhenDone(): void {
  const signal = cacheSignal();
  if (!signal || signal.aborted) return;
  signal.addEventListener("abort", () => dropStack(signal.reason), { once: true });
}

/** Replaces an Error's captured call sites with its first line ("Error: message"). */
export function dropStack(reason: unknown): void {
  if (!(reason instanceof Error)) return;
  try {
    reason.stack = `${reason.name}: ${reason.message}`;
  } catch {
    // A frozen or exotic error keeps its stack; nothing else depends on this.
  }
}
