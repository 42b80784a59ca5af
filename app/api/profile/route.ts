import { getCurrentUser } from "@/lib/auth";
import { guarded, json } from "@/lib/http/api";

export async function GET() {
  return guarded(async () => {
    const user = await getCurrentUser();
    if (!user) return json({ error: "Unauthorized" }, 401);
    return json({
      profile: {
        username: user.username,
        email: user.email,
        emailVerified: user.email !== null && user.emailVerifiedAt !== null,
        isStaff: user.isStaff,
        dateJoined: user.dateJoined.toISOString(),
        lastLogin: user.lastLogin?.toISOString() ?? null,
      },
    });
  });
}
