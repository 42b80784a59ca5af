// Questions on a terminal, one line each, echoed or not (passwords). The terminal is put in raw
// mode for the whole conversation, so a password is never shown, not even typed ahead of its
// prompt.

/** The operator pressed Ctrl-C, or Ctrl-D on an empty line, or the input ended. */
export class Cancelled extends Error {}

export type Prompter = {
  ask(question: string, options?: { hidden?: boolean }): Promise<string>;
  close(): void;
};

const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const ESC = "\u001b";

export function terminalPrompter(input: NodeJS.ReadStream, output: NodeJS.WriteStream): Prompter {
  let buffered = "";
  let ended = false;
  let wake: (() => void) | null = null;
  const onData = (chunk: string) => {
    buffered += chunk;
    wake?.();
  };
  const onEnd = () => {
    ended = true;
    wake?.();
  };
  input.setRawMode(true);
  input.setEncoding("utf8");
  input.on("data", onData).on("end", onEnd).resume();

  async function next(): Promise<string | null> {
    while (buffered === "") {
      if (ended) return null;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    const char = String.fromCodePoint(buffered.codePointAt(0)!);
    buffered = buffered.slice(char.length);
    return char;
  }

  /** Skips the rest of an escape sequence (arrow keys and the like): they are not input. */
  async function skipEscape(): Promise<void> {
    const kind = await next();
    if (kind !== "[" && kind !== "O") return;
    for (let char = await next(); char !== null && !/[@-~]/.test(char); char = await next());
  }

  let afterCarriageReturn = false;

  return {
    async ask(question, { hidden = false } = {}) {
      output.write(question);
      let line = "";
      for (;;) {
        const char = await next();
        const skipNewline = afterCarriageReturn && char === "\n"; // "\r\n" is one Enter
        afterCarriageReturn = char === "\r";
        if (skipNewline) continue;
        if (char === null || char === CTRL_C || (char === CTRL_D && line === "")) {
          output.write("\n");
          throw new Cancelled();
        }
        if (char === "\r" || char === "\n") {
          output.write("\n");
          return line;
        }
        if (char === "\u007f" || char === "\b") {
          if (line === "") continue;
          line = [...line].slice(0, -1).join("");
          if (!hidden) output.write("\b \b");
          continue;
        }
        if (char === ESC) {
          await skipEscape();
          continue;
        }
        if (char < " ") continue; // other control characters
        line += char;
        if (!hidden) output.write(char);
      }
    },
    close() {
      input.off("data", onData).off("end", onEnd);
      input.setRawMode(false);
      input.pause();
    },
  };
}
