import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from "@aws-sdk/client-cloudtrail"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { withServices } from "../config/resources.test-support.ts"
import { trailConfigurationItems } from "./configuration-items.ts"
import { cloudTrailService } from "./index.ts"

const sandbox = useSandbox({ services: withServices(cloudTrailService) })
const dev = { accessKeyId: "dev", secretAccessKey: "dev-secret" }

describe("trails", () => {
  it("are created stopped, started and stopped, and recorded for Config", async () => {
    const { url, parts } = await sandbox
    const cloudtrail = new CloudTrailClient(clientConfig(url))
    const created = await cloudtrail.send(
      new CreateTrailCommand({
        Name: "management-events",
        S3BucketName: "org-trail-logs",
        IsMultiRegionTrail: true,
        IsOrganizationTrail: true,
        SnsTopicName: "trail-events",
        TagsList: [{ Key: "owner", Value: "security" }],
      }),
    )
    expect(created).toMatchObject({
      Name: "management-events",
      TrailARN: "arn:aws:cloudtrail:us-east-1:999999999999:trail/management-events",
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      IncludeGlobalServiceEvents: true,
      SnsTopicARN: "arn:aws:sns:us-east-1:999999999999:trail-events",
    })
    expect((await cloudtrail.send(new GetTrailStatusCommand({ Name: "management-events" }))).IsLogging).toBe(
      false,
    )
    await cloudtrail.send(new StartLoggingCommand({ Name: "management-events" }))
    const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: created.TrailARN }))
    expect(status).toMatchObject({
      IsLogging: true,
      StartLoggingTime: expect.any(Date),
      TimeLoggingStarted: expect.any(String),
    })

    const items = trailConfigurationItems(parts.store, "999999999999", "us-east-1")
    expect(items).toEqual([
      expect.objectContaining({
        resourceType: "AWS::CloudTrail::Trail",
        resourceId: "management-events",
        arn: created.TrailARN,
        configuration: expect.objectContaining({ s3BucketName: "org-trail-logs", isOrganizationTrail: true }),
        supplementaryConfiguration: { TrailStatus: expect.objectContaining({ isLogging: true }) },
        tags: { owner: "security" },
      }),
    ])
    // Config records a trail in its home Region only.
    expect(trailConfigurationItems(parts.store, "999999999999", "eu-west-1")).toEqual([])

    await cloudtrail.send(new StopLoggingCommand({ Name: "management-events" }))
    const stopped = await cloudtrail.send(new GetTrailStatusCommand({ Name: "management-events" }))
    expect(stopped).toMatchObject({ IsLogging: false, StopLoggingTime: expect.any(Date) })
    await cloudtrail.send(new StartLoggingCommand({ Name: "management-events" }))
  })

  it("shows shadow trails: multi-Region ones elsewhere, the organization's in member accounts", async () => {
    const { url } = await sandbox
    const europe = new CloudTrailClient(clientConfig(url, undefined, "eu-west-1"))
    const shadows = await europe.send(new DescribeTrailsCommand({}))
    expect(shadows.trailList?.map((t) => [t.Name, t.HomeRegion])).toEqual([
      ["management-events", "us-east-1"],
    ])
    expect((await europe.send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual(
      [],
    )
    await expect(
      europe.send(
        new StopLoggingCommand({ Name: "arn:aws:cloudtrail:us-east-1:999999999999:trail/management-events" }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidHomeRegionException",
    })

    const member = new CloudTrailClient(clientConfig(url, dev))
    const seen = await member.send(new DescribeTrailsCommand({}))
    expect(seen.trailList?.map((t) => [t.Name, t.IsOrganizationTrail])).toEqual([["management-events", true]])
    const status = await member.send(
      new GetTrailStatusCommand({
        Name: "arn:aws:cloudtrail:us-east-1:999999999999:trail/management-events",
      }),
    )
    expect(status.IsLogging).toBe(true)
    await expect(
      member.send(
        new DeleteTrailCommand({ Name: "arn:aws:cloudtrail:us-east-1:999999999999:trail/management-events" }),
      ),
    ).rejects.toMatchObject({ name: "TrailNotFoundException" })
    await expect(
      member.send(new CreateTrailCommand({ Name: "org", S3BucketName: "b", IsOrganizationTrail: true })),
    ).rejects.toMatchObject({ name: "NotOrganizationMasterAccountException" })
  })

  it("keeps event selectors and answers CloudTrail's errors", async () => {
    const cloudtrail = new CloudTrailClient(clientConfig((await sandbox).url))
    const selectors = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: "management-events" }))
    expect(selectors.EventSelectors).toEqual([
      {
        ReadWriteType: "All",
        IncludeManagementEvents: true,
        DataResources: [],
        ExcludeManagementEventSources: [],
      },
    ])
    const put = await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: "management-events",
        EventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }],
      }),
    )
    expect(put.EventSelectors?.[0]?.ReadWriteType).toBe("WriteOnly")
    expect(
      (await cloudtrail.send(new DescribeTrailsCommand({ trailNameList: ["management-events"] })))
        .trailList?.[0]?.HasCustomEventSelectors,
    ).toBe(true)
    await expect(
      cloudtrail.send(
        new PutEventSelectorsCommand({
          TrailName: "management-events",
          EventSelectors: [{ ReadWriteType: "Sometimes" as never }],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidEventSelectorsException" })
    await expect(cloudtrail.send(new GetTrailStatusCommand({ Name: "missing" }))).rejects.toMatchObject({
      name: "TrailNotFoundException",
      message: expect.stringContaining(
        "Unknown trail: arn:aws:cloudtrail:us-east-1:999999999999:trail/missing",
      ),
    })
    await expect(
      cloudtrail.send(new CreateTrailCommand({ Name: "ab", S3BucketName: "b" })),
    ).rejects.toMatchObject({
      name: "InvalidTrailNameException",
    })
    await expect(
      cloudtrail.send(new CreateTrailCommand({ Name: "management-events", S3BucketName: "b" })),
    ).rejects.toMatchObject({ name: "TrailAlreadyExistsException" })
    await cloudtrail.send(new CreateTrailCommand({ Name: "short-lived", S3BucketName: "b" }))
    await cloudtrail.send(new DeleteTrailCommand({ Name: "short-lived" }))
    await expect(cloudtrail.send(new DeleteTrailCommand({ Name: "short-lived" }))).rejects.toMatchObject({
      name: "TrailNotFoundException",
    })
  })
})
