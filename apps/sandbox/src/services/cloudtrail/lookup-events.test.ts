import {
  CloudTrailClient,
  CreateTrailCommand,
  LookupEventsCommand,
  paginateLookupEvents,
} from "@aws-sdk/client-cloudtrail"
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { withServices } from "../config/resources.test-support.ts"
import { cloudTrailService } from "./index.ts"

const sandbox = useSandbox({ services: withServices(cloudTrailService) })

describe("LookupEvents", () => {
  it("answers the recorded calls, newest first, in CloudTrail's shape", async () => {
    const { url } = await sandbox
    const organizations = new OrganizationsClient(clientConfig(url))
    await organizations.send(new DescribeOrganizationCommand({}))
    const cloudtrail = new CloudTrailClient(clientConfig(url))
    await cloudtrail.send(new CreateTrailCommand({ Name: "audit-trail", S3BucketName: "audit-logs" }))
    const answer = await cloudtrail.send(new LookupEventsCommand({ MaxResults: 2 }))
    expect(answer.Events?.map((e) => e.EventName)).toEqual(["CreateTrail", "DescribeOrganization"])
    const created = answer.Events?.[0]
    expect(created).toMatchObject({
      EventName: "CreateTrail",
      EventSource: "cloudtrail.amazonaws.com",
      ReadOnly: "false",
      AccessKeyId: "test",
      Username: "test",
      Resources: [{ ResourceType: "AWS::CloudTrail::Trail", ResourceName: "audit-trail" }],
    })
    expect(created?.EventTime).toBeInstanceOf(Date)
    const event = JSON.parse(created?.CloudTrailEvent ?? "{}")
    expect(event).toMatchObject({
      eventID: created?.EventId,
      eventName: "CreateTrail",
      awsRegion: "us-east-1",
      recipientAccountId: "999999999999",
      requestParameters: { name: "audit-trail", s3BucketName: "audit-logs" },
    })
    expect(answer.Events?.[1]).toMatchObject({ ReadOnly: "true", EventSource: "organizations.amazonaws.com" })
  })

  it("filters by one lookup attribute", async () => {
    const cloudtrail = new CloudTrailClient(clientConfig((await sandbox).url))
    const lookup = async (AttributeKey: string, AttributeValue: string) =>
      (
        await cloudtrail.send(
          new LookupEventsCommand({
            LookupAttributes: [{ AttributeKey: AttributeKey as never, AttributeValue }],
          }),
        )
      ).Events ?? []
    expect((await lookup("EventName", "CreateTrail")).map((e) => e.EventName)).toEqual(["CreateTrail"])
    expect((await lookup("ResourceName", "audit-trail")).map((e) => e.EventName)).toEqual(["CreateTrail"])
    expect((await lookup("ResourceType", "AWS::CloudTrail::Trail")).length).toBe(1)
    expect((await lookup("EventSource", "organizations.amazonaws.com")).map((e) => e.EventName)).toEqual([
      "DescribeOrganization",
    ])
    expect((await lookup("ReadOnly", "false")).every((e) => e.ReadOnly === "false")).toBe(true)
    expect((await lookup("Username", "test")).length).toBeGreaterThan(2)
    expect((await lookup("AccessKeyId", "nobody")).length).toBe(0)
    const one = (await lookup("EventName", "CreateTrail"))[0]
    expect((await lookup("EventId", one?.EventId ?? "")).map((e) => e.EventId)).toEqual([one?.EventId])
    await expect(
      cloudtrail.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: "EventName", AttributeValue: "CreateTrail" },
            { AttributeKey: "ReadOnly", AttributeValue: "true" },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidLookupAttributesException" })
    await expect(
      cloudtrail.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: "Colour" as never, AttributeValue: "red" }],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidLookupAttributesException" })
  })

  it("pages with MaxResults up to 50 and a NextToken that survives new events", async () => {
    const { url } = await sandbox
    const organizations = new OrganizationsClient(clientConfig(url))
    for (let i = 0; i < 6; i++) await organizations.send(new DescribeOrganizationCommand({}))
    const cloudtrail = new CloudTrailClient(clientConfig(url))
    const ids: string[] = []
    for await (const page of paginateLookupEvents(
      { client: cloudtrail, pageSize: 3 },
      { LookupAttributes: [{ AttributeKey: "EventSource", AttributeValue: "organizations.amazonaws.com" }] },
    )) {
      ids.push(...(page.Events ?? []).map((e) => e.EventId ?? ""))
      // Each lookup is itself recorded, in front of the list: pages must not shift.
      await organizations.send(new DescribeOrganizationCommand({}))
    }
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBeGreaterThanOrEqual(7)
    await expect(cloudtrail.send(new LookupEventsCommand({ MaxResults: 51 }))).rejects.toMatchObject({
      name: "InvalidMaxResultsException",
    })
    await expect(cloudtrail.send(new LookupEventsCommand({ NextToken: "forged" }))).rejects.toMatchObject({
      name: "InvalidNextTokenException",
    })
  })

  it("filters by time on the simulated clock, and keeps accounts and Regions apart", async () => {
    const { url, parts } = await sandbox
    parts.clock.advance(3_600_000)
    const since = new Date(parts.clock.now() - 1000)
    const cloudtrail = new CloudTrailClient(clientConfig(url))
    await cloudtrail.send(new CreateTrailCommand({ Name: "later-trail", S3BucketName: "audit-logs" }))
    const recent = await cloudtrail.send(new LookupEventsCommand({ StartTime: since }))
    expect(recent.Events?.map((e) => e.EventName)).toEqual(["CreateTrail"])
    const old = await cloudtrail.send(new LookupEventsCommand({ EndTime: since }))
    expect(
      old.Events?.some(
        (e) => e.EventName === "CreateTrail" && e.Resources?.[0]?.ResourceName === "later-trail",
      ),
    ).toBe(false)
    await expect(
      cloudtrail.send(
        new LookupEventsCommand({ StartTime: new Date(since.getTime() + 10_000), EndTime: since }),
      ),
    ).rejects.toMatchObject({ name: "InvalidTimeRangeException" })
    const europe = new CloudTrailClient(clientConfig(url, undefined, "eu-west-1"))
    expect((await europe.send(new LookupEventsCommand({}))).Events).toEqual([])
    const dev = new CloudTrailClient(clientConfig(url, { accessKeyId: "dev", secretAccessKey: "dev-secret" }))
    const devEvents = await dev.send(new LookupEventsCommand({}))
    expect(devEvents.Events).toEqual([])
  })
})
