const unitMs: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** Milliseconds in a duration written `30s`, `15m`, `6h` or `7d` (the scenario's `DurationText`). */
export const durationMs = (text: string): number => {
  const match = /^(\d+)([smhd])$/.exec(text)
  if (!match) throw new RangeError(`"${text}" is not a duration such as 30m, 6h or 7d`)
  return Number(match[1]) * (unitMs[match[2] as string] ?? 0)
}
