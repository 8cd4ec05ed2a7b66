import {
  ConfigServiceClient,
  DeleteConfigRuleCommand,
  DeleteRemediationConfigurationCommand,
  DescribeComplianceByConfigRuleCommand,
  DescribeComplianceByResourceCommand,
  DescribeConfigRulesCommand,
  DescribeRemediationConfigurationsCommand,
  GetComplianceDetailsByConfigRuleCommand,
  GetComplianceDetailsByResourceCommand,
  PutConfigRuleCommand,
  PutRemediationConfigurationsCommand,
  paginateDescribeConfigRules,
  paginateGetComplianceDetailsByConfigRule,
  StartConfigRulesEvaluationCommand,
  StartConfigurationRecorderCommand,
  StopConfigurationRecorderCommand,
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

const managedRule = (name: string, identifier: string, extra: Record<string, unknown> = {}) =>
  new PutConfigRuleCommand({
    ConfigRule: { ConfigRuleName: name, Source: { Owner: "AWS", SourceIdentifier: identifier }, ...extra },
  })

describe("managed Config rules", () => {
  it("refuses rules without a recorder, unknown identifiers, custom rules and unknown parameters", async () => {
    const config = await client("333333333333")
    await expect(config.send(managedRule("encrypted", "RDS_STORAGE_ENCRYPTED"))).rejects.toMatchObject({
      name: "NoAvailableConfigurationRecorderException",
    })
    await turnOnConfig(config)
    await expect(config.send(managedRule("x", "NO_SUCH_RULE"))).rejects.toMatchObject({
      name: "InvalidParameterValueException",
    })
    await expect(
      config.send(
        new PutConfigRuleCommand({
          ConfigRule: {
            ConfigRuleName: "custom",
            Source: { Owner: "CUSTOM_LAMBDA", SourceIdentifier: "arn:x" },
          },
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException" })
    await expect(
      config.send(
        managedRule("backups", "DB_INSTANCE_BACKUP_ENABLED", { InputParameters: '{"retention":"7"}' }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringContaining(
        "Unknown parameters provided in the input parameters for the rule backups: retention",
      ),
    })
    await expect(
      config.send(
        managedRule("backups", "DB_INSTANCE_BACKUP_ENABLED", {
          InputParameters: '{"backupRetentionMinimum":"ninety"}',
        }),
      ),
    ).rejects.toMatchObject({
      name: "InvalidParameterValueException",
      message: expect.stringContaining("backupRetentionMinimum"),
    })
    await expect(
      config.send(
        managedRule("encrypted", "RDS_STORAGE_ENCRYPTED", { MaximumExecutionFrequency: "One_Hour" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException" })
    await expect(
      config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ["missing"] })),
    ).rejects.toMatchObject({
      name: "NoSuchConfigRuleException",
    })
  })

  it("pages DescribeConfigRules by 25 and describes rules as AWS does", async () => {
    const config = await client("222222222223")
    await turnOnConfig(config)
    for (let i = 0; i < 30; i++)
      await config.send(
        managedRule(`rule-${String(i).padStart(2, "0")}`, "DB_INSTANCE_BACKUP_ENABLED", {
          InputParameters: JSON.stringify({ backupRetentionMinimum: "7" }),
          Scope: { ComplianceResourceTypes: ["AWS::RDS::DBInstance"] },
        }),
      )
    const first = await config.send(new DescribeConfigRulesCommand({}))
    expect(first.ConfigRules).toHaveLength(25)
    expect(first.NextToken).toBeDefined()
    expect(first.ConfigRules?.[0]).toMatchObject({
      ConfigRuleName: "rule-00",
      ConfigRuleArn: expect.stringMatching(
        /^arn:aws:config:us-east-1:222222222223:config-rule\/config-rule-[a-z0-9]{6}$/,
      ),
      ConfigRuleId: expect.stringMatching(/^config-rule-/),
      Source: { Owner: "AWS", SourceIdentifier: "DB_INSTANCE_BACKUP_ENABLED" },
      Scope: { ComplianceResourceTypes: ["AWS::RDS::DBInstance"] },
      InputParameters: '{"backupRetentionMinimum":"7"}',
      ConfigRuleState: "ACTIVE",
      EvaluationModes: [{ Mode: "DETECTIVE" }],
    })
    const names: string[] = []
    for await (const page of paginateDescribeConfigRules({ client: config }, {}))
      names.push(...(page.ConfigRules ?? []).map((r) => r.ConfigRuleName ?? ""))
    expect(names).toHaveLength(30)
    await expect(config.send(new DescribeConfigRulesCommand({ NextToken: "forged" }))).rejects.toMatchObject({
      name: "InvalidNextTokenException",
    })
  })

  it("evaluates rules over the recorded resources whenever compliance is read", async () => {
    const { parts } = await sandbox
    const account = "111111111111"
    const config = await client(account)
    setResources(account, "us-east-1", [
      dbInstance(account, "us-east-1", "orders"),
      dbInstance(account, "us-east-1", "legacy", { storageEncrypted: false }),
    ])
    await turnOnConfig(config)
    await config.send(managedRule("encrypted", "RDS_STORAGE_ENCRYPTED"))
    const details = await config.send(
      new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: "encrypted" }),
    )
    expect(
      details.EvaluationResults?.map((r) => [
        r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId,
        r.ComplianceType,
      ]),
    ).toEqual([
      ["db-LEGACY", "NON_COMPLIANT"],
      ["db-ORDERS", "COMPLIANT"],
    ])
    const legacy = details.EvaluationResults?.[0]
    expect(legacy?.Annotation).toContain("storageEncrypted=false")
    expect(legacy?.ResultRecordedTime).toBeInstanceOf(Date)
    expect(legacy?.ConfigRuleInvokedTime).toBeInstanceOf(Date)
    expect(legacy?.EvaluationResultIdentifier?.EvaluationResultQualifier).toEqual({
      ConfigRuleName: "encrypted",
      ResourceType: "AWS::RDS::DBInstance",
      ResourceId: "db-LEGACY",
      EvaluationMode: "DETECTIVE",
    })
    const nonCompliant = await config.send(
      new GetComplianceDetailsByConfigRuleCommand({
        ConfigRuleName: "encrypted",
        ComplianceTypes: ["NON_COMPLIANT"],
      }),
    )
    expect(nonCompliant.EvaluationResults).toHaveLength(1)
    const byRule = await config.send(
      new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: ["encrypted"] }),
    )
    expect(byRule.ComplianceByConfigRules).toEqual([
      {
        ConfigRuleName: "encrypted",
        Compliance: {
          ComplianceType: "NON_COMPLIANT",
          ComplianceContributorCount: { CappedCount: 1, CapExceeded: false },
        },
      },
    ])

    // The resource is fixed: the next read reflects it, with a new recorded time; the unchanged one keeps its time.
    const recordedBefore = details.EvaluationResults?.[1]?.ResultRecordedTime?.getTime()
    parts.clock.advance(60_000)
    setResources(account, "us-east-1", [
      dbInstance(account, "us-east-1", "orders"),
      dbInstance(account, "us-east-1", "legacy"),
    ])
    const after = await config.send(
      new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: "encrypted" }),
    )
    expect(after.EvaluationResults?.map((r) => r.ComplianceType)).toEqual(["COMPLIANT", "COMPLIANT"])
    expect(after.EvaluationResults?.[1]?.ResultRecordedTime?.getTime()).toBe(recordedBefore)
    expect(after.EvaluationResults?.[0]?.ResultRecordedTime?.getTime()).toBeGreaterThan(recordedBefore ?? 0)

    // StartConfigRulesEvaluation runs the rule again: every result gets the current time.
    parts.clock.advance(60_000)
    await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: ["encrypted"] }))
    const rerun = await config.send(
      new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: "encrypted" }),
    )
    for (const result of rerun.EvaluationResults ?? [])
      expect(result.ConfigRuleInvokedTime?.getTime()).toBeGreaterThan(
        after.EvaluationResults?.[0]?.ConfigRuleInvokedTime?.getTime() ?? 0,
      )
    await expect(
      config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: ["missing"] })),
    ).rejects.toMatchObject({ name: "NoSuchConfigRuleException" })

    const resources = await config.send(
      new DescribeComplianceByResourceCommand({ ResourceType: "AWS::RDS::DBInstance" }),
    )
    expect(resources.ComplianceByResources?.map((r) => [r.ResourceId, r.Compliance?.ComplianceType])).toEqual(
      [
        ["db-LEGACY", "COMPLIANT"],
        ["db-ORDERS", "COMPLIANT"],
      ],
    )
    const perResource = await config.send(
      new GetComplianceDetailsByResourceCommand({
        ResourceType: "AWS::RDS::DBInstance",
        ResourceId: "db-ORDERS",
      }),
    )
    expect(
      perResource.EvaluationResults?.map(
        (r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ConfigRuleName,
      ),
    ).toEqual(["encrypted"])
    const unknown = await config.send(
      new DescribeComplianceByResourceCommand({
        ResourceType: "AWS::RDS::DBInstance",
        ResourceId: "db-NOPE",
      }),
    )
    expect(unknown.ComplianceByResources?.[0]?.Compliance?.ComplianceType).toBe("INSUFFICIENT_DATA")
  })

  it("evaluates only while recording: nothing before, frozen after a stop", async () => {
    const account = "222222222222"
    const config = await client(account, "eu-west-1")
    setResources(account, "eu-west-1", [dbInstance(account, "eu-west-1", "a", { multiAZ: false })])
    await turnOnConfig(config)
    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }))
    await config.send(managedRule("multi-az", "RDS_MULTI_AZ_SUPPORT"))
    const before = await config.send(new DescribeComplianceByConfigRuleCommand({}))
    expect(before.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceType).toBe("INSUFFICIENT_DATA")
    expect(
      (await config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: "multi-az" })))
        .EvaluationResults,
    ).toEqual([])

    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }))
    const recording = await config.send(new DescribeComplianceByConfigRuleCommand({}))
    expect(recording.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceType).toBe("NON_COMPLIANT")

    await config.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }))
    setResources(account, "eu-west-1", [dbInstance(account, "eu-west-1", "a")])
    const frozen = await config.send(new DescribeComplianceByConfigRuleCommand({}))
    expect(frozen.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceType).toBe("NON_COMPLIANT")
  })

  it("pages compliance details with Limit and NextToken", async () => {
    const account = "999999999999"
    const config = await client(account, "eu-west-1")
    setResources(
      account,
      "eu-west-1",
      Array.from({ length: 23 }, (_, i) =>
        dbInstance(account, "eu-west-1", `db${String(i).padStart(2, "0")}`),
      ),
    )
    await turnOnConfig(config)
    await config.send(managedRule("public", "RDS_INSTANCE_PUBLIC_ACCESS_CHECK"))
    const first = await config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: "public" }))
    expect(first.EvaluationResults).toHaveLength(10)
    const ids: string[] = []
    for await (const page of paginateGetComplianceDetailsByConfigRule(
      { client: config, pageSize: 7 },
      { ConfigRuleName: "public" },
    ))
      ids.push(
        ...(page.EvaluationResults ?? []).map(
          (r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId ?? "",
        ),
      )
    expect(ids).toHaveLength(23)
    expect(new Set(ids).size).toBe(23)
    await expect(
      config.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: "public", Limit: 101 })),
    ).rejects.toMatchObject({ name: "InvalidLimitException" })
    await expect(
      config.send(
        new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: "public", NextToken: "bad" }),
      ),
    ).rejects.toMatchObject({ name: "InvalidNextTokenException" })
    await expect(
      config.send(
        new GetComplianceDetailsByConfigRuleCommand({
          ConfigRuleName: "public",
          ComplianceTypes: ["INSUFFICIENT_DATA"],
        }),
      ),
    ).rejects.toMatchObject({ name: "InvalidParameterValueException" })
  })

  it("manages remediations and refuses to delete a rule that has one", async () => {
    const config = await client("222222222223")
    await config.send(managedRule("deletion", "RDS_INSTANCE_DELETION_PROTECTION_ENABLED"))
    const put = await config.send(
      new PutRemediationConfigurationsCommand({
        RemediationConfigurations: [
          {
            ConfigRuleName: "deletion",
            TargetType: "SSM_DOCUMENT",
            TargetId: "AWSConfigRemediation-EnableRDSInstanceDeletionProtection",
            Automatic: false,
            Parameters: {
              DbInstanceResourceId: { ResourceValue: { Value: "RESOURCE_ID" } },
              AutomationAssumeRole: {
                StaticValue: { Values: ["arn:aws:iam::222222222223:role/Remediation"] },
              },
            },
          },
          { ConfigRuleName: "missing", TargetType: "SSM_DOCUMENT", TargetId: "AWS-Nothing" },
        ],
      }),
    )
    expect(put.FailedBatches).toEqual([
      {
        FailureMessage: "No such config rule: missing.",
        FailedItems: [expect.objectContaining({ ConfigRuleName: "missing" })],
      },
    ])
    const described = await config.send(
      new DescribeRemediationConfigurationsCommand({ ConfigRuleNames: ["deletion", "missing"] }),
    )
    expect(described.RemediationConfigurations).toEqual([
      expect.objectContaining({
        ConfigRuleName: "deletion",
        TargetId: "AWSConfigRemediation-EnableRDSInstanceDeletionProtection",
        Automatic: false,
        Arn: expect.stringMatching(
          /^arn:aws:config:us-east-1:222222222223:remediation-configuration\/deletion\//,
        ),
        Parameters: {
          DbInstanceResourceId: { ResourceValue: { Value: "RESOURCE_ID" } },
          AutomationAssumeRole: { StaticValue: { Values: ["arn:aws:iam::222222222223:role/Remediation"] } },
        },
      }),
    ])
    await expect(
      config.send(new DeleteConfigRuleCommand({ ConfigRuleName: "deletion" })),
    ).rejects.toMatchObject({
      name: "ResourceInUseException",
    })
    await config.send(new DeleteRemediationConfigurationCommand({ ConfigRuleName: "deletion" }))
    await expect(
      config.send(new DeleteRemediationConfigurationCommand({ ConfigRuleName: "deletion" })),
    ).rejects.toMatchObject({ name: "NoSuchRemediationConfigurationException" })
    await config.send(new DeleteConfigRuleCommand({ ConfigRuleName: "deletion" }))
    await expect(
      config.send(new DeleteConfigRuleCommand({ ConfigRuleName: "deletion" })),
    ).rejects.toMatchObject({
      name: "NoSuchConfigRuleException",
    })
  })
})
