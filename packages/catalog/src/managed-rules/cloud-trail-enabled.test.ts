import { describe, expect, it } from "vitest"
import { cloudTrailEnabled } from "./cloud-trail-enabled.ts"
import { account, accountId, dbInstance, evaluate, region, trail } from "./fixtures.test-support.ts"

describe("CLOUD_TRAIL_ENABLED", () => {
  it("is a periodic account-level rule", () => {
    expect(cloudTrailEnabled.trigger).toBe("periodic")
    expect(cloudTrailEnabled.resourceTypes).toEqual(["AWS::::Account"])
  })

  it("is compliant when a trail is recorded", () => {
    const result = evaluate(cloudTrailEnabled, account(), { inventory: [trail()] })
    expect(result.compliance).toBe("COMPLIANT")
    expect(result.annotation).toContain("management-events is logging")
  })

  it("is non-compliant when no trail is recorded", () => {
    const result = evaluate(cloudTrailEnabled, account())
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain(
      `No CloudTrail trail is recorded for account ${accountId} in ${region}`,
    )
  })

  it("is non-compliant when the only trail has stopped logging", () => {
    const result = evaluate(cloudTrailEnabled, account(), { inventory: [trail({ isLogging: false })] })
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain("none is logging")
  })

  it("checks the bucket, topic and log group parameters", () => {
    const inventory = [trail()]
    const matching = {
      s3BucketName: "org-trail-logs",
      snsTopicArn: `arn:aws:sns:${region}:${accountId}:trail-events`,
      cloudWatchLogsLogGroupArn: `arn:aws:logs:${region}:${accountId}:log-group:trail`,
    }
    expect(evaluate(cloudTrailEnabled, account(), { inventory, parameters: matching }).compliance).toBe(
      "COMPLIANT",
    )
    const result = evaluate(cloudTrailEnabled, account(), {
      inventory,
      parameters: { s3BucketName: "other-bucket" },
    })
    expect(result.compliance).toBe("NON_COMPLIANT")
    expect(result.annotation).toContain(
      "uses S3 bucket other-bucket (management-events: S3 bucket org-trail-logs)",
    )
  })

  it("is not applicable to anything but the account", () => {
    expect(evaluate(cloudTrailEnabled, dbInstance(), { inventory: [trail()] }).compliance).toBe(
      "NOT_APPLICABLE",
    )
  })
})
