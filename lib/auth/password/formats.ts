// Which stored password hashes this app can check. Our own format is Django's bcrypt_sha256; the
// others are what a Django project's auth_user can hold (django.contrib.auth.hashers), kept as
// imported until the user's next login replaces them (lib/auth/password/hash.ts).

export type HashFormat =
  | { kind: "bcrypt_sha256"; cost: number }
  | { kind: "bcrypt"; cost: number }
  | { kind: "pbkdf2"; digest: "sha256" | "sha1"; iterations: number; salt: string; hash: string }
  | { kind: "scrypt"; n: number; r: number; p: number; salt: string; hash: string }
  | { kind: "unusable" }
  | { kind: "unsupported"; algorithm: string; reason: string; tooCostly?: true };

const BCRYPT = /^\$2[abxy]?\$(\d{2})\$[./A-Za-z0-9]{53}$/;
// Django caps nothing, but a stored count this large would let one row cost minutes of CPU.
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
export const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
/** The highest BCRYPT_COST allows. Each step doubles the work: cost 17 takes about 10 s per check here, 20 over a minute. */
export const MAX_BCRYPT_COST = 16;
// Below these an imported hash is reported as weak (it still logs in once, and is replaced).
export const WEAK_PBKDF2_ITERATIONS = 100_000;
export const WEAK_BCRYPT_COST = 10;

const REASONS: Record<string, string> = {
  argon2:
    "argon2 needs a native module or a WASM build (Node 20's crypto has no argon2); reset this user's password or log them in once on Django with PBKDF2 first",
  sha1: "salted SHA-1 (removed from Django 5.1); too weak to keep: reset the password",
  md5: "salted MD5 (removed from Django 5.1); too weak to keep: reset the password",
  unsalted_sha1: "unsalted SHA-1; too weak to keep: reset the password",
  unsalted_md5: "unsalted MD5; too weak to keep: reset the password",
  crypt: "Unix crypt(3) (removed from Django 5.0); too weak to keep: reset the password",
};

const positiveInt = (text: string | undefined, max: number): number | null => {
  if (!text || !/^\d{1,9}$/.test(text)) return null;
  const value = Number(text);
  return value >= 1 && value <= max ? value : null;
};

/** Reads the algorithm and parameters of a stored hash; never throws. */
export function parseHash(stored: string): HashFormat {
  // Django's make_password(None): "!" + 40 random characters. An empty value is unusable too.
  if (stored === "" || stored.startsWith("!")) return { kind: "unusable" };
  const bcryptMatch = (prefix: "bcrypt_sha256$" | "bcrypt$") => (stored.startsWith(prefix) ? BCRYPT.exec(stored.slice(prefix.length)) : null);
  for (const kind of ["bcrypt_sha256", "bcrypt"] as const) {
    const match = bcryptMatch(`${kind}$`);
    if (!match) continue;
    const cost = Number(match[1]);
    if (cost >= 4 && cost <= MAX_BCRYPT_COST) return { kind, cost };
    if (cost < 4) return { kind: "unsupported", algorithm: kind, reason: "malformed bcrypt hash" };
    return {
      kind: "unsupported",
      algorithm: kind,
      reason: `bcrypt cost ${cost} is above ${MAX_BCRYPT_COST}: each check would take from seconds to minutes of CPU; set a new password`,
      tooCostly: true,
    };
  }

  const parts = stored.split("$");
  const algorithm = parts[0] ?? "";
  if (algorithm === "pbkdf2_sha256" || algorithm === "pbkdf2_sha1") {
    const iterations = positiveInt(parts[1], MAX_PBKDF2_ITERATIONS);
    if (parts.length === 4 && iterations && parts[2] && parts[3]) {
      return { kind: "pbkdf2", digest: algorithm === "pbkdf2_sha1" ? "sha1" : "sha256", iterations, salt: parts[2], hash: parts[3] };
    }
    return { kind: "unsupported", algorithm, reason: "malformed or out-of-range PBKDF2 parameters" };
  }
  if (algorithm === "scrypt") {
    // Django 4.0+: scrypt$<n>$<salt>$<r>$<p>$<hash>
    const [n, r, p] = [positiveInt(parts[1], 1 << 20), positiveInt(parts[3], 64), positiveInt(parts[4], 64)];
    // 128·n·r bytes of memory per check: bounded, so one imported row cannot exhaust the server.
    if (parts.length === 6 && n && r && p && parts[2] && parts[5] && 128 * n * r <= MAX_SCRYPT_MEMORY)
      return { kind: "scrypt", n, r, p, salt: parts[2], hash: parts[5] };
    return { kind: "unsupported", algorithm, reason: "malformed or out-of-range scrypt parameters" };
  }
  if (algorithm === "bcrypt_sha256" || algorithm === "bcrypt") {
    return { kind: "unsupported", algorithm, reason: "malformed bcrypt hash" };
  }
  const known = REASONS[algorithm];
  if (known && parts.length > 1) return { kind: "unsupported", algorithm, reason: known };
  return { kind: "unsupported", algorithm: "unknown", reason: "not a password hash format Django or this app writes" };
}

/** Why a hash this app can check is weak (cheap to crack from a stolen table), or null. */
export function hashWeakness(format: HashFormat): string | null {
  if (format.kind === "pbkdf2") {
    const reasons = [
      ...(format.digest === "sha1" ? ["PBKDF2 with SHA-1"] : []),
      ...(format.iterations < WEAK_PBKDF2_ITERATIONS ? [`${format.iterations} iterations, fewer than ${WEAK_PBKDF2_ITERATIONS}`] : []),
    ];
    return reasons.length > 0 ? `pbkdf2_${format.digest}: ${reasons.join("; ")}` : null;
  }
  if ((format.kind === "bcrypt" || format.kind === "bcrypt_sha256") && format.cost < WEAK_BCRYPT_COST) {
    return `${format.kind}: cost ${format.cost}, below ${WEAK_BCRYPT_COST}`;
  }
  return null;
}

/** A short, hash-free description for logs and the audit trail, e.g. "pbkdf2_sha256, 260000 iterations". */
export function describeHash(format: HashFormat): string {
  switch (format.kind) {
    case "bcrypt_sha256":
    case "bcrypt":
      return `${format.kind}, cost ${format.cost}`;
    case "pbkdf2":
      return `pbkdf2_${format.digest}, ${format.iterations} iterations`;
    case "scrypt":
      return `scrypt, n=${format.n} r=${format.r} p=${format.p}`;
    case "unusable":
      return "unusable password";
    case "unsupported":
      return `${format.algorithm} (unsupported)`;
  }
}
