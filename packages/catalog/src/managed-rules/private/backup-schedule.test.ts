import { describe, expect, it } from "vitest"
import { defaultBackupSchedule, longestIntervalHours } from "./backup-schedule.ts"

describe("longestIntervalHours", () => {
  it.each([
    [defaultBackupSchedule, 24],
    ["cron(15 * ? * * *)", 1],
    ["cron(0 */6 * * ? *)", 6],
    ["cron(0 0,12 * * ? *)", 12],
    ["cron(0 1,2 * * ? *)", 23],
    ["cron(0 5 ? * MON-FRI *)", 72],
    ["cron(0 5 ? * FRI-MON *)", 96],
    ["cron(0 5 ? * SUN *)", 168],
    ["cron(0 5 ? * 1 *)", 168],
    ["cron(0 5 1 * ? *)", 31 * 24],
    ["cron(0 5 L * ? *)", 31 * 24],
    ["cron(0 5 ? * 2#1 *)", 35 * 24],
    ["cron(0 5 1 JAN,JUL ? *)", 184 * 24],
    ["rate(12 hours)", 12],
    ["rate(1 day)", 24],
  ])("%s leaves at most %d hours between runs", (expression, hours) => {
    expect(longestIntervalHours(expression)).toBe(hours)
  })

  it.each([["every day"], ["cron(0 5 * * *)"], ["cron(0 25 * * ? *)"], ["cron(0 5 30 FEB ? *)"]])(
    "cannot read %s",
    (expression) => {
      expect(longestIntervalHours(expression)).toBeUndefined()
    },
  )
})
