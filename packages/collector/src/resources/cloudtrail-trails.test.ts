import { evaluateRules } from "@rampart/catalog"
import { describe, expect, it } from "vitest"
import type { Capture } from "../capture.ts"
import { isRecordedIn, trailItem } from "./cloudtrail-trails.ts"

const capture: Capture = {
  accountId: "111122223333",
  awsRegion: "eu-west-1",
  time: "2026-01-02T03:04:05.000Z",
}

const trail = (name: string, homeRegion: string, owner: string) => ({
  Name: name,
  S3BucketName: `${name}-logs`,
  SnsTopicARN: `arn:aws:sns:${homeRegion}:${owner}:${name}`,
  IsMultiRegionTrail: true,
  HomeRegion: homeRegion,
  TrailARN: `arn:aws:cloudtrail:${homeRegion}:${owner}:trail/${name}`,
  IsOrganizationTrail: false,
})

describe("trails", () => {
  it("are recorded in their home Region by the account that owns them, not as shadows", () => {
    expect(isRecordedIn(trail("audit", "eu-west-1", "111122223333"), capture)).toBe(true)
    expect(isRecordedIn(trail("global", "us-east-1", "111122223333"), capture)).toBe(false)
    expect(
      isRecordedIn({ ...trail("org", "eu-west-1", "999999999999"), IsOrganizationTrail: true }, capture),
    ).toBe(false)
  })

  it("carry Config's field names and their logging status in supplementaryConfiguration.TrailStatus", () => {
    const item = trailItem(
      trail("audit", "eu-west-1", "111122223333"),
      { IsLogging: true, StartLoggingTime: new Date("2025-12-01T00:00:00Z") },
      capture,
    )
    expect(item).toMatchObject({
      resourceType: "AWS::CloudTrail::Trail",
      resourceId: "audit",
      arn: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/audit",
      configuration: {
        name: "audit",
        s3BucketName: "audit-logs",
        snsTopicARN: expect.any(String),
        trailARN: item.arn,
      },
      supplementaryConfiguration: {
        TrailStatus: { isLogging: true, startLoggingTime: "2025-12-01T00:00:00.000Z" },
      },
    })
  })

  it("make the account comply with CLOUD_TRAIL_ENABLED only while one of them logs", () => {
    const verdict = (isLogging: boolean) =>
      evaluateRules(
        [trailItem(trail("audit", "eu-west-1", "111122223333"), { IsLogging: isLogging }, capture)],
        [{ name: "cloudtrail-enabled", sourceIdentifier: "CLOUD_TRAIL_ENABLED", parameters: {} }],
      ).results.map((r) => [r.resourceType, r.compliance])
    expect(verdict(true)).toEqual([["AWS::::Account", "COMPLIANT"]])
    expect(verdict(false)).toEqual([["AWS::::Account", "NON_COMPLIANT"]])
  })
})
