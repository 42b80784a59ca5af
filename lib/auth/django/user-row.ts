// A row of a Django project's auth_user, read from SQLite (0/1 flags, datetimes as text) or
// PostgreSQL (booleans, timestamptz), turned into what this app stores. Pure: no database here.
import { z } from "zod";
import { hashWeakness, parseHash } from "../password/formats";
import { optionalEmail, usernameSchema } from "../validation";

const flag = z.union([z.boolean(), z.number().int().min(0).max(1), z.bigint()]).transform((v) => Number(v) === 1 || v === true);

// Django writes "2026-12-02 02:13:43.123456" to SQLite, in UTC when USE_TZ is on (the default
// since 1.4, and in every startproject); a naive value is read as UTC too.
const djangoDate = z.union([z.date(), z.string()]).transform((value, ctx) => {
  const date = value instanceof Date ? value : new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "not a date" });
    return z.NEVER;
  }
  return new Date(Math.floor(date.getTime())); // this app keeps milliseconds
});

export const djangoUserRowSchema = z.object({
  id: z.union([z.number().int(), z.bigint()]).transform(Number),
  username: z.string(),
  // No NUL: PostgreSQL text cannot hold one (the whole batch would fail).
  password: z
    .string()
    .max(4096)
    .refine((v) => !v.includes("\0"), "a NUL character"),
  email: z.string().nullable(),
  is_active: flag,
  is_staff: flag,
  is_superuser: flag,
  date_joined: djangoDate,
  last_login: djangoDate.nullable(),
});

export type DjangoUserRow = z.input<typeof djangoUserRowSchema>;

export type MappedUser = {
  djangoId: number;
  username: string;
  /** Lowercased, or null: Django's blank "" is "no email" here. */
  email: string | null;
  emailProblem: string | null;
  passwordHash: string;
  /** Why this user cannot log in with the imported hash, or null when they can. */
  loginProblem: string | null;
  /** Why the imported hash is weak (it logs in once and is replaced), or null. */
  weakHash: string | null;
  hashDescription: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
  dateJoined: Date;
  lastLogin: Date | null;
};

export type MappedRow = { ok: true; user: MappedUser } | { ok: false; djangoId: number | null; username: string | null; reason: string };

export function mapDjangoUser(raw: unknown): MappedRow {
  const parsed = djangoUserRowSchema.safeParse(raw);
  const rawObject = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "row")))].join(", ");
    const id = Number(rawObject.id);
    return {
      ok: false,
      djangoId: Number.isFinite(id) ? id : null,
      username: typeof rawObject.username === "string" ? rawObject.username : null,
      reason: `unreadable ${fields}`,
    };
  }
  const row = parsed.data;
  const name = usernameSchema.safeParse(row.username);
  if (!name.success) return { ok: false, djangoId: row.id, username: row.username, reason: name.error.issues[0]?.message ?? "invalid username" };
  if (name.data !== row.username) {
    return {
      ok: false,
      djangoId: row.id,
      username: row.username,
      reason: `the name would change to "${name.data}" under this app's rules (NFKC, no surrounding spaces)`,
    };
  }

  const blank = (row.email ?? "").trim() === "";
  const email = blank ? { success: true as const, data: undefined } : optionalEmail.safeParse(row.email);
  const format = parseHash(row.password);
  // Not imported at all: every login attempt, right or wrong, would cost seconds to minutes of CPU.
  if (format.kind === "unsupported" && format.tooCostly)
    return { ok: false, djangoId: row.id, username: row.username, reason: `password hash: ${format.reason}` };
  const loginProblem =
    format.kind === "unusable"
      ? "unusable password (Django's set_unusable_password)"
      : format.kind === "unsupported"
        ? `${format.algorithm}: ${format.reason}`
        : null;
  return {
    ok: true,
    user: {
      djangoId: row.id,
      username: row.username,
      email: email.success ? (email.data ?? null) : null,
      emailProblem: email.success ? null : "not a valid email address",
      passwordHash: row.password,
      loginProblem,
      weakHash: hashWeakness(format),
      hashDescription: format.kind === "pbkdf2" ? `pbkdf2_${format.digest}` : format.kind === "unsupported" ? format.algorithm : format.kind,
      isActive: row.is_active,
      isStaff: row.is_staff,
      isSuperuser: row.is_superuser,
      dateJoined: row.date_joined,
      lastLogin: row.last_login,
    },
  };
}
