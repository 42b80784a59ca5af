import type { Metadata } from "next";
import Link from "next/link";
import { requireRecentAuth } from "@/lib/auth";
import { DeleteForm } from "./delete-form";

export const metadata: Metadata = { title: "Delete account" };

export default async function DeleteAccountPage() {
  const { user } = await requireRecentAuth("/profile/delete");
  return (
    <section className="card">
      <h1>Delete account</h1>
      <p>
        This deletes <strong>{user.username}</strong> and logs you out everywhere. It cannot be undone. Type your username to confirm.
      </p>
      <DeleteForm />
      <p className="card-footer">
        <Link href="/profile">Keep my account</Link>
      </p>
    </section>
  );
}
