import { describe, expect, it } from "vitest"
import {
  accountId,
  auroraInstance,
  backupSelection,
  dbCluster,
  dbInstance,
  evaluate,
  region,
} from "./fixtures.test-support.ts"
import { rdsInBackupPlan } from "./rds-in-backup-plan.ts"

const instanceArn = `arn:aws:rds:${region}:${accountId}:db:orders-db`

describe("RDS_IN_BACKUP_PLAN", () => {
  it("is a periodic rule", () => {
    expect(rdsInBackupPlan.trigger).toBe("periodic")
  })

  it("is compliant when a selection lists the instance ARN", () => {
    const result = evaluate(rdsInBackupPlan, dbInstance(), {
      inventory: [backupSelection({ resources: [instanceArn] })],
    })
    expect(result.compliance).toBe("COMPLIANT")
    expect(result.annotation).toContain("selection rds")
  })

  it("is compliant when a wildcard selects every RDS instance", () => {
    const inventory = [backupSelection({ Resources: ["arn:aws:rds:*:*:db:*"] })]
    expect(evaluate(rdsInBackupPlan, dbInstance(), { inventory }).compliance).toBe("COMPLIANT")
  })

  it("is non-compliant when no selection covers the instance", () => {
    const inventory = [backupSelection({ resources: ["arn:aws:dynamodb:*:*:table/*"] })]
    const result = evaluate(rdsInBackupPlan, dbInstance(), { inventory })
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain(
      `orders-db (${instanceArn}) is in none of the 1 recorded backup selections`,
    )
  })

  it("is non-compliant when the account has no backup selections at all", () => {
    expect(evaluate(rdsInBackupPlan, dbInstance()).compliance).toBe("NON_COMPLIANT")
  })

  it("honours notResources exclusions", () => {
    const inventory = [backupSelection({ resources: ["*"], notResources: [instanceArn] })]
    expect(evaluate(rdsInBackupPlan, dbInstance(), { inventory }).compliance).toBe("NON_COMPLIANT")
  })

  it("selects by tag through listOfTags and conditions", () => {
    const tagged = dbInstance({}, { tags: { backup: "daily", env: "prod" } })
    const byTag = [
      backupSelection({
        listOfTags: [{ conditionType: "STRINGEQUALS", conditionKey: "backup", conditionValue: "daily" }],
      }),
    ]
    expect(evaluate(rdsInBackupPlan, tagged, { inventory: byTag }).compliance).toBe("COMPLIANT")
    expect(evaluate(rdsInBackupPlan, dbInstance(), { inventory: byTag }).compliance).toBe("NON_COMPLIANT")
    const byCondition = [
      backupSelection({
        resources: ["*"],
        conditions: {
          stringEquals: [{ conditionKey: "aws:ResourceTag/env", conditionValue: "prod" }],
          stringNotLike: [{ conditionKey: "aws:ResourceTag/backup", conditionValue: "no*" }],
        },
      }),
    ]
    expect(evaluate(rdsInBackupPlan, tagged, { inventory: byCondition }).compliance).toBe("COMPLIANT")
    const optedOut = dbInstance({}, { tags: { backup: "none", env: "prod" } })
    expect(evaluate(rdsInBackupPlan, optedOut, { inventory: byCondition }).compliance).toBe("NON_COMPLIANT")
  })

  it("counts an Aurora instance as covered when its cluster is selected", () => {
    const inventory = [
      backupSelection({ resources: [`arn:aws:rds:${region}:${accountId}:cluster:orders-cluster`] }),
    ]
    expect(evaluate(rdsInBackupPlan, auroraInstance(), { inventory }).compliance).toBe("COMPLIANT")
  })

  it("is not applicable to DB clusters", () => {
    expect(evaluate(rdsInBackupPlan, dbCluster()).compliance).toBe("NOT_APPLICABLE")
  })
})
