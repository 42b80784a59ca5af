// What `npm run import-django` tells the operator: counts, then who was skipped, whose email was
// left blank, who cannot log in yet and whose hash is weak, each with the reason. Names and Django ids only: never a
// hash, not even a prefix of one beyond the algorithm's name.
import type { RowOutcome } from "../../lib/auth/django/import";

const LISTED = 50; // per section; a huge table's report stays readable

type Line = { id: number | null; username: string | null; reason: string };

export class ImportReport {
  readonly counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  readonly skipped: Line[] = [];
  readonly blankedEmails: Line[] = [];
  readonly cannotLogIn: Line[] = [];
  readonly weakHashes: Line[] = [];
  readonly formats = new Map<string, number>();

  skip(id: number | null, username: string | null, reason: string): void {
    this.counts.skipped += 1;
    this.skipped.push({ id, username, reason });
  }

  add(outcome: RowOutcome): void {
    const { user } = outcome;
    if (outcome.outcome === "skipped") return this.skip(user.djangoId, user.username, outcome.reason);
    this.counts[outcome.outcome] += 1;
    const line = { id: user.djangoId, username: user.username };
    if (outcome.emailBlanked) this.blankedEmails.push({ ...line, reason: outcome.emailBlanked });
    if (user.loginProblem) this.cannotLogIn.push({ ...line, reason: user.loginProblem });
    if (user.weakHash) this.weakHashes.push({ ...line, reason: user.weakHash });
    this.formats.set(user.hashDescription, (this.formats.get(user.hashDescription) ?? 0) + 1);
  }

  print(): void {
    const { created, updated, unchanged, skipped } = this.counts;
    console.log(`Created ${created}, updated ${updated}, unchanged ${unchanged}, skipped ${skipped}.`);
    section("Skipped", this.skipped);
    section("Imported with the email left blank", this.blankedEmails);
    section("Imported, but cannot log in until their password is set again", this.cannotLogIn);
    section("Imported with a weak password hash, easy to crack from a copy of the database; replaced at the user's next login", this.weakHashes);
    if (this.formats.size > 0) {
      const formats = [...this.formats].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`);
      console.log(`Password hashes: ${formats.join(", ")} (Django's are replaced by this app's at each user's next login).`);
    }
  }
}

function section(title: string, lines: Line[]): void {
  if (lines.length === 0) return;
  console.log(`${title} (${lines.length}):`);
  const byId = [...lines].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  for (const { id, username, reason } of byId.slice(0, LISTED)) {
    console.log(`  ${JSON.stringify(username ?? "?")} (Django id ${id ?? "?"}): ${reason}`);
  }
  if (lines.length > LISTED) console.log(`  … and ${lines.length - LISTED} more`);
}
