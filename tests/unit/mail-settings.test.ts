import { resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { appUrlFor, mailSettingsFrom } from "@/lib/mail/settings";
import { mailSettingsProblem, NO_SMTP_URL } from "@/lib/mail/settings-rules.mjs";
import { composeMail } from "@/lib/mail/templates";
import { maskRecipients } from "@/lib/mail/send";

// The settings are read from an environment object; the module-level ones from process.env when
// lib/mail loads, which the last tests redo with vi.resetModules().

const PRODUCTION = { NODE_ENV: "production", APP_ORIGIN: "https://seed.example", EMAIL_FROM: "Seed <no-reply@seed.example>" };

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("mail settings", () => {
  it("chooses smtp when SMTP_URL is set, else console outside production", () => {
    expect(mailSettingsFrom({ SMTP_URL: "smtp://u:p@mail.example:587" })).toMatchObject({ backend: "smtp", smtpUrl: "smtp://u:p@mail.example:587" });
    expect(mailSettingsFrom({})).toMatchObject({
      backend: "console",
      smtpUrl: null,
      appName: "Seed",
      from: "Seed <no-reply@localhost>",
      origin: "http://localhost:3000",
      outboxDir: resolve(".outbox"),
    });
    expect(mailSettingsFrom({ PORT: "4000", APP_NAME: "Acme", MAIL_OUTBOX_DIR: "/tmp/box" })).toMatchObject({
      origin: "http://localhost:4000",
      from: "Acme <no-reply@localhost>",
      outboxDir: "/tmp/box",
    });
  });

  it("refuses production without SMTP_URL, unless mail is disabled or explicitly printed", () => {
    expect(() => mailSettingsFrom({ ...PRODUCTION })).toThrow(NO_SMTP_URL);
    expect(() => mailSettingsFrom({ ...PRODUCTION, EMAIL_BACKEND: "smtp" })).toThrow(NO_SMTP_URL);
    expect(mailSettingsFrom({ NODE_ENV: "production", EMAIL_BACKEND: "disabled" }).backend).toBe("disabled");
    expect(mailSettingsFrom({ ...PRODUCTION, EMAIL_BACKEND: "console" }).backend).toBe("console");
    expect(mailSettingsFrom({ ...PRODUCTION, SMTP_URL: "smtps://u:p@mail.example" }).backend).toBe("smtp");
  });

  it("needs an absolute APP_ORIGIN and EMAIL_FROM in production when mail is on", () => {
    const smtp = { NODE_ENV: "production", SMTP_URL: "smtp://mail.example:25" };
    expect(mailSettingsProblem({ ...smtp, EMAIL_FROM: "a@b.example" })).toMatch(/^APP_ORIGIN is not set/);
    expect(mailSettingsProblem({ ...smtp, APP_ORIGIN: "https://seed.example" })).toMatch(/^EMAIL_FROM is not set/);
    expect(mailSettingsProblem({ ...PRODUCTION, ...smtp, APP_ORIGIN: "seed.example" })).toMatch(/^APP_ORIGIN must be an origin/);
    expect(mailSettingsProblem({ ...PRODUCTION, ...smtp, APP_ORIGIN: "https://seed.example/app" })).toMatch(/^APP_ORIGIN must be an origin/);
    expect(mailSettingsProblem({ ...PRODUCTION, ...smtp, APP_ORIGIN: "ftp://seed.example" })).toMatch(/^APP_ORIGIN must be an origin/);
    expect(mailSettingsFrom({ ...PRODUCTION, ...smtp, APP_ORIGIN: "https://seed.example/" }).origin).toBe("https://seed.example");
  });

  it("says what is wrong with a value that does not parse", () => {
    expect(mailSettingsProblem({ EMAIL_BACKEND: "sendmail" })).toBe("EMAIL_BACKEND must be smtp, console or disabled");
    expect(mailSettingsProblem({ SMTP_URL: "mail.example:587" })).toMatch(/^SMTP_URL must be smtp:\/\//);
    expect(mailSettingsProblem({ SMTP_URL: "http://mail.example" })).toMatch(/^SMTP_URL must be/);
    expect(mailSettingsProblem({ EMAIL_FROM: "nobody" })).toMatch(/^EMAIL_FROM must be an address/);
    expect(mailSettingsProblem({ EMAIL_FROM: "Seed <a@b.example>\r\nBcc: x@y.example" })).toMatch(/^EMAIL_FROM must be/);
    expect(mailSettingsProblem({ EMAIL_FROM: "Seed <no-reply@seed.example>", EMAIL_BACKEND: "" })).toBeNull();
  });

  it("builds links from APP_ORIGIN only, and only from a path", () => {
    expect(appUrlFor("https://seed.example", "/password-reset/abc?x=1")).toBe("https://seed.example/password-reset/abc?x=1");
    expect(() => appUrlFor("https://seed.example", "//evil.example/x")).toThrow(/single "\/"/);
    expect(() => appUrlFor("https://seed.example", "https://evil.example/x")).toThrow();
    expect(() => appUrlFor("https://seed.example", "/\\evil.example")).toThrow();
  });
});

describe("the settings of the process", () => {
  it("appUrl ignores everything but APP_ORIGIN", async () => {
    vi.stubEnv("APP_ORIGIN", "https://seed.example");
    vi.stubEnv("PORT", "4321");
    vi.stubEnv("HOST", "evil.example");
    vi.stubEnv("VERCEL_URL", "evil.example");
    const { appUrl, mailSettings } = await import("@/lib/mail");
    expect(appUrl("/verify-email/t")).toBe("https://seed.example/verify-email/t");
    expect(mailSettings.origin).toBe("https://seed.example");
  });

  it("checkMailSettings refuses production without SMTP_URL and accepts EMAIL_BACKEND=disabled", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("SMTP_URL", "");
    vi.stubEnv("APP_ORIGIN", "https://seed.example");
    const refused = await import("@/lib/mail");
    expect(() => refused.checkMailSettings()).toThrow(NO_SMTP_URL);
    // Until then nothing is sent: the refused settings fall back to no mail at all.
    expect(refused.mailSettings.backend).toBe("disabled");
    expect(await refused.sendMail({ to: "a@b.example", subject: "s", text: "t", html: "h" })).toBe(false);

    vi.resetModules();
    vi.stubEnv("EMAIL_BACKEND", "disabled");
    const disabled = await import("@/lib/mail");
    expect(() => disabled.checkMailSettings()).not.toThrow();
    expect(Object.keys(disabled.mailSettings).sort()).toEqual(["appName", "backend", "from", "origin"]);
  });
});

describe("messages", () => {
  it("escapes every value in the HTML part and keeps the link whole in the text part", () => {
    const url = "https://seed.example/password-reset/" + "a".repeat(120) + "?n=1&m=2";
    const mail = composeMail(
      {
        to: "a@b.example",
        subject: "Hi <b>",
        greeting: "Hello <script>,",
        paragraphs: ["one & two", 'say "hi"'],
        action: { label: "Go >", url },
        footer: "why",
      },
      "Seed's",
    );
    expect(mail.text).toBe(`Hello <script>,\n\none & two\n\nsay "hi"\n\nGo >:\n${url}\n\nwhy\n\n— Seed's\n`);
    expect(mail.html).toContain("<title>Hi &lt;b&gt;</title>");
    expect(mail.html).toContain("Hello &lt;script&gt;,");
    expect(mail.html).toContain("one &amp; two");
    expect(mail.html).toContain(`href="${url.replace("&", "&amp;")}"`);
    expect(mail.html).toContain("— Seed&#39;s");
    expect(mail.html).not.toContain("<script>");
    expect(() => composeMail({ to: "a@b.example", subject: "s", paragraphs: [], action: { label: "x", url: "javascript:alert(1)" } })).toThrow();
  });

  it("masks recipients for the logs", () => {
    expect(maskRecipients("alice@example.com, Bob <bob@example.org>")).toBe("a***@example.com, b***@example.org");
    expect(maskRecipients("nonsense")).toBe("***");
  });
});
