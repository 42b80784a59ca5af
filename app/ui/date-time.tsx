const format = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

export function DateTime({ value }: { value: Date }) {
  return <time dateTime={value.toISOString()}>{format.format(value)} UTC</time>;
}
