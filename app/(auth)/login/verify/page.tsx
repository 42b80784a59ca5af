import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { VerifyForm } from "./verify-form";
import { secondStepPending } from "@/lib/auth";

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function VerifyPage() {
  // Only reachable between a right password and the code; anyone else starts at the login.
  if (!(await secondStepPending())) redirect("/login");
  return (
    <section className="card">
      <h1>Two-factor authentication</h1>
      <VerifyForm />
      <p className="card-footer">
        <Link href="/login">Start again</Link>
      </p>
    </section>
  );
}
