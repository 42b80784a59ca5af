// `npm run createsuperuser`: Django's createsuperuser. Creates an active user with is_staff and
// is_superuser, after applying pending migrations.
//   interactive:      asks for the username, an optional email and the password twice (not echoed)
//   non-interactive:  --noinput --username NAME [--email ADDRESS], password from SEED_SUPERUSER_PASSWORD
// Stricter than Django: the password policy always applies (no "Bypass password validation?"),
// and --noinput without a password is refused rather than creating an account nobody can use.
// Exit status: 0 created, 1 refused or failed (the reason on stderr), 2 bad arguments.
import { applyMigrations } from "./lib/command-env";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { isTemporarilyUnavailable } from "../lib/auth/errors";
import { passwordProblems } from "../lib/auth/password/policy";
import { createUser, usernameExists } from "../lib/auth/account/users";
import { optionalEmail, usernameSchema } from "../lib/auth/validation";
import { Cancelled, terminalPrompter, type Prompter } from "./lib/prompt";

const USAGE = `usage: npm run createsuperuser [-- --username NAME] [--email ADDRESS]
       SEED_SUPERUSER_PASSWORD=… npm run createsuperuser -- --noinput --username NAME [--email ADDRESS]`;

/** A refusal to explain to the operator (printed without a stack trace). */
class CommandError extends Error {}

type Credentials = { username: string; email: string | null; password: string };

function printError(message: string): void {
  console.error(`Error: ${message}`);
}

function parseArguments() {
  try {
    const { values } = parseArgs({
      options: {
        username: { type: "string" },
        email: { type: "string" },
        noinput: { type: "boolean" },
        "no-input": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
    return {
      username: values.username,
      email: values.email,
      noinput: Boolean(values.noinput || values["no-input"]),
      help: Boolean(values.help),
    };
  } catch (error) {
    printError((error as Error).message);
    console.error(USAGE);
    process.exit(2);
  }
}

type UsernameCheck = { ok: true; username: string } | { ok: false; message: string };

/** The signup rules for usernames, and not taken yet. */
async function checkUsername(raw: string): Promise<UsernameCheck> {
  const parsed = usernameSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid username." };
  if (await usernameExists(parsed.data)) return { ok: false, message: "That username is already taken." };
  return { ok: true, username: parsed.data };
}

type EmailCheck = { ok: true; email: string | null } | { ok: false; message: string };

/** Optional, as at signup: empty means none. Whether another account has it, the insert decides. */
function checkEmail(raw: string): EmailCheck {
  const parsed = optionalEmail.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid email address." };
  return { ok: true, email: parsed.data ?? null };
}

async function fromEnvironment(given: string | undefined, givenEmail: string | undefined): Promise<Credentials> {
  const raw = given ?? process.env.SEED_SUPERUSER_USERNAME;
  if (!raw) throw new CommandError("You must use --username with --noinput.");
  const password = process.env.SEED_SUPERUSER_PASSWORD;
  if (!password) throw new CommandError("Set SEED_SUPERUSER_PASSWORD to the new superuser's password when using --noinput.");
  const checked = await checkUsername(raw);
  if (!checked.ok) throw new CommandError(checked.message);
  const email = checkEmail(givenEmail ?? process.env.SEED_SUPERUSER_EMAIL ?? "");
  if (!email.ok) throw new CommandError(email.message);
  const problems = passwordProblems(password, checked.username);
  if (problems.length > 0) {
    throw new CommandError(`SEED_SUPERUSER_PASSWORD is refused:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
  return { username: checked.username, email: email.email, password };
}

async function fromTerminal(given: string | undefined, givenEmail: string | undefined): Promise<Credentials> {
  if (!process.stdin.isTTY) {
    throw new CommandError(
      "createsuperuser asks its questions on a terminal, and stdin is not one. " +
        "Run it in a terminal, or use --noinput --username NAME with SEED_SUPERUSER_PASSWORD set.",
    );
  }
  const prompter = terminalPrompter(process.stdin, process.stdout);
  try {
    const username = await askUsername(prompter, given);
    const email = await askEmail(prompter, givenEmail);
    return { username, email, password: await askPassword(prompter, username) };
  } finally {
    prompter.close();
  }
}

/** Like Django: the login name of whoever runs the command, when it is a valid, free username. */
async function suggestedUsername(): Promise<string | null> {
  try {
    const name = userInfo().username.toLowerCase();
    return (await checkUsername(name)).ok ? name : null;
  } catch {
    return null;
  }
}

async function askUsername(prompter: Prompter, given: string | undefined): Promise<string> {
  if (given !== undefined) {
    const checked = await checkUsername(given);
    if (checked.ok) return checked.username;
    printError(checked.message);
  }
  const suggestion = await suggestedUsername();
  const question = suggestion ? `Username (leave blank to use '${suggestion}'): ` : "Username: ";
  for (;;) {
    const answer = await prompter.ask(question);
    const checked = await checkUsername(answer === "" && suggestion ? suggestion : answer);
    if (checked.ok) return checked.username;
    printError(checked.message);
  }
}

async function askEmail(prompter: Prompter, given: string | undefined): Promise<string | null> {
  if (given !== undefined) {
    const checked = checkEmail(given);
    if (checked.ok) return checked.email;
    printError(checked.message);
  }
  for (;;) {
    const checked = checkEmail(await prompter.ask("Email address (optional): "));
    if (checked.ok) return checked.email;
    printError(checked.message);
  }
}

async function askPassword(prompter: Prompter, username: string): Promise<string> {
  for (;;) {
    const password = await prompter.ask("Password: ", { hidden: true });
    const again = await prompter.ask("Password (again): ", { hidden: true });
    if (password !== again) {
      printError("Your passwords didn't match.");
    } else if (password === "") {
      printError("Blank passwords aren't allowed.");
    } else {
      const problems = passwordProblems(password, username);
      if (problems.length === 0) return password;
      for (const problem of problems) printError(problem);
    }
  }
}

async function main(): Promise<number> {
  const args = parseArguments();
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (!applyMigrations()) throw new CommandError("the database could not be migrated (see above).");
  const { username, email, password } = args.noinput ? await fromEnvironment(args.username, args.email) : await fromTerminal(args.username, args.email);
  const created = await createUser(username, password, email, { isStaff: true, isSuperuser: true, refuseTakenEmail: true });
  if (!created.ok) {
    throw new CommandError(created.reason === "email_taken" ? "That email address is already used by another account." : "That username is already taken.");
  }
  console.log("Superuser created successfully.");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Cancelled) console.error("Operation cancelled.");
    else if (error instanceof CommandError) printError(error.message);
    else if (isTemporarilyUnavailable(error)) printError("the database is unavailable; try again.");
    else printError(`the superuser could not be created (${error instanceof Error ? error.name : typeof error}).`);
    process.exit(1);
  },
);
