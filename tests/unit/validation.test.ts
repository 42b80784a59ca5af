import { describe, expect, it } from "vitest";
import { fieldErrors, loginSchema, signupSchema } from "@/lib/auth/validation";

describe("input validation", () => {
  it("accepts a normal signup and trims the username", () => {
    expect(signupSchema.parse({ username: " alice ", password: "a-good-long-password" })).toEqual({
      username: "alice",
      password: "a-good-long-password",
    });
  });

  it.each([
    [{ username: "", password: "a-good-long-password" }, "username"],
    [{ username: "al ice", password: "a-good-long-password" }, "username"],
    [{ username: "аlice", password: "a-good-long-password" }, "username"], // Cyrillic а
    [{ username: "a".repeat(151), password: "a-good-long-password" }, "username"],
    [{ username: ["alice"], password: "a-good-long-password" }, "username"],
    [{ username: "alice", password: "short" }, "password"],
    [{ username: "alice", password: "x".repeat(1001) }, "password"],
    [{ username: "alice", password: { $ne: "" } }, "password"],
    [{ username: "alice" }, "password"],
  ])("rejects %j with an error on %s", (input, field) => {
    const result = signupSchema.safeParse(input);
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error)[field]?.[0]).toMatch(/\w/);
  });

  it("reads Remember me from a checkbox or JSON", () => {
    const base = { username: "alice", password: "pw" };
    expect(loginSchema.parse({ ...base, remember: "on" }).remember).toBe(true);
    expect(loginSchema.parse({ ...base, remember: true }).remember).toBe(true);
    expect(loginSchema.parse(base).remember).toBe(false);
    expect(loginSchema.parse({ ...base, remember: "no" }).remember).toBe(false);
  });
});

describe("usernames: one name whatever its case or width, and no look-alikes", () => {
  it("folds compatibility forms with NFKC and keeps the case as typed", () => {
    expect(signupSchema.parse({ username: "ＡＬＩＣＥ", password: "correct horse battery staple" }).username).toBe("ALICE");
  });

  it.each(["аlice", "alicе", "ｐаypal", "al\u200bice", "bob\u0000"])("refuses the look-alike %j", (name) => {
    const result = signupSchema.safeParse({ username: name, password: "correct horse battery staple" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["username"]);
  });
});
