import { describe, expect, it } from "vitest";
import { loginPath, pathWithQuery, safeNextPath } from "@/lib/auth/redirect";

describe("safeNextPath", () => {
  it.each(["/profile", "/profile?tab=sessions", "/a/b#c", "/"])("keeps the same-site path %s", (path) => {
    expect(safeNextPath(path)).toBe(path);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/profile",
    "javascript:alert(1)",
    "evil.example",
    "/\u0000/evil",
    "/\t/evil.example",
    "",
    undefined,
    ["/profile"],
    "/" + "a".repeat(3000),
    "/.//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/./\\evil.example",
    "/%09/evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "https://localhost@evil.example",
    "/%E0%A4%A",
  ])("rejects %j", (value) => {
    expect(safeNextPath(value)).toBeNull();
  });

  it("normalises dot segments that stay on this site", () => {
    expect(safeNextPath("/a/../profile")).toBe("/profile");
  });

  it("rebuilds a page's path and query", () => {
    expect(pathWithQuery("/profile", { tab: "x", a: ["1", "2"], none: undefined })).toBe("/profile?tab=x&a=1&a=2");
    expect(pathWithQuery("/profile", {})).toBe("/profile");
  });

  it("builds the login URL with an encoded next", () => {
    expect(loginPath("/profile?x=1&y=2")).toBe("/login?next=%2Fprofile%3Fx%3D1%26y%3D2");
    expect(loginPath("//evil.example")).toBe("/login");
    expect(loginPath()).toBe("/login");
  });
});
