import { readFileSync } from "node:fs";
import { join } from "node:path";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";
import { describe, expect, it } from "vitest";
import { authConfig } from "@/lib/auth/config";
import { passwordProblems } from "@/lib/auth/password/policy";
import { createPasswordRules } from "@/lib/auth/password/rules";

// The strength meter (browser) and the server share lib/auth/password/rules.ts; these tests pin
// that the module stays importable in a browser and gives the server's verdict.

describe("isomorphic password rules", () => {
  const rules = createPasswordRules({ minLength: authConfig.passwordMinLength, dictionary, graphs: adjacencyGraphs });
  const samples = [
    "short",
    "correct horse battery staple",
    "aaaaaaaaaaaaaaaa",
    "1qaz2wsx3edc4rfv",
    "alice-in-wonderland",
    "password12345",
    "qwertyuiopasdf",
    "Tr0ub4dour&3-horse",
    "🔐🍎🚲🎹🦊🌵🧭🪁🎲🧩🛶🪐",
  ];

  it("gives exactly the server's reasons", () => {
    for (const password of samples) {
      for (const username of ["alice", "margaret.hamilton", "x"]) {
        expect(rules.evaluate(password, username).problems, `${password} / ${username}`).toEqual(passwordProblems(password, username));
      }
    }
  });

  it("scores acceptable passwords 3 or 4 and refused ones 0–2", () => {
    for (const password of samples) {
      const { problems, score } = rules.evaluate(password, "alice");
      if (problems.length === 0) expect(score).toBeGreaterThanOrEqual(3);
      else expect(score).toBeLessThanOrEqual(2);
    }
  });

  it("imports nothing server-only, reads no environment and no dictionary by itself", () => {
    const source = readFileSync(join(import.meta.dirname, "../../lib/auth/password/rules.ts"), "utf8");
    const imports = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(imports.sort()).toEqual(["@zxcvbn-ts/core", "fastest-levenshtein"]);
    expect(source).not.toMatch(/process\.env|server-only/);
  });
});
