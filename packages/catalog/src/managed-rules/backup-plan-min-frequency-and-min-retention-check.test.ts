import { describe, expect, it } from "vitest"
import { backupPlanMinFrequencyAndMinRetentionCheck as rule } from "./backup-plan-min-frequency-and-min-retention-check.ts"
import { backupPlan, backupRule, evaluate, recoveryPoint } from "./fixtures.test-support.ts"
import { RuleParameterError } from "./managed-rule.ts"

const daily35 = backupRule("daily", "cron(0 5 ? * * *)", 35)

describe("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", () => {
  it("documents AWS's defaults: every 1 day, kept 35 days", () => {
    const defaults = Object.fromEntries(rule.parameters.map((spec) => [spec.name, spec.default]))
    expect(defaults).toEqual({
      requiredFrequencyValue: 1,
      requiredRetentionDays: 35,
      requiredFrequencyUnit: "days",
    })
  })

  it("is compliant for a daily rule keeping 35 days", () => {
    const result = evaluate(rule, backupPlan([daily35]))
    expect(result.compliance).toBe("COMPLIANT")
    expect(result.annotation).toContain("rule daily backs up every 1 days and kept 35 days")
  })

  it("is non-compliant for a weekly rule", () => {
    const result = evaluate(rule, backupPlan([backupRule("weekly", "cron(0 5 ? * SUN *)", 35)]))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("weekly: cron(0 5 ? * SUN *) leaves up to 168 h between backups")
  })

  it("is non-compliant when retention is below requiredRetentionDays", () => {
    const result = evaluate(rule, backupPlan([backupRule("daily", "cron(0 5 ? * * *)", 14)]))
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("daily: deletes after 14 days")
  })

  it("needs one rule meeting both requirements, not one for each", () => {
    const split = backupPlan([
      backupRule("daily-short", "cron(0 5 ? * * *)", 7),
      backupRule("monthly-long", "cron(0 5 1 * ? *)", 365),
    ])
    expect(evaluate(rule, split).compliance).toBe("NON_COMPLIANT")
    expect(
      evaluate(rule, backupPlan([backupRule("daily-short", "cron(0 5 ? * * *)", 7), daily35])).compliance,
    ).toBe("COMPLIANT")
  })

  it("treats a rule without lifecycle as kept forever and without schedule as AWS Backup's daily default", () => {
    expect(evaluate(rule, backupPlan([backupRule("defaults", undefined, undefined)])).compliance).toBe(
      "COMPLIANT",
    )
  })

  it("applies requiredFrequencyValue and requiredFrequencyUnit", () => {
    const hourly = { requiredFrequencyValue: "12", requiredFrequencyUnit: "hours" }
    expect(evaluate(rule, backupPlan([daily35]), { parameters: hourly }).compliance).toBe("NON_COMPLIANT")
    const twiceDaily = backupPlan([backupRule("twice", "cron(0 0,12 * * ? *)", 35)])
    expect(evaluate(rule, twiceDaily, { parameters: hourly }).compliance).toBe("COMPLIANT")
    const weekly = backupPlan([backupRule("weekly", "cron(0 5 ? * SUN *)", 35)])
    expect(evaluate(rule, weekly, { parameters: { requiredFrequencyValue: "7" } }).compliance).toBe(
      "COMPLIANT",
    )
  })

  it("is non-compliant for a plan without rules or with an unreadable schedule", () => {
    expect(evaluate(rule, backupPlan([])).annotation).toContain("has no backup rules")
    const odd = evaluate(rule, backupPlan([backupRule("odd", "every day", 35)]))
    expect(odd.compliance).toBe("NON_COMPLIANT")
    expect(odd.annotation).toContain("schedule every day could not be read")
  })

  it("rejects parameters outside what AWS accepts", () => {
    expect(() =>
      evaluate(rule, backupPlan([daily35]), { parameters: { requiredFrequencyUnit: "weeks" } }),
    ).toThrow(RuleParameterError)
    expect(() =>
      evaluate(rule, backupPlan([daily35]), {
        parameters: { requiredFrequencyValue: "30", requiredFrequencyUnit: "hours" },
      }),
    ).toThrow(/at most 24 when requiredFrequencyUnit is hours/)
    expect(() =>
      evaluate(rule, backupPlan([daily35]), { parameters: { requiredFrequencyValue: "32" } }),
    ).toThrow(RuleParameterError)
  })

  it("is not applicable to recovery points", () => {
    expect(evaluate(rule, recoveryPoint()).compliance).toBe("NOT_APPLICABLE")
  })
})
