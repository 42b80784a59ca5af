// Runs once when a server process starts (see lib/startup.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkAndWarm } = await import("./lib/startup");
    checkAndWarm();
  }
}
