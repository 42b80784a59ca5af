import Bowser from "bowser";

/** "Chrome 156 on Linux" from a User-Agent header; what people recognise their devices by. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const parsed = Bowser.parse(userAgent);
  const browser = [parsed.browser.name, parsed.browser.version?.split(".")[0]].filter(Boolean).join(" ");
  const os = parsed.os.name ?? "";
  if (!browser && !os) return "Unknown device";
  return os ? `${browser || "A browser"} on ${os}` : browser;
}
