const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const exact = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "2 hours ago", "yesterday"; under a minute, "just now". Relative to the render time. */
export function relativeTime(value: Date, now = new Date()): string {
  const seconds = Math.round((value.getTime() - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return "just now";
}

/** The relative time, with the exact one (UTC) in the element for machines and on hover. */
export function RelativeTime({ value }: { value: Date }) {
  return (
    <time dateTime={value.toISOString()} title={`${exact.format(value)} UTC`}>
      {relativeTime(value)}
    </time>
  );
}
