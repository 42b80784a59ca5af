import { describe, expect, it } from "vitest";
import { authConfig } from "@/lib/auth/config";
import { passwordProblems } from "@/lib/auth/password/policy";
import { signupSchema } from "@/lib/auth/validation";

describe("password policy (NIST SP 800-63B)", () => {
  it("accepts a long random password, any Unicode, no composition rules", () => {
    expect(passwordProblems("correct horse battery staple", "alice")).toEqual([]);
    expect(passwordProblems("пароль-из-кириллицы-длинный", "alice")).toEqual([]);
    expect(passwordProblems("🔐🔐 emoji are characters too", "alice")).toEqual([]);
    const long = "The quick brown fox jumps over the lazy dog; 7 wizards quiz jaded brown fox kings, then 42 jump.";
    expect(passwordProblems(long, "alice")).toEqual([]);
  });

  it("counts characters, not bytes or UTF-16 units, after NFKC", () => {
    const min = authConfig.passwordMinLength;
    const emoji = [..."🔐🍎🚲🎹🦊🌵🧭🪁🎲🧩🛶🪐🎯🥨🦉🪴"]; // each one code point, two UTF-16 units
    expect(passwordProblems(emoji.slice(0, min - 1).join(""), "alice")[0]).toBe(`Use at least ${min} characters (this one has ${min - 1}).`);
    expect(passwordProblems(emoji.slice(0, min).join(""), "alice")).toEqual([]);
    // NFKC folds the ligature "ﬃ" into "ffi": one character typed, three counted.
    const short = "zq7ﬃ" + emoji.slice(0, min - 6).join(""); // min - 2 typed
    expect(passwordProblems(short, "alice")).toEqual([]);
  });

  it("refuses short passwords with the reason", () => {
    expect(passwordProblems("short", "alice")).toEqual([`Use at least ${authConfig.passwordMinLength} characters (this one has 5).`]);
  });

  it("refuses common passwords, whatever their case", () => {
    for (const pw of ["password1234", "qwertyuiop123", "Password1234", "123456789012"]) {
      expect(passwordProblems(pw, "alice")).toContain("This password is on a list of commonly used passwords. Choose another.");
    }
  });

  it("refuses passwords too close to the username", () => {
    const problem = "This password is too similar to the username.";
    expect(passwordProblems("alice.smith.2024", "alice.smith")).toContain(problem);
    expect(passwordProblems("my-name-is-ALICE!", "alice")).toContain(problem);
    expect(passwordProblems("jonathanwilkins", "jonathan_wilkinz")).toContain(problem);
    expect(passwordProblems("correct horse battery staple", "alice")).not.toContain(problem);
  });

  it("reports policy problems per field through the signup schema", () => {
    const result = signupSchema.safeParse({ username: "alice", password: "alice-password" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.every((issue) => issue.path[0] === "password")).toBe(true);
  });
});

describe("password policy: guessable patterns", () => {
  it.each([
    ["aaaaaaaaaaaaaa", "Repeated characters"],
    ["abcdefghijklmn", "Sequences"],
    ["seedseedseedseed", ""],
    ["qwertyuiopasdf", ""],
    ["1234567890123", ""],
  ])("refuses %s as too easy to guess", (password, reason) => {
    const problems = passwordProblems(password, "someone");
    expect(problems.join(" ")).toMatch(/too easy to guess|commonly used/);
    expect(problems.join(" ")).toContain(reason);
  });
});
