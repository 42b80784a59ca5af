import { json } from "@/lib/http/json";
import { databaseIsUp } from "@/lib/health";

export async function GET() {
  return (await databaseIsUp()) ? json({ status: "ok" }) : json({ status: "unavailable", error: "Database unavailable" }, 503, { "Retry-After": "5" });
}
