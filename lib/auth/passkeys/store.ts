import "server-only";
import { db } from "../../db";

// The only module that touches auth_passkey.

export type StoredPasskey = {
  id: number;
  userId: number;
  credentialId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  userHandle: string;
  aaguid: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
};

type Row = Awaited<ReturnType<typeof db.passkey.findFirstOrThrow>>;

function fromRow(row: Row): StoredPasskey {
  return {
    id: row.id,
    userId: row.userId,
    credentialId: row.credentialId,
    publicKey: new Uint8Array(row.publicKey),
    counter: Number(row.counter),
    transports: row.transports ? row.transports.split(",") : [],
    deviceType: row.deviceType,
    backedUp: row.backedUp,
    userHandle: row.userHandle,
    aaguid: row.aaguid,
    name: row.name,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
  };
}

export async function passkeysOf(userId: number): Promise<StoredPasskey[]> {
  return (await db.passkey.findMany({ where: { userId }, orderBy: { id: "asc" } })).map(fromRow);
}

export async function countPasskeys(userId: number): Promise<number> {
  return db.passkey.count({ where: { userId } });
}

export async function passkeyByCredentialId(credentialId: string): Promise<StoredPasskey | null> {
  const row = await db.passkey.findUnique({ where: { credentialId } });
  return row ? fromRow(row) : null;
}

/** The WebAuthn user id of the user's passkeys (one per user), or null before the first. */
export async function userHandleOf(userId: number): Promise<string | null> {
  return (await db.passkey.findFirst({ where: { userId }, select: { userHandle: true } }))?.userHandle ?? null;
}

export type NewPasskey = Omit<StoredPasskey, "id" | "createdAt" | "lastUsedAt">;

/** False when the credential is already registered (to anyone). */
export async function insertPasskey(passkey: NewPasskey): Promise<boolean> {
  const existing = await db.passkey.findUnique({ where: { credentialId: passkey.credentialId }, select: { id: true } });
  if (existing) return false;
  await db.passkey.create({
    data: {
      ...passkey,
      publicKey: Buffer.from(passkey.publicKey),
      counter: BigInt(passkey.counter),
      transports: passkey.transports.join(","),
    },
  });
  return true;
}

/**
 * Records a use: the new counter, only if the stored one is still what the check read (two
 * logins racing with one assertion cannot both pass), and the backup state now reported.
 */
export async function recordPasskeyUse(passkey: StoredPasskey, counter: number, backedUp: boolean, deviceType: string): Promise<boolean> {
  const { count } = await db.passkey.updateMany({
    where: { id: passkey.id, counter: BigInt(passkey.counter) },
    data: { counter: BigInt(counter), backedUp, deviceType, lastUsedAt: new Date() },
  });
  return count === 1;
}

export async function renamePasskey(userId: number, id: number, name: string): Promise<StoredPasskey | null> {
  const { count } = await db.passkey.updateMany({ where: { id, userId }, data: { name } });
  return count === 1 ? fromRow(await db.passkey.findFirstOrThrow({ where: { id } })) : null;
}

export async function deletePasskey(userId: number, id: number): Promise<StoredPasskey | null> {
  const row = await db.passkey.findFirst({ where: { id, userId } });
  if (!row) return null;
  const { count } = await db.passkey.deleteMany({ where: { id, userId } });
  return count === 1 ? fromRow(row) : null;
}
