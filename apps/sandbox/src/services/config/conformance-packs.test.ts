import { readFileSync } from "node:fs"
import { join } from "node:path"
import {
  ConfigServiceClient,
  DeleteConfigRuleCommand,
  DeleteConformancePackCommand,
  DeleteRemediationConfigurationCommand,
  DescribeConfigRulesCommand,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePackStatusCommand,
  DescribeConformancePacksCommand,
  DescribeRemediationConfigurationsCommand,
  GetConformancePackComplianceDetailsCommand,
  GetConformancePackComplianceSummaryCommand,
  PutConfigRuleCommand,
  PutConformancePackCommand,
  PutRemediationConfigurationsCommand,
} from "@aws-sdk/client-config-service"
import { defaultCatalogRoot } from "@rampart/catalog"
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

/** The catalog's RDS security pack, as shipped. */
const rdsSecurity = readFileSync(join(defaultCatalogRoot(), "conformance-packs", "rds-security.yaml"), "utf8")

const smallPack = `
Parameters:
  Frequency:
    Type: String
    Default: One_Hour
Resources:
  Encrypted:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: small-encrypted
      Source: {Owner: AWS, SourceIdentifier: RDS_STORAGE_ENCRYPTED}
`

describe("conformance packs", () => {
  it("deploys the rds-security pack: rules, remediations, status on the simulated clock", async () => {
    const { parts } = await sandbox
    const account = "111111111111"
    const config = await client(account)
    setResources(account, "us-east-1", [
      dbInstance(account, "us-east-1", "orders"),
      dbInstance(account, "us-east-1", "legacy", { storageEncrypted: false, backupRetentionPeriod: 3 }),
    ])
    await turnOnConfig(config)
    const put = await config.send(
      new PutConformancePackCommand({
        ConformancePackName: "rds-security",
        TemplateBody: rdsSecurity,
        ConformancePackInputParameters: [
          { ParameterName: "RdsBackupRetentionMinimum", ParameterValue: "14" },
        ],
      }),
    )
    expect(put.ConformancePackArn).toMatch(
      /^arn:aws:config:us-east-1:111111111111:conformance-pack\/rds-security\/conformance-pack-[a-z0-9]+$/,
    )
    const creating = await config.send(new DescribeConformancePackStatusCommand({}))
    expect(creating.ConformancePackStatusDetails?.[0]).toMatchObject({
      ConformancePackName: "rds-security",
      ConformancePackState: "CREATE_IN_PROGRESS",
      StackArn: expect.stringMatching(
        /^arn:aws:cloudformation:us-east-1:111111111111:stack\/awsconfigconforms-rds-security-/,
      ),
    })
    parts.clock.advance(60_000)
    const created = await config.send(
      new DescribeConformancePackStatusCommand({ ConformancePackNames: ["rds-security"] }),
    )
    expect(created.ConformancePackStatusDetails?.[0]?.ConformancePackState).toBe("CREATE_COMPLETE")
    expect(created.ConformancePackStatusDetails?.[0]?.LastUpdateCompletedTime).toBeInstanceOf(Date)

    const details = await config.send(new DescribeConformancePacksCommand({}))
    expect(details.ConformancePackDetails?.[0]).toMatchObject({
      ConformancePackName: "rds-security",
      ConformancePackId: expect.stringMatching(/^conformance-pack-/),
      ConformancePackInputParameters: [{ ParameterName: "RdsBackupRetentionMinimum", ParameterValue: "14" }],
    })

    const rules = await config.send(
      new DescribeConfigRulesCommand({
        ConfigRuleNames: ["rampart-rds-instance-backup-enabled", "rampart-rds-in-backup-plan"],
      }),
    )
    expect(rules.ConfigRules?.[0]).toMatchObject({
      ConfigRuleName: "rampart-rds-instance-backup-enabled",
      Source: { Owner: "AWS", SourceIdentifier: "DB_INSTANCE_BACKUP_ENABLED" },
      InputParameters: JSON.stringify({ backupRetentionMinimum: "14", checkReadReplicas: "false" }),
      Scope: { ComplianceResourceTypes: ["AWS::RDS::DBInstance"] },
      Description: expect.stringContaining("automated backups"),
      CreatedBy: "config-conforms.amazonaws.com",
    })
    expect(rules.ConfigRules?.[1]).toMatchObject({
      ConfigRuleName: "rampart-rds-in-backup-plan",
      MaximumExecutionFrequency: "TwentyFour_Hours",
    })
    expect(rules.ConfigRules?.[1]?.Scope).toBeUndefined()

    const remediations = await config.send(
      new DescribeRemediationConfigurationsCommand({
        ConfigRuleNames: ["rampart-rds-instance-backup-enabled"],
      }),
    )
    expect(remediations.RemediationConfigurations?.[0]).toMatchObject({
      TargetType: "SSM_DOCUMENT",
      TargetId: "AWSConfigRemediation-EnableRDSInstanceBackup",
      Automatic: false,
      ResourceType: "AWS::RDS::DBInstance",
      CreatedByService: "config-conforms.amazonaws.com",
      Parameters: {
        AutomationAssumeRole: {
          StaticValue: { Values: ["arn:aws:iam::000000000000:role/RampartRemediation"] },
        },
        DbiResourceId: { ResourceValue: { Value: "RESOURCE_ID" } },
        BackupRetentionPeriod: { StaticValue: { Values: ["14"] } },
      },
    })

    // What the pack created belongs to it.
    await expect(
      config.send(new DeleteConfigRuleCommand({ ConfigRuleName: "rampart-rds-multi-az" })),
    ).rejects.toMatchObject({ name: "AccessDeniedException" })
    await expect(
      config.send(new DeleteRemediationConfigurationCommand({ ConfigRuleName: "rampart-rds-multi-az" })),
    ).rejects.toMatchObject({ name: "AccessDeniedException" })
    await expect(
      config.send(
        new PutConfigRuleCommand({
          ConfigRule: {
            ConfigRuleName: "rampart-rds-multi-az",
            Source: { Owner: "AWS", SourceIdentifier: "RDS_MULTI_AZ_SUPPORT" },
          },
        }),
      ),
    ).rejects.toMatchObject({ name: "AccessDeniedException" })
    const refused = await config.send(
      new PutRemediationConfigurationsCommand({
        RemediationConfigurations: [
          { ConfigRuleName: "rampart-rds-storage-encrypted", TargetType: "SSM_DOCUMENT", TargetId: "AWS-X" },
        ],
      }),
    )
    expect(refused.FailedBatches?.[0]?.FailureMessage).toContain("put its remediation in the pack template")
  })

  it("reports the pack's compliance per rule, per result and in summary", async () => {
    const config = await client("111111111111")
    const compliance = await config.send(
      new DescribeConformancePackComplianceCommand({ ConformancePackName: "rds-security" }),
    )
    const byRule = Object.fromEntries(
      (compliance.ConformancePackRuleComplianceList ?? []).map((r) => [r.ConfigRuleName, r.ComplianceType]),
    )
    expect(byRule).toMatchObject({
      "rampart-rds-storage-encrypted": "NON_COMPLIANT",
      "rampart-rds-instance-backup-enabled": "NON_COMPLIANT",
      "rampart-rds-multi-az": "COMPLIANT",
      "rampart-rds-in-backup-plan": "NON_COMPLIANT",
      "rampart-cloudtrail-enabled": "NON_COMPLIANT",
      "rampart-rds-snapshot-encrypted": "INSUFFICIENT_DATA",
    })
    expect(compliance.ConformancePackRuleComplianceList).toHaveLength(15)
    const failing = await config.send(
      new DescribeConformancePackComplianceCommand({
        ConformancePackName: "rds-security",
        Filters: { ComplianceType: "NON_COMPLIANT" },
        Limit: 2,
      }),
    )
    expect(failing.ConformancePackRuleComplianceList).toHaveLength(2)
    expect(failing.NextToken).toBeDefined()
    await expect(
      config.send(
        new DescribeConformancePackComplianceCommand({
          ConformancePackName: "rds-security",
          Filters: { ConfigRuleNames: ["not-in-pack"] },
        }),
      ),
    ).rejects.toMatchObject({ name: "NoSuchConfigRuleInConformancePackException" })

    const legacy = await config.send(
      new GetConformancePackComplianceDetailsCommand({
        ConformancePackName: "rds-security",
        Filters: {
          ResourceType: "AWS::RDS::DBInstance",
          ResourceIds: ["db-LEGACY"],
          ComplianceType: "NON_COMPLIANT",
        },
      }),
    )
    expect(
      legacy.ConformancePackRuleEvaluationResults?.map(
        (r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ConfigRuleName,
      ),
    ).toEqual([
      "rampart-rds-in-backup-plan",
      "rampart-rds-instance-backup-enabled",
      "rampart-rds-storage-encrypted",
    ])
    expect(legacy.ConformancePackRuleEvaluationResults?.[1]).toMatchObject({
      ComplianceType: "NON_COMPLIANT",
      Annotation: expect.stringContaining("3"),
      ConfigRuleInvokedTime: expect.any(Date),
      ResultRecordedTime: expect.any(Date),
    })
    const paged = await config.send(
      new GetConformancePackComplianceDetailsCommand({ ConformancePackName: "rds-security", Limit: 5 }),
    )
    expect(paged.ConformancePackRuleEvaluationResults).toHaveLength(5)
    const rest = await config.send(
      new GetConformancePackComplianceDetailsCommand({
        ConformancePackName: "rds-security",
        Limit: 100,
        NextToken: paged.NextToken,
      }),
    )
    expect(rest.NextToken).toBeUndefined()
    expect((rest.ConformancePackRuleEvaluationResults ?? []).length).toBeGreaterThan(0)

    const summary = await config.send(
      new GetConformancePackComplianceSummaryCommand({ ConformancePackNames: ["rds-security"] }),
    )
    expect(summary.ConformancePackComplianceSummaryList).toEqual([
      { ConformancePackName: "rds-security", ConformancePackComplianceStatus: "NON_COMPLIANT" },
    ])
    await expect(
      config.send(new GetConformancePackComplianceSummaryCommand({ ConformancePackNames: ["nope"] })),
    ).rejects.toMatchObject({ name: "NoSuchConformancePackException" })
  })

  it("deletes a pack with its rules and remediations", async () => {
    const config = await client("111111111111")
    await config.send(new DeleteConformancePackCommand({ ConformancePackName: "rds-security" }))
    expect((await config.send(new DescribeConfigRulesCommand({}))).ConfigRules).toEqual([])
    expect(
      (
        await config.send(
          new DescribeRemediationConfigurationsCommand({
            ConfigRuleNames: ["rampart-rds-instance-backup-enabled"],
          }),
        )
      ).RemediationConfigurations,
    ).toEqual([])
    await expect(
      config.send(new DeleteConformancePackCommand({ ConformancePackName: "rds-security" })),
    ).rejects.toMatchObject({ name: "NoSuchConformancePackException" })
  })

  it("refuses templates Config would refuse", async () => {
    const config = await client("222222222222")
    await turnOnConfig(config)
    const put = (TemplateBody: string, extra: Record<string, unknown> = {}) =>
      config.send(new PutConformancePackCommand({ ConformancePackName: "bad", TemplateBody, ...extra }))
    await expect(put("Resources: [unclosed")).rejects.toMatchObject({
      name: "ConformancePackTemplateValidationException",
    })
    await expect(put(smallPack.replace("RDS_STORAGE_ENCRYPTED", "NOT_A_RULE"))).rejects.toMatchObject({
      name: "ConformancePackTemplateValidationException",
      message: expect.stringContaining("NOT_A_RULE"),
    })
    await expect(
      put(smallPack, { ConformancePackInputParameters: [{ ParameterName: "Unknown", ParameterValue: "x" }] }),
    ).rejects.toMatchObject({
      name: "ConformancePackTemplateValidationException",
      message: expect.stringContaining("Parameter Unknown does not exist in the template"),
    })
    await expect(put(smallPack.replace("    Default: One_Hour\n", ""))).rejects.toMatchObject({
      name: "ConformancePackTemplateValidationException",
      message: expect.stringContaining("Parameter Frequency must have a value"),
    })
    await expect(
      config.send(new PutConformancePackCommand({ ConformancePackName: "bad", TemplateS3Uri: "s3://b/k" })),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException" })
    await expect(
      config.send(new PutConformancePackCommand({ ConformancePackName: "1-bad", TemplateBody: smallPack })),
    ).rejects.toMatchObject({ name: "ValidationException" })
    await expect(
      config.send(new DescribeConformancePacksCommand({ ConformancePackNames: ["missing"] })),
    ).rejects.toMatchObject({ name: "NoSuchConformancePackException" })
  })

  it("pages packs and fails a pack where no recorder exists", async () => {
    const { parts } = await sandbox
    const config = await client("222222222222")
    for (const name of ["one", "two", "three"])
      await config.send(
        new PutConformancePackCommand({
          ConformancePackName: name,
          TemplateBody: smallPack.replace("small-encrypted", `${name}-encrypted`),
        }),
      )
    const first = await config.send(new DescribeConformancePacksCommand({ Limit: 2 }))
    expect(first.ConformancePackDetails?.map((p) => p.ConformancePackName)).toEqual(["one", "three"])
    const second = await config.send(
      new DescribeConformancePacksCommand({ Limit: 2, NextToken: first.NextToken }),
    )
    expect(second.ConformancePackDetails?.map((p) => p.ConformancePackName)).toEqual(["two"])
    await expect(config.send(new DescribeConformancePacksCommand({ Limit: 21 }))).rejects.toMatchObject({
      name: "InvalidLimitException",
    })
    // A second pack may not take a rule name another pack holds.
    await config.send(
      new PutConformancePackCommand({
        ConformancePackName: "clash",
        TemplateBody: smallPack.replace("small-encrypted", "one-encrypted"),
      }),
    )

    const elsewhere = await client("222222222222", "eu-west-1")
    await elsewhere.send(
      new PutConformancePackCommand({ ConformancePackName: "norecorder", TemplateBody: smallPack }),
    )
    parts.clock.advance(60_000)
    const failed = await elsewhere.send(new DescribeConformancePackStatusCommand({}))
    expect(failed.ConformancePackStatusDetails?.[0]).toMatchObject({
      ConformancePackState: "CREATE_FAILED",
      ConformancePackStatusReason: expect.stringContaining("NoAvailableConfigurationRecorderException"),
    })
    expect((await elsewhere.send(new DescribeConfigRulesCommand({}))).ConfigRules).toEqual([])
    const clash = await config.send(
      new DescribeConformancePackStatusCommand({ ConformancePackNames: ["clash"] }),
    )
    expect(clash.ConformancePackStatusDetails?.[0]).toMatchObject({
      ConformancePackState: "CREATE_FAILED",
      ConformancePackStatusReason: expect.stringContaining("one-encrypted"),
    })
  })
})
