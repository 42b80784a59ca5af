import type { Metadata } from "next";
import Link from "next/link";
import { myPasskeys, requireRecentAuth } from "@/lib/auth";
import { DateTime } from "@/app/ui/date-time";
import { FlashMessages } from "@/app/ui/flash-messages";
import { pageData } from "@/app/ui/page-data";
import { AddPasskey } from "./add-passkey";
import { PasskeyList } from "./passkey-list";

export const metadata: Metadata = { title: "Passkeys" };

export default async function PasskeysPage() {
  await requireRecentAuth("/profile/passkeys");
  const passkeys = await pageData(myPasskeys());
  const rows = passkeys.map((passkey) => ({
    id: passkey.id,
    name: passkey.name,
    created: <DateTime value={passkey.createdAt} />,
    lastUsed: passkey.lastUsedAt ? <DateTime value={passkey.lastUsedAt} /> : "never",
    kind: passkey.synced ? (passkey.backedUp ? "Synced" : "Syncable, not backed up yet") : "This device only",
  }));
  return (
    <section className="card wide">
      <h1>Passkeys</h1>
      <FlashMessages />
      <p className="lead">
        A passkey signs you in with your device&apos;s screen lock or security key instead of your password, and cannot be phished. It counts as both factors:
        no authenticator code is asked after it.
      </p>
      <PasskeyList passkeys={rows} />
      <h2>Add a passkey</h2>
      <noscript>
        <p>Adding a passkey needs JavaScript.</p>
      </noscript>
      <AddPasskey suggestedName={`Passkey ${passkeys.length + 1}`} />
      <p className="card-footer">
        <Link href="/profile">Back to your profile</Link>
      </p>
    </section>
  );
}
