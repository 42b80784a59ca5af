import { maxBodyBytes } from "./scripts/request-body.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WASM-backed database packages, and piscina (it starts worker threads from a file
  // path), run from node_modules rather than the bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "@prisma/client", "pino", "piscina"],
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() (a real 403 for logged-in users without staff status) is still experimental in
  // Next 16 and throws unless this is on.
  experimental: {
    authInterrupts: true,
    // The same cap as scripts/server.mjs, which refuses bigger bodies before Next reads them;
    // Next's own check (an error page, 500) then only matters under a bare `next start`.
    serverActions: { bodySizeLimit: maxBodyBytes() },
    // A fresh CI clone builds once and never reads the build cache back; writing it took 13 s there.
    turbopackFileSystemCacheForBuild: process.env.CI !== "true",
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          {
            key: "Permissions-Policy",
            value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
          },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        // JSON answers load nothing and are never framed; pages get their nonce policy from scripts/server.mjs (this one replaces it here).
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
