/** When remediation may start actions: days of the week and a start and end time, in UTC. */
export interface MaintenanceWindow {
  /** `mon` ... `sun`: the days a window opens on. */
  readonly days: ReadonlyArray<string>
  /** `HH:MM`, UTC. */
  readonly start: string
  /** `HH:MM`, UTC; at or before the start, the window runs past midnight into the next day. */
  readonly end: string
}

const dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
const minute = 60_000
const day = 24 * 60 * minute

const minutesOf = (time: string): number => {
  const [hours, minutes] = time.split(":").map(Number)
  return (hours ?? 0) * 60 + (minutes ?? 0)
}

/** The window's openings (start, end) that could contain or follow `at`: from the day before to a week after. */
const openings = (window: MaintenanceWindow, at: number): ReadonlyArray<readonly [number, number]> => {
  const start = minutesOf(window.start)
  const length = (minutesOf(window.end) - start + 24 * 60) % (24 * 60) || 24 * 60
  const midnight = at - (at % day)
  const result: Array<readonly [number, number]> = []
  for (let offset = -1; offset <= 7; offset++) {
    const dayStart = midnight + offset * day
    if (!window.days.includes(dayNames[new Date(dayStart).getUTCDay()] as string)) continue
    const opens = dayStart + start * minute
    result.push([opens, opens + length * minute])
  }
  return result
}

/** Whether the window is open at `at` (milliseconds since the epoch). */
export const isInWindow = (window: MaintenanceWindow, at: number): boolean =>
  openings(window, at).some(([opens, closes]) => opens <= at && at < closes)

/** When the window is next open: `at` itself when it is open now; undefined for a window without days. */
export const nextWindowOpening = (window: MaintenanceWindow, at: number): number | undefined => {
  if (isInWindow(window, at)) return at
  const later = openings(window, at)
    .map(([opens]) => opens)
    .filter((opens) => opens > at)
  return later.length === 0 ? undefined : Math.min(...later)
}
