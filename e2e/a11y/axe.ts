import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** WCAG 2.2 level A and AA, and everything before it. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export type Variant = { scheme: "light" | "dark"; width: number; height: number; name: string };

/** Each page state is checked in both themes, at a desktop width and at the narrowest phone width. */
export const VARIANTS: Variant[] = [
  { scheme: "light", width: 1280, height: 800, name: "light desktop" },
  { scheme: "dark", width: 1280, height: 800, name: "dark desktop" },
  { scheme: "light", width: 320, height: 640, name: "light 320px" },
  { scheme: "dark", width: 320, height: 640, name: "dark 320px" },
];

/** Runs axe on the page as it is now, in every variant (theme and width change live, no reload),
 * and fails with a readable list of what was violated where. */
export async function expectAccessible(page: Page, state: string, testInfo: TestInfo): Promise<void> {
  const problems: string[] = [];
  for (const variant of VARIANTS) {
    // Reduced motion turns the colour transitions off (globals.css), so axe never measures a
    // button halfway between two themes; two frames let the new styles paint.
    await page.emulateMedia({ colorScheme: variant.scheme, reducedMotion: "reduce" });
    await page.setViewportSize({ width: variant.width, height: variant.height });
    // The renderer may take the new scheme a moment after emulateMedia returns on a loaded machine
    // (one run measured light text on the dark surface): wait until the page itself sees it.
    await page.waitForFunction((dark) => matchMedia("(prefers-color-scheme: dark)").matches === dark, variant.scheme === "dark");
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    for (const violation of results.violations) {
      const targets = violation.nodes.map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`).join("\n    ");
      problems.push(`[${state}, ${variant.name}] ${violation.id} (${violation.impact}): ${violation.help}\n    ${targets}`);
    }
  }
  testInfo.annotations.push({ type: "axe", description: `${state}: ${VARIANTS.length} checks` });
  expect(problems, problems.join("\n")).toEqual([]);
}

/** Back to a light desktop page, for the steps between checks. */
export async function resetView(page: Page): Promise<void> {
  await page.emulateMedia({ colorScheme: "light", reducedMotion: "reduce" });
  await page.setViewportSize({ width: 1280, height: 800 });
}
