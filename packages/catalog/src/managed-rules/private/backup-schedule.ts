/*
 * How often an AWS Backup rule runs. Backup schedules are AWS cron expressions,
 * `cron(minutes hours day-of-month month day-of-week year)` with `?`, `L`, `W` and `#`, or `rate(...)`.
 * Rather than reason about every combination, a cron schedule is laid over a reference calendar of four
 * consecutive years (2001-2004, one leap year, every month length and weekday alignment) and the longest wait
 * between two consecutive runs is measured. The year field is ignored: a schedule limited to some years is
 * judged by the years it runs in.
 */

/** The schedule AWS Backup uses when a backup rule gives none. */
export const defaultBackupSchedule = "cron(0 5 ? * * *)"

const minutesPerDay = 24 * 60
const referenceStartYear = 2001
const referenceYears = 4
const referenceDays = Math.round(
  (Date.UTC(referenceStartYear + referenceYears, 0, 1) - Date.UTC(referenceStartYear, 0, 1)) /
    (minutesPerDay * 60_000),
)

const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
const weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

/** One calendar day as cron sees it; `weekday` counts 1 (Sunday) to 7 (Saturday) as AWS cron does. */
interface CalendarDay {
  readonly month: number
  readonly dayOfMonth: number
  readonly weekday: number
  readonly daysInMonth: number
}

type DayTest = (day: CalendarDay) => boolean

const numberOrName = (text: string, names: ReadonlyArray<string>, offset: number): number | undefined => {
  if (/^\d+$/.test(text)) return Number(text)
  const index = names.indexOf(text.toUpperCase())
  return index >= 0 ? index + offset : undefined
}

/** The values a plain cron field (`*`, lists, ranges, steps, names) selects, or undefined when it cannot be read. */
const fieldValues = (
  text: string,
  min: number,
  max: number,
  names: ReadonlyArray<string> = [],
): ReadonlySet<number> | undefined => {
  const values = new Set<number>()
  for (const part of text.split(",")) {
    const [range = "", stepText, extra] = part.split("/")
    if (extra !== undefined) return undefined
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) return undefined
    let first: number | undefined
    let last: number | undefined
    if (range === "*" || range === "?") {
      first = min
      last = max
    } else if (range.includes("-")) {
      const [from = "", to = ""] = range.split("-")
      first = numberOrName(from, names, min)
      last = numberOrName(to, names, min)
    } else {
      first = numberOrName(range, names, min)
      last = stepText === undefined ? first : max
    }
    if (first === undefined || last === undefined || first < min || first > max || last < min || last > max) {
      return undefined
    }
    // A range may wrap (FRI-MON): walk forward from `first` until `last`, stepping as asked.
    const span = last >= first ? last - first : max - min + 1 - (first - last)
    for (let offset = 0; offset <= span; offset += step) {
      values.add(((first - min + offset) % (max - min + 1)) + min)
    }
  }
  return values
}

const nearestWeekday = (target: number, day: CalendarDay): number => {
  const dayOfMonth = Math.min(target, day.daysInMonth)
  const weekday = ((day.weekday - 1 + (dayOfMonth - day.dayOfMonth) + 35) % 7) + 1
  if (weekday === 7) return dayOfMonth === 1 ? dayOfMonth + 2 : dayOfMonth - 1
  if (weekday === 1) return dayOfMonth === day.daysInMonth ? dayOfMonth - 2 : dayOfMonth + 1
  return dayOfMonth
}

const dayOfMonthTest = (text: string): DayTest | undefined => {
  if (text === "*" || text === "?") return () => true
  const upper = text.toUpperCase()
  if (upper === "L") return (day) => day.dayOfMonth === day.daysInMonth
  if (upper === "LW") return (day) => day.dayOfMonth === nearestWeekday(day.daysInMonth, day)
  const weekdayNear = /^(\d{1,2})W$/.exec(upper)
  if (weekdayNear !== null) {
    const target = Number(weekdayNear[1])
    return target >= 1 && target <= 31 ? (day) => day.dayOfMonth === nearestWeekday(target, day) : undefined
  }
  const values = fieldValues(text, 1, 31)
  return values === undefined ? undefined : (day) => values.has(day.dayOfMonth)
}

const weekdayTest = (text: string): DayTest | undefined => {
  if (text === "*" || text === "?") return () => true
  const upper = text.toUpperCase()
  const last = /^(\w+)L$/.exec(upper)
  if (last !== null) {
    const weekday = numberOrName(last[1] ?? "", weekdayNames, 1)
    return weekday === undefined
      ? undefined
      : (day) => day.weekday === weekday && day.dayOfMonth + 7 > day.daysInMonth
  }
  const nth = /^(\w+)#([1-5])$/.exec(upper)
  if (nth !== null) {
    const weekday = numberOrName(nth[1] ?? "", weekdayNames, 1)
    const occurrence = Number(nth[2])
    return weekday === undefined
      ? undefined
      : (day) => day.weekday === weekday && Math.ceil(day.dayOfMonth / 7) === occurrence
  }
  const values = fieldValues(text, 1, 7, weekdayNames)
  return values === undefined ? undefined : (day) => values.has(day.weekday)
}

const referenceCalendar: ReadonlyArray<CalendarDay> = Array.from({ length: referenceDays }, (_, index) => {
  const date = new Date(Date.UTC(referenceStartYear, 0, 1 + index))
  const month = date.getUTCMonth() + 1
  return {
    month,
    dayOfMonth: date.getUTCDate(),
    weekday: date.getUTCDay() + 1,
    daysInMonth: new Date(Date.UTC(date.getUTCFullYear(), month, 0)).getUTCDate(),
  }
})

const cronLongestGapMinutes = (fields: ReadonlyArray<string>): number | undefined => {
  const [minuteText = "", hourText = "", dayOfMonthText = "", monthText = "", weekdayText = ""] = fields
  const minutes = fieldValues(minuteText, 0, 59)
  const hours = fieldValues(hourText, 0, 23)
  const months = fieldValues(monthText, 1, 12, monthNames)
  const dayOfMonth = dayOfMonthTest(dayOfMonthText)
  const weekday = weekdayTest(weekdayText)
  if (minutes === undefined || hours === undefined || months === undefined) return undefined
  if (dayOfMonth === undefined || weekday === undefined) return undefined

  const timesOfDay = [...hours]
    .flatMap((hour) => [...minutes].map((minute) => hour * 60 + minute))
    .sort((a, b) => a - b)
  const runDays = referenceCalendar.flatMap((day, index) =>
    months.has(day.month) && dayOfMonth(day) && weekday(day) ? [index] : [],
  )
  const firstTime = timesOfDay[0]
  const lastTime = timesOfDay[timesOfDay.length - 1]
  if (firstTime === undefined || lastTime === undefined || runDays.length === 0) return undefined

  let longest = 0
  for (let index = 1; index < timesOfDay.length; index += 1) {
    longest = Math.max(longest, (timesOfDay[index] ?? 0) - (timesOfDay[index - 1] ?? 0))
  }
  // A schedule running once in four years still waits at least the whole reference span.
  if (runDays.length === 1) return Math.max(longest, referenceDays * minutesPerDay)
  for (let index = 1; index < runDays.length; index += 1) {
    const daysApart = (runDays[index] ?? 0) - (runDays[index - 1] ?? 0)
    longest = Math.max(longest, daysApart * minutesPerDay - lastTime + firstTime)
  }
  return longest
}

const rateUnitsInMinutes: Readonly<Record<string, number>> = { minute: 1, hour: 60, day: minutesPerDay }

/**
 * The longest wait, in hours, between two consecutive runs of a backup schedule expression; undefined when the
 * expression cannot be read or never fires.
 */
export const longestIntervalHours = (expression: string): number | undefined => {
  const text = expression.trim()
  const rate = /^rate\(\s*(\d+)\s+(minute|hour|day)s?\s*\)$/i.exec(text)
  if (rate !== null) {
    const amount = Number(rate[1])
    const unit = rateUnitsInMinutes[(rate[2] ?? "").toLowerCase()]
    return amount > 0 && unit !== undefined ? (amount * unit) / 60 : undefined
  }
  const cron = /^cron\((.*)\)$/i.exec(text)
  if (cron === null) return undefined
  const fields = (cron[1] ?? "").trim().split(/\s+/)
  if (fields.length !== 6) return undefined
  const minutes = cronLongestGapMinutes(fields)
  return minutes === undefined ? undefined : minutes / 60
}
