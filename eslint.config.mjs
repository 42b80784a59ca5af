// ESLint: Next's recommended rules (core web vitals, TypeScript), and the one rule for imports
// that keeps lib/auth a door (docs/ARCHITECTURE.md): pages, actions and API routes import only
// "@/lib/auth"; middleware.ts only "@/lib/auth/edge"; client components only "@/lib/auth/client";
// and nothing under app/ touches Prisma.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

const authInternals = {
  group: ["@/lib/auth/*", "**/lib/auth/*", "!@/lib/auth/edge", "!@/lib/auth/client"],
  message: 'Import lib/auth through its door, "@/lib/auth" (middleware: "@/lib/auth/edge", client components: "@/lib/auth/client").',
};
const database = {
  group: ["@/lib/db", "**/lib/db", "@prisma/*", "@/lib/generated/*", "**/lib/generated/*"],
  message: "Pages, actions and routes reach the database only through lib/auth (or a module of lib/ with that one job).",
};

const edgeOnly = 'middleware.ts imports only "@/lib/auth/edge" (edge-safe: it runs before every page, on either runtime).';

const config = [
  { ignores: [".next/**", "node_modules/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...nextVitals,
  ...nextTypeScript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [authInternals, database] }] },
  },
  {
    // Playwright's fixtures call `use`, which is not React's hook.
    files: ["e2e/**", "tests/**", "stress/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["middleware.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "@/lib/auth", message: edgeOnly }],
          patterns: [{ group: ["@/lib/auth/*", "**/lib/auth/*", "!@/lib/auth/edge"], message: edgeOnly }, database],
        },
      ],
    },
  },
];

export default config;
