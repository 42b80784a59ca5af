import "server-only";
import { createHash } from "node:crypto";
import { db } from "../../db";
import type { Prisma } from "../../generated/sqlite/client";
import type { MappedUser } from "./user-row";
import { isTemporarilyUnavailable } from "../errors";
import { usernameKey } from "../account/users";

// Writes one batch of users imported from Django (scripts/import-django.ts) in one transaction:
// a failure loses that batch only, and a rerun picks up where it stopped, because every row is
// matched and compared first (a second run changes nothing). Besides lib/auth/account/users.ts, the only
// writer of auth_user; it ends the sessions (auth_session) of users whose credentials it changes.

export type RowOutcome =
  { outcome: "created" | "updated" | "unchanged"; user: MappedUser; emailBlanked: string | null } | { outcome: "skipped"; user: MappedUser; reason: string };

/** Emails taken earlier in this run, by the username that took them (Django allows duplicates). */
export type ImportRun = { emailOwners: Map<string, string>; names: Map<string, string> };

export function newImportRun(): ImportRun {
  return { emailOwners: new Map(), names: new Map() };
}

/** What is kept of an imported hash to notice a later change in Django: its SHA-256. */
const hashDigest = (passwordHash: string) => createHash("sha256").update(passwordHash).digest("hex");

/**
 * New credentials or a deactivation from Django: the change, plus what the same change on this
 * app does, every session of the user ended and any login halfway through (auth_version).
 */
async function revokeAndUpdate(tx: Prisma.TransactionClient, userId: number, data: Prisma.UserUpdateInput): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { ...data, authVersion: { increment: 1 } } });
  await tx.session.deleteMany({ where: { userId } });
}

const sameTime = (a: Date | null, b: Date | null) => (a === null || b === null ? a === b : a.getTime() === b.getTime());

/**
 * Writes a batch, trying again a few times when the database is busy. On SQLite a transaction
 * that has read and then needs to write while another connection (the running app) holds the
 * write lock is refused at once, without waiting out the busy timeout. The batch is all or
 * nothing, so a retry starts from what was there before, with this run's bookkeeping restored.
 */
export async function importUserBatch(users: MappedUser[], run: ImportRun): Promise<RowOutcome[]> {
  for (let attempt = 1; ; attempt++) {
    const names = new Map(run.names);
    const emailOwners = new Map(run.emailOwners);
    try {
      return await writeUserBatch(users, run);
    } catch (error) {
      if (attempt >= 6 || !isTemporarilyUnavailable(error)) throw error;
      run.names = names;
      run.emailOwners = emailOwners;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

function writeUserBatch(users: MappedUser[], run: ImportRun): Promise<RowOutcome[]> {
  return db.$transaction(
    async (tx) => {
      const keys = users.map((user) => usernameKey(user.username));
      const existing = new Map((await tx.user.findMany({ where: { usernameKey: { in: keys } } })).map((row) => [row.usernameKey!, row]));
      const emails = users.flatMap((user) => (user.email ? [user.email] : []));
      const emailOwners = new Map(
        (await tx.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true, username: true } })).map((row) => [row.email!, row]),
      );

      const outcomes: RowOutcome[] = [];
      // New rows go in with one statement at the end (names were checked unique above).
      const creates: Prisma.UserCreateManyInput[] = [];
      for (const user of users) {
        const key = usernameKey(user.username);
        const earlier = run.names.get(key);
        if (earlier !== undefined && earlier !== user.username) {
          outcomes.push({ outcome: "skipped", user, reason: `same name as "${earlier}" here (case and width are ignored)` });
          continue;
        }
        run.names.set(key, user.username);
        const row = existing.get(key);
        // The same account: imported before (exact name, and Django's date_joined kept to the millisecond).
        const same = row && row.username === user.username && sameTime(row.dateJoined, user.dateJoined);
        if (row && !same) {
          outcomes.push({
            outcome: "skipped",
            user,
            reason: `same name as "${row.username}", an account of this app not imported from this database (case and width are ignored)`,
          });
          continue;
        }
        const digest = hashDigest(user.passwordHash);
        const loggedInHere = Boolean(row?.lastLogin && (!user.lastLogin || row.lastLogin.getTime() > user.lastLogin.getTime()));
        // Without a digest (imported before it was kept) the stored hash is still Django's, unless
        // a login here replaced it: then a change in Django cannot be told from one made here.
        const before = row?.importedHashDigest ?? (row && !loggedInHere ? hashDigest(row.passwordHash) : null);
        const djangoPasswordChanged = before !== null && before !== digest;
        if (row && loggedInHere) {
          // This app's record is newer and is kept, but for what must reach it: a deactivation
          // in Django, or a password set there since the last import (an administrator's reset).
          const deactivate = row.isActive && !user.isActive;
          if (!deactivate && !djangoPasswordChanged) {
            outcomes.push({ outcome: "skipped", user, reason: "logged in on this app since it was imported: this app's record is newer and was kept" });
            continue;
          }
          await revokeAndUpdate(tx, row.id, {
            ...(deactivate ? { isActive: false } : {}),
            ...(djangoPasswordChanged ? { passwordHash: user.passwordHash, importedHashDigest: digest } : {}),
          });
          outcomes.push({ outcome: "updated", user, emailBlanked: null });
          continue;
        }

        let email = user.email;
        let emailBlanked = user.emailProblem;
        const owner = email ? (emailOwners.get(email)?.username ?? run.emailOwners.get(email)) : undefined;
        if (email && owner !== undefined && owner !== user.username) {
          emailBlanked = `the same email as "${owner}" (emails are unique here)`;
          email = null;
        }
        if (email) run.emailOwners.set(email, user.username);

        const data = {
          email,
          passwordHash: user.passwordHash,
          importedHashDigest: digest,
          // A user deactivated here stays so: an import never reactivates anyone.
          isActive: user.isActive && (!row || row.isActive),
          isStaff: user.isStaff,
          isSuperuser: user.isSuperuser,
          lastLogin: user.lastLogin,
        };
        if (!row) {
          creates.push({ ...data, username: user.username, usernameKey: key, dateJoined: user.dateJoined });
          outcomes.push({ outcome: "created", user, emailBlanked });
          continue;
        }
        const changed =
          row.email !== data.email ||
          row.passwordHash !== data.passwordHash ||
          row.importedHashDigest !== data.importedHashDigest ||
          row.isActive !== data.isActive ||
          row.isStaff !== data.isStaff ||
          row.isSuperuser !== data.isSuperuser ||
          !sameTime(row.lastLogin, data.lastLogin);
        if (changed) {
          // An address that changes was never proven here: unconfirmed, and its mailed links end.
          const newAddress = row.email !== data.email;
          if (newAddress) await tx.accountToken.deleteMany({ where: { userId: row.id } });
          const update = newAddress ? { ...data, emailVerifiedAt: null } : data;
          if (djangoPasswordChanged || (row.isActive && !data.isActive)) await revokeAndUpdate(tx, row.id, update);
          else await tx.user.update({ where: { id: row.id }, data: update });
        }
        outcomes.push({ outcome: changed ? "updated" : "unchanged", user, emailBlanked });
      }
      if (creates.length > 0) await tx.user.createMany({ data: creates });
      return outcomes;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
