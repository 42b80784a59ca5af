import { logout } from "@/lib/auth";
import { crossOriginRefused, guarded, isCrossOrigin, json } from "@/lib/http/api";

export async function POST(request: Request) {
  if (isCrossOrigin(request)) return crossOriginRefused();
  return guarded(async () => {
    await logout();
    return json({ message: "Logged out" });
  });
}
