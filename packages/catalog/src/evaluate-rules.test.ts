import type { ConfigurationItem } from "@rampart/model"
import { describe, expect, it } from "vitest"
import { accountItem, evaluateRules } from "./evaluate-rules.ts"
import { dbInstance as compliantInstance } from "./managed-rules/fixtures.test-support.ts"

/** A compliant PostgreSQL instance in the given account and Region, with `configuration` overriding. */
const dbInstance = (
  account: string,
  region: string,
  name: string,
  configuration: Readonly<Record<string, unknown>> = {},
): ConfigurationItem => ({
  ...compliantInstance(configuration, { resourceName: name }),
  resourceId: `db-${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
  accountId: account,
  awsRegion: region,
})

const trail = (account: string, region: string, logging: boolean): ConfigurationItem => ({
  resourceType: "AWS::CloudTrail::Trail",
  resourceId: "main",
  resourceName: "main",
  accountId: account,
  awsRegion: region,
  configuration: { name: "main", s3BucketName: "logs" },
  supplementaryConfiguration: { TrailStatus: { isLogging: logging } },
})

describe("evaluateRules", () => {
  it("judges the items of each rule's resource types with the catalog's evaluators", () => {
    const items = [
      dbInstance("111111111111", "us-east-1", "good"),
      dbInstance("111111111111", "us-east-1", "plain", { storageEncrypted: false }),
    ]
    const { results, failures } = evaluateRules(items, [
      { name: "encrypted", sourceIdentifier: "RDS_STORAGE_ENCRYPTED", parameters: {} },
    ])
    expect(failures).toEqual([])
    expect(results.map((r) => [r.resourceId, r.compliance])).toEqual([
      ["db-GOOD", "COMPLIANT"],
      ["db-PLAIN", "NON_COMPLIANT"],
    ])
    expect(results[1]).toMatchObject({
      ruleName: "encrypted",
      accountId: "111111111111",
      awsRegion: "us-east-1",
    })
  })

  it("evaluates account-level rules on each account and Region with that scope's inventory only", () => {
    const items = [
      trail("111111111111", "us-east-1", true),
      trail("222222222222", "us-east-1", false),
      dbInstance("333333333333", "eu-west-1", "x"),
    ]
    const { results } = evaluateRules(items, [
      { name: "trail", sourceIdentifier: "CLOUD_TRAIL_ENABLED", parameters: {} },
    ])
    expect(results.map((r) => [r.resourceType, r.resourceId, r.awsRegion, r.compliance])).toEqual([
      ["AWS::::Account", "111111111111", "us-east-1", "COMPLIANT"],
      ["AWS::::Account", "222222222222", "us-east-1", "NON_COMPLIANT"],
      ["AWS::::Account", "333333333333", "eu-west-1", "NON_COMPLIANT"],
    ])
    // A given account item is used as is, not duplicated.
    const given = evaluateRules(
      [accountItem("444444444444", "us-east-1")],
      [{ name: "trail", sourceIdentifier: "CLOUD_TRAIL_ENABLED", parameters: {} }],
    )
    expect(given.results).toHaveLength(1)
  })

  it("respects the scope: resource types, tags and one resource id", () => {
    const tagged = { ...dbInstance("111111111111", "us-east-1", "tagged"), tags: { env: "prod" } }
    const other = { ...dbInstance("111111111111", "us-east-1", "other"), tags: { env: "dev" } }
    const rule = { name: "r", sourceIdentifier: "RDS_STORAGE_ENCRYPTED", parameters: {} }
    expect(
      evaluateRules([tagged, other], [{ ...rule, scope: { tagKey: "env", tagValue: "prod" } }]).results.map(
        (r) => r.resourceId,
      ),
    ).toEqual(["db-TAGGED"])
    expect(evaluateRules([tagged, other], [{ ...rule, scope: { tagKey: "env" } }]).results).toHaveLength(2)
    expect(
      evaluateRules([tagged, other], [{ ...rule, scope: { complianceResourceId: "db-OTHER" } }]).results.map(
        (r) => r.resourceId,
      ),
    ).toEqual(["db-OTHER"])
    // Types outside the managed rule's own are NOT_APPLICABLE, as AWS Config reports them.
    const snapshots = evaluateRules(
      [{ ...tagged, resourceType: "AWS::RDS::DBSnapshot" }],
      [{ ...rule, scope: { complianceResourceTypes: ["AWS::RDS::DBSnapshot"] } }],
    )
    expect(snapshots.results.map((r) => r.compliance)).toEqual(["NOT_APPLICABLE"])
  })

  it("turns unknown rules and unreadable parameters into failures, with no partial results", () => {
    const items = [dbInstance("111111111111", "us-east-1", "a")]
    const { results, failures } = evaluateRules(items, [
      { name: "unknown", sourceIdentifier: "NOT_A_RULE", parameters: {} },
      {
        name: "backups",
        sourceIdentifier: "DB_INSTANCE_BACKUP_ENABLED",
        parameters: { backupRetentionMinimum: "many" },
      },
    ])
    expect(results).toEqual([])
    expect(failures.map((f) => f.ruleName)).toEqual(["unknown", "backups"])
    expect(failures[1]?.message).toContain("backupRetentionMinimum")
  })
})
