const unitMilliseconds: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
}

/** True for a duration written `30s`, `15m`, `6h` or `7d`. */
export const isDuration = (text: string): boolean => /^\d+[smhd]$/.test(text)

/** Milliseconds in a duration written `30s`, `15m`, `6h` or `7d`; throws RangeError for anything else. */
export const durationMilliseconds = (text: string): number => {
  const match = /^(\d+)([smhd])$/.exec(text)
  if (!match) throw new RangeError(`"${text}" is not a duration such as 30m, 6h or 7d`)
  return Number(match[1]) * (unitMilliseconds[match[2] as string] ?? 0)
}
