import {
  ConfigServiceClient,
  DeleteConfigurationAggregatorCommand,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeAggregateComplianceByConformancePacksCommand,
  DescribeConfigurationAggregatorsCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  GetAggregateConfigRuleComplianceSummaryCommand,
  GetAggregateDiscoveredResourceCountsCommand,
  PutConfigRuleCommand,
  PutConfigurationAggregatorCommand,
  PutConformancePackCommand,
} from "@aws-sdk/client-config-service"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { configService } from "./index.ts"
import {
  accountKeys,
  dbInstance,
  scenarioWithKeys,
  setResources,
  testResourcesService,
  turnOnConfig,
  withServices,
} from "./resources.test-support.ts"

const sandbox = useSandbox({
  scenario: scenarioWithKeys(),
  services: withServices(configService, testResourcesService),
})

const client = async (account: string, region = "us-east-1") =>
  new ConfigServiceClient(clientConfig((await sandbox).url, accountKeys(account), region))

const encryptedRule = new PutConfigRuleCommand({
  ConfigRule: {
    ConfigRuleName: "encrypted",
    Source: { Owner: "AWS", SourceIdentifier: "RDS_STORAGE_ENCRYPTED" },
  },
})

const pack = `
Resources:
  MultiAz:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: pack-multi-az
      Source: {Owner: AWS, SourceIdentifier: RDS_MULTI_AZ_SUPPORT}
  Public:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: pack-not-public
      Source: {Owner: AWS, SourceIdentifier: RDS_INSTANCE_PUBLIC_ACCESS_CHECK}
`

describe("configuration aggregators", () => {
  it("collect compliance from an organization's accounts and Regions", async () => {
    // 111111111111 in us-east-1: 120 instances, every third unencrypted; 222222222222 in both Regions.
    setResources(
      "111111111111",
      "us-east-1",
      Array.from({ length: 120 }, (_, i) =>
        dbInstance("111111111111", "us-east-1", `db${String(i).padStart(3, "0")}`, {
          storageEncrypted: i % 3 !== 0,
        }),
      ),
    )
    setResources("222222222222", "us-east-1", [
      dbInstance("222222222222", "us-east-1", "ok", { multiAZ: false }),
    ])
    setResources("222222222222", "eu-west-1", [dbInstance("222222222222", "eu-west-1", "ok")])
    for (const [account, region] of [
      ["111111111111", "us-east-1"],
      ["222222222222", "us-east-1"],
      ["222222222222", "eu-west-1"],
    ] as const) {
      const config = await client(account, region)
      await turnOnConfig(config)
      await config.send(encryptedRule)
    }
    await (await client("222222222222")).send(
      new PutConformancePackCommand({ ConformancePackName: "rds", TemplateBody: pack }),
    )

    const management = await client("999999999999")
    const created = await management.send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: "organization",
        OrganizationAggregationSource: {
          RoleArn: "arn:aws:iam::999999999999:role/ConfigAggregator",
          AllAwsRegions: true,
        },
      }),
    )
    expect(created.ConfigurationAggregator).toMatchObject({
      ConfigurationAggregatorName: "organization",
      ConfigurationAggregatorArn: expect.stringMatching(
        /^arn:aws:config:us-east-1:999999999999:config-aggregator\/config-aggregator-[a-z0-9]{8}$/,
      ),
      OrganizationAggregationSource: { AllAwsRegions: true },
      CreationTime: expect.any(Date),
    })

    const byRule = await management.send(
      new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: "organization" }),
    )
    expect(
      byRule.AggregateComplianceByConfigRules?.map((r) => [
        r.AccountId,
        r.AwsRegion,
        r.ConfigRuleName,
        r.Compliance?.ComplianceType,
      ]),
    ).toEqual([
      ["111111111111", "us-east-1", "encrypted", "NON_COMPLIANT"],
      ["222222222222", "eu-west-1", "encrypted", "COMPLIANT"],
      ["222222222222", "us-east-1", "encrypted", "COMPLIANT"],
      ["222222222222", "us-east-1", "pack-multi-az", "NON_COMPLIANT"],
      ["222222222222", "us-east-1", "pack-not-public", "COMPLIANT"],
    ])
    expect(byRule.AggregateComplianceByConfigRules?.[0]?.Compliance?.ComplianceContributorCount).toEqual({
      CappedCount: 40,
      CapExceeded: false,
    })
    const filtered = await management.send(
      new DescribeAggregateComplianceByConfigRulesCommand({
        ConfigurationAggregatorName: "organization",
        Filters: { AccountId: "222222222222", ComplianceType: "COMPLIANT", AwsRegion: "us-east-1" },
      }),
    )
    expect(filtered.AggregateComplianceByConfigRules?.map((r) => r.ConfigRuleName)).toEqual([
      "encrypted",
      "pack-not-public",
    ])

    const packs = await management.send(
      new DescribeAggregateComplianceByConformancePacksCommand({
        ConfigurationAggregatorName: "organization",
      }),
    )
    expect(packs.AggregateComplianceByConformancePacks).toEqual([
      {
        ConformancePackName: "rds",
        Compliance: {
          ComplianceType: "NON_COMPLIANT",
          CompliantRuleCount: 1,
          NonCompliantRuleCount: 1,
          TotalRuleCount: 2,
        },
        AccountId: "222222222222",
        AwsRegion: "us-east-1",
      },
    ])

    const summary = await management.send(
      new GetAggregateConfigRuleComplianceSummaryCommand({
        ConfigurationAggregatorName: "organization",
        GroupByKey: "ACCOUNT_ID",
      }),
    )
    expect(summary.GroupByKey).toBe("ACCOUNT_ID")
    expect(
      summary.AggregateComplianceCounts?.map((c) => [
        c.GroupName,
        c.ComplianceSummary?.CompliantResourceCount?.CappedCount,
        c.ComplianceSummary?.NonCompliantResourceCount?.CappedCount,
      ]),
    ).toEqual([
      ["111111111111", 0, 1],
      ["222222222222", 3, 1],
    ])
  })

  it("reads the results of one account and Region per call, in pages of at most 100", async () => {
    const management = await client("999999999999")
    const details = (extra: Record<string, unknown>) =>
      management.send(
        new GetAggregateComplianceDetailsByConfigRuleCommand({
          ConfigurationAggregatorName: "organization",
          ConfigRuleName: "encrypted",
          AccountId: "111111111111",
          AwsRegion: "us-east-1",
          ...extra,
        }),
      )
    const first = await details({})
    expect(first.AggregateEvaluationResults).toHaveLength(50)
    const full = await details({ Limit: 100 })
    expect(full.AggregateEvaluationResults).toHaveLength(100)
    expect(full.AggregateEvaluationResults?.[0]).toMatchObject({
      AccountId: "111111111111",
      AwsRegion: "us-east-1",
      ComplianceType: "NON_COMPLIANT",
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: { ConfigRuleName: "encrypted", ResourceType: "AWS::RDS::DBInstance" },
      },
    })
    const rest = await details({ Limit: 100, NextToken: full.NextToken })
    expect(rest.AggregateEvaluationResults).toHaveLength(20)
    expect(rest.NextToken).toBeUndefined()
    const failing = await details({ ComplianceType: "NON_COMPLIANT", Limit: 100 })
    expect(failing.AggregateEvaluationResults).toHaveLength(40)
    await expect(details({ Limit: 101 })).rejects.toMatchObject({ name: "InvalidLimitException" })
    await expect(details({ NextToken: "forged" })).rejects.toMatchObject({
      name: "InvalidNextTokenException",
    })
    const outside = await details({ AccountId: "333333333333" })
    expect(outside.AggregateEvaluationResults).toEqual([])
    await expect(
      management.send(
        new GetAggregateComplianceDetailsByConfigRuleCommand({
          ConfigurationAggregatorName: "missing",
          ConfigRuleName: "encrypted",
          AccountId: "111111111111",
          AwsRegion: "us-east-1",
        }),
      ),
    ).rejects.toMatchObject({ name: "NoSuchConfigurationAggregatorException" })
  })

  it("counts the resources its recording sources discover, by account, Region or type", async () => {
    const management = await client("999999999999")
    const counts = (input: Record<string, unknown>) =>
      management.send(
        new GetAggregateDiscoveredResourceCountsCommand({
          ConfigurationAggregatorName: "organization",
          ...input,
        }),
      )
    const byAccount = await counts({ GroupByKey: "ACCOUNT_ID" })
    expect(byAccount.TotalDiscoveredResources).toBe(122)
    expect(byAccount.GroupedResourceCounts).toEqual([
      { GroupName: "111111111111", ResourceCount: 120 },
      { GroupName: "222222222222", ResourceCount: 2 },
    ])
    const one = await counts({ Filters: { AccountId: "222222222222", Region: "eu-west-1" } })
    expect(one.TotalDiscoveredResources).toBe(1)
    expect(one.GroupedResourceCounts).toBeUndefined()
    // An account of the organization without Config records nothing.
    const silent = await counts({ Filters: { AccountId: "333333333333" } })
    expect(silent.TotalDiscoveredResources).toBe(0)
    await expect(counts({ GroupByKey: "OWNER" })).rejects.toMatchObject({ name: "ValidationException" })
  })

  it("takes account sources from anyone, organization sources from the management account only", async () => {
    const member = await client("333333333333")
    await expect(
      member.send(
        new PutConfigurationAggregatorCommand({
          ConfigurationAggregatorName: "org",
          OrganizationAggregationSource: {
            RoleArn: "arn:aws:iam::333333333333:role/Agg",
            AllAwsRegions: true,
          },
        }),
      ),
    ).rejects.toMatchObject({ name: "OrganizationAccessDeniedException" })
    await expect(
      member.send(
        new PutConfigurationAggregatorCommand({
          ConfigurationAggregatorName: "both",
          AccountAggregationSources: [
            { AccountIds: ["222222222222"], AllAwsRegions: true, AwsRegions: ["us-east-1"] },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException" })
    await member.send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: "dev",
        AccountAggregationSources: [{ AccountIds: ["222222222222"], AwsRegions: ["eu-west-1"] }],
      }),
    )
    const rules = await member.send(
      new DescribeAggregateComplianceByConfigRulesCommand({ ConfigurationAggregatorName: "dev" }),
    )
    expect(rules.AggregateComplianceByConfigRules?.map((r) => [r.AccountId, r.AwsRegion])).toEqual([
      ["222222222222", "eu-west-1"],
    ])
    const described = await member.send(new DescribeConfigurationAggregatorsCommand({}))
    expect(described.ConfigurationAggregators?.[0]).toMatchObject({
      ConfigurationAggregatorName: "dev",
      AccountAggregationSources: [{ AccountIds: ["222222222222"], AwsRegions: ["eu-west-1"] }],
    })
    await member.send(new DeleteConfigurationAggregatorCommand({ ConfigurationAggregatorName: "dev" }))
    await expect(
      member.send(new DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: ["dev"] })),
    ).rejects.toMatchObject({ name: "NoSuchConfigurationAggregatorException" })
  })
})
