// What middleware.ts may use (edge-safe, though it runs on Node's runtime): unsealing the session
// cookie, the login redirect and the cookie settings. Nothing here imports Prisma, bcryptjs or Node-only modules.
export { sessionCookieName, unsealSession, type SessionPointer } from "./cookies";
export { loginPath } from "./redirect";
export { cookieIsSecure } from "./config";
