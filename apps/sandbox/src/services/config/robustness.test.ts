import { describe, expect, it } from "vitest"
import { useSandbox } from "../../fixtures.test-support.ts"
import type { ServiceDefinition } from "../../operation.ts"
import { handleRequest } from "../../server.ts"
import { cloudTrailService } from "../cloudtrail/index.ts"
import { configService } from "./index.ts"
import { dbInstance, setResources, testResourcesService, withServices } from "./resources.test-support.ts"

const sandbox = useSandbox({
  services: withServices(configService, cloudTrailService, testResourcesService),
})

const template = `
Parameters:
  Minimum: {Type: String, Default: "7"}
Resources:
  Backups:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: fuzz-backups
      InputParameters: {backupRetentionMinimum: {Ref: Minimum}}
      Source: {Owner: AWS, SourceIdentifier: DB_INSTANCE_BACKUP_ENABLED}
  Fix:
    Type: AWS::Config::RemediationConfiguration
    Properties:
      ConfigRuleName: fuzz-backups
      TargetType: SSM_DOCUMENT
      TargetId: AWSConfigRemediation-EnableRDSInstanceBackup
      Parameters:
        DbiResourceId: {ResourceValue: {Value: RESOURCE_ID}}
`

/** A plausible value for every member the operations take, so a bad one reaches deep into the handlers. */
const plausible: Record<string, unknown> = {
  ConfigurationRecorder: { name: "default", roleARN: "arn:aws:iam::999999999999:role/config" },
  ConfigurationRecorderName: "default",
  ConfigurationRecorderNames: ["default"],
  DeliveryChannel: { name: "default", s3BucketName: "bucket" },
  DeliveryChannelName: "default",
  DeliveryChannelNames: ["default"],
  ConfigRule: {
    ConfigRuleName: "fuzz",
    Source: { Owner: "AWS", SourceIdentifier: "RDS_STORAGE_ENCRYPTED" },
    Scope: { ComplianceResourceTypes: ["AWS::RDS::DBInstance"] },
    InputParameters: "{}",
  },
  ConfigRuleName: "fuzz-backups",
  ConfigRuleNames: ["fuzz-backups"],
  ComplianceTypes: ["NON_COMPLIANT"],
  ComplianceType: "NON_COMPLIANT",
  ResourceType: "AWS::RDS::DBInstance",
  ResourceId: "db-A",
  ConformancePackName: "fuzz-pack",
  ConformancePackNames: ["fuzz-pack"],
  TemplateBody: template,
  ConformancePackInputParameters: [{ ParameterName: "Minimum", ParameterValue: "9" }],
  OrganizationConformancePackName: "fuzz-org",
  OrganizationConformancePackNames: ["fuzz-org"],
  ExcludedAccounts: ["333333333333"],
  Filters: { ConfigRuleNames: ["fuzz-backups"], AccountId: "999999999999", Status: "CREATE_SUCCESSFUL" },
  RemediationConfigurations: [
    {
      ConfigRuleName: "fuzz",
      TargetType: "SSM_DOCUMENT",
      TargetId: "AWS-Fix",
      Parameters: { Id: { ResourceValue: { Value: "RESOURCE_ID" } } },
    },
  ],
  ConfigurationAggregatorName: "fuzz-aggregator",
  ConfigurationAggregatorNames: ["fuzz-aggregator"],
  AccountAggregationSources: [{ AccountIds: ["999999999999"], AllAwsRegions: true }],
  AccountId: "999999999999",
  AwsRegion: "us-east-1",
  GroupByKey: "ACCOUNT_ID",
  Limit: 5,
  NextToken: undefined,
  LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "PutConfigRule" }],
  StartTime: 0,
  EndTime: 4_000_000_000,
  MaxResults: 10,
  Name: "fuzz-trail",
  S3BucketName: "bucket",
  TrailName: "fuzz-trail",
  EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }],
  trailNameList: ["fuzz-trail"],
  includeShadowTrails: true,
  TagsList: [{ Key: "k", Value: "v" }],
}

const badValues: ReadonlyArray<unknown> = [null, 7, "x", [null], { a: [1] }, -1]

describe("bad input", () => {
  it("never crashes a Config or CloudTrail operation", { timeout: 120_000 }, async () => {
    const { parts } = await sandbox
    setResources("999999999999", "us-east-1", [
      dbInstance("999999999999", "us-east-1", "a", { storageEncrypted: false }),
    ])
    const send = (service: ServiceDefinition, operation: string, body: unknown) =>
      handleRequest(
        { ...parts, verifySignatures: false },
        {
          method: "POST",
          path: "/",
          query: "",
          headers: {
            authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/${service.signingName}/aws4_request, SignedHeaders=host, Signature=0`,
            "x-amz-target": `${service.targetPrefix}.${operation}`,
            "content-type": "application/x-amz-json-1.1",
          },
          body: Buffer.from(JSON.stringify(body)),
        },
      )
    // Build up state first, so bad values meet recorders, rules, packs, trails and aggregators.
    for (const operation of [
      "PutConfigurationRecorder",
      "PutDeliveryChannel",
      "StartConfigurationRecorder",
      "PutConfigRule",
      "PutConformancePack",
      "PutOrganizationConformancePack",
      "PutConfigurationAggregator",
    ])
      expect((await send(configService, operation, plausible)).status).toBe(200)
    expect((await send(cloudTrailService, "CreateTrail", plausible)).status).toBe(200)

    const crashes: string[] = []
    for (const service of [configService, cloudTrailService]) {
      // Deletes last, so the other operations meet the state first.
      const operations = [...service.operations].sort(
        (a, b) => Number(a.name.startsWith("Delete")) - Number(b.name.startsWith("Delete")),
      )
      for (const operation of operations) {
        const bodies: unknown[] = [{}, [], "text", 7, plausible]
        for (const [member] of Object.entries(plausible))
          for (const bad of badValues) bodies.push({ ...plausible, [member]: bad })
        for (const bad of badValues)
          bodies.push(Object.fromEntries(Object.keys(plausible).map((k) => [k, bad])))
        for (const body of bodies) {
          const answer = await send(service, operation.name, body)
          if (answer.status >= 500)
            crashes.push(`${operation.name} ${JSON.stringify(body).slice(0, 200)}: ${answer.body}`)
        }
      }
    }
    expect(crashes).toEqual([])
  })
})
