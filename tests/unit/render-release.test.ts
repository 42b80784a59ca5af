import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { dropStack } from "@/lib/render-release";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** An Error thrown from a method of a large object, as React's abort reason is created mid-render. */
function errorWithReceiver(): { error: Error; receiver: WeakRef<object> } {
  class Render {
    buffer = new Array(10_000).fill(0);
    finish() {
      return new Error("This render completed successfully");
    }
  }
  const render = new Render();
  return { error: render.finish(), receiver: new WeakRef(render) };
}

async function collected(receiver: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  }
  return receiver.deref() === undefined;
}

describe("dropStack (lib/render-release.ts)", () => {
  it("an Error whose stack is never read keeps its call sites' receivers alive", async () => {
    const { error, receiver } = errorWithReceiver();
    expect(await collected(receiver)).toBe(false);
    expect(error).toBeInstanceOf(Error); // still referenced
  });

  it("after dropStack the receiver is collected, and the stack keeps the message", async () => {
    const { error, receiver } = errorWithReceiver();
    dropStack(error);
    expect(await collected(receiver)).toBe(true);
    expect(error.stack).toBe("Error: This render completed successfully");
  });

  it("leaves anything that is not an Error alone", () => {
    const reason = { stack: "kept" };
    dropStack(reason);
    dropStack(undefined);
    expect(reason.stack).toBe("kept");
  });
});
