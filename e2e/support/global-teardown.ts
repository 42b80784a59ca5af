import { dropTestRun } from "../../tests/support/databases.mjs";

// Drops the run's databases (the main server's, and any an instance left behind).
export default async function teardown(): Promise<void> {
  await dropTestRun();
}
