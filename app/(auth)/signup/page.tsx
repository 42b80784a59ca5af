import type { Metadata } from "next";
import Link from "next/link";
import { SignupForm } from "./signup-form";
import { authConfig } from "@/lib/auth";

export const metadata: Metadata = { title: "Sign up" };

export default function SignupPage() {
  return (
    <section className="card">
      <h1>Sign up</h1>
      <SignupForm minPasswordLength={authConfig.passwordMinLength} />
      <p className="card-footer">
        Already have an account? <Link href="/login">Log in</Link>
      </p>
    </section>
  );
}
