import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

// A real SMTP server on a loopback port for the mail tests: it keeps every message it accepts,
// parsed, and can ask for a login or refuse the first deliveries with a temporary error.

export type Received = { envelopeFrom: string; envelopeTo: string[]; user: string | undefined; mail: ParsedMail };

export type TestSmtpServer = {
  url: (credentials?: string) => string;
  port: number;
  received: Received[];
  /** DATA commands answered so far, refused ones included. */
  dataCommands: () => number;
  close: () => Promise<void>;
};

export type TestSmtpOptions = {
  /** Require AUTH with exactly these credentials. */
  auth?: { user: string; pass: string };
  /** Answer the first `refuseFirst` deliveries with this reply code (default 451: try later). */
  refuseFirst?: number;
  refuseCode?: number;
};

export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: Received[] = [];
  let dataCommands = 0;
  const server = new SMTPServer({
    // No certificate here: a STARTTLS offer would make the client try it and fail.
    disabledCommands: options.auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        return callback(null, { user: auth.username });
      }
      callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      dataCommands++;
      const refuse = dataCommands <= (options.refuseFirst ?? 0);
      simpleParser(stream)
        .then((mail) => {
          if (refuse) return callback(Object.assign(new Error("Try again later"), { responseCode: options.refuseCode ?? 451 }));
          received.push({
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
            mail,
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: (credentials) => `smtp://${credentials ? `${credentials}@` : ""}127.0.0.1:${port}`,
    received,
    dataCommands: () => dataCommands,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on (taken, then released). */
export async function unusedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
