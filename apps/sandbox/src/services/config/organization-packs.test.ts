import {
  ConfigServiceClient,
  DeleteOrganizationConformancePackCommand,
  DescribeConfigRulesCommand,
  DescribeConformancePacksCommand,
  DescribeOrganizationConformancePackStatusesCommand,
  DescribeOrganizationConformancePacksCommand,
  GetOrganizationConformancePackDetailedStatusCommand,
  PutOrganizationConformancePackCommand,
} from "@aws-sdk/client-config-service"
import { OrganizationsClient, RegisterDelegatedAdministratorCommand } from "@aws-sdk/client-organizations"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { configService } from "./index.ts"
import {
  accountKeys,
  scenarioWithKeys,
  testResourcesService,
  turnOnConfig,
  withServices,
} from "./resources.test-support.ts"

const sandbox = useSandbox({
  scenario: scenarioWithKeys(),
  services: withServices(configService, testResourcesService),
})

const client = async (account: string) =>
  new ConfigServiceClient(clientConfig((await sandbox).url, accountKeys(account)))

const template = `
Parameters:
  Minimum:
    Type: String
    Default: "7"
Resources:
  Backups:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: org-backups
      InputParameters:
        backupRetentionMinimum:
          Ref: Minimum
      Source: {Owner: AWS, SourceIdentifier: DB_INSTANCE_BACKUP_ENABLED}
`

describe("organization conformance packs", () => {
  it("are refused to member accounts that are not delegated administrators", async () => {
    const member = await client("222222222222")
    await expect(
      member.send(
        new PutOrganizationConformancePackCommand({
          OrganizationConformancePackName: "x",
          TemplateBody: template,
        }),
      ),
    ).rejects.toMatchObject({ name: "OrganizationAccessDeniedException" })
    await expect(member.send(new DescribeOrganizationConformancePacksCommand({}))).rejects.toMatchObject({
      name: "OrganizationAccessDeniedException",
    })
  })

  it("deploy into every account but the excluded ones, failing where Config has no recorder", async () => {
    const { parts } = await sandbox
    for (const account of ["111111111111", "222222222222", "999999999999"])
      await turnOnConfig(await client(account))
    const management = await client("999999999999")
    await expect(
      management.send(
        new PutOrganizationConformancePackCommand({
          OrganizationConformancePackName: "broken",
          TemplateBody: template.replace("DB_INSTANCE_BACKUP_ENABLED", "NOPE"),
        }),
      ),
    ).rejects.toMatchObject({ name: "OrganizationConformancePackTemplateValidationException" })
    const put = await management.send(
      new PutOrganizationConformancePackCommand({
        OrganizationConformancePackName: "rampart-backups",
        TemplateBody: template,
        ConformancePackInputParameters: [{ ParameterName: "Minimum", ParameterValue: "10" }],
        ExcludedAccounts: ["333333333333"],
      }),
    )
    expect(put.OrganizationConformancePackArn).toMatch(
      /^arn:aws:config:us-east-1:999999999999:organization-conformance-pack\/rampart-backups-[a-z0-9]{8}$/,
    )
    const inProgress = await management.send(new DescribeOrganizationConformancePackStatusesCommand({}))
    expect(inProgress.OrganizationConformancePackStatuses?.[0]).toMatchObject({
      OrganizationConformancePackName: "rampart-backups",
      Status: "CREATE_IN_PROGRESS",
    })
    parts.clock.advance(60_000)
    const done = await management.send(new DescribeOrganizationConformancePackStatusesCommand({}))
    expect(done.OrganizationConformancePackStatuses?.[0]).toMatchObject({ Status: "CREATE_FAILED" })

    const detailed = await management.send(
      new GetOrganizationConformancePackDetailedStatusCommand({
        OrganizationConformancePackName: "rampart-backups",
      }),
    )
    expect(detailed.OrganizationConformancePackDetailedStatuses?.map((s) => [s.AccountId, s.Status])).toEqual(
      [
        ["111111111111", "CREATE_SUCCESSFUL"],
        ["222222222222", "CREATE_SUCCESSFUL"],
        ["222222222223", "CREATE_FAILED"],
        ["999999999999", "CREATE_SUCCESSFUL"],
      ],
    )
    const failed = await management.send(
      new GetOrganizationConformancePackDetailedStatusCommand({
        OrganizationConformancePackName: "rampart-backups",
        Filters: { Status: "CREATE_FAILED" },
      }),
    )
    expect(failed.OrganizationConformancePackDetailedStatuses).toEqual([
      expect.objectContaining({
        AccountId: "222222222223",
        ConformancePackName: expect.stringMatching(/^OrgConformsPack-rampart-backups-[a-z0-9]{8}$/),
        ErrorCode: "NoAvailableConfigurationRecorderException",
      }),
    ])
    const paged = await management.send(
      new GetOrganizationConformancePackDetailedStatusCommand({
        OrganizationConformancePackName: "rampart-backups",
        Limit: 3,
      }),
    )
    expect(paged.OrganizationConformancePackDetailedStatuses).toHaveLength(3)
    expect(paged.NextToken).toBeDefined()

    const member = await client("111111111111")
    const packs = await member.send(new DescribeConformancePacksCommand({}))
    expect(packs.ConformancePackDetails?.[0]).toMatchObject({
      ConformancePackName: expect.stringMatching(/^OrgConformsPack-rampart-backups-/),
      CreatedBy: "config-multiaccountsetup.amazonaws.com",
    })
    const rules = await member.send(new DescribeConfigRulesCommand({}))
    expect(rules.ConfigRules?.[0]).toMatchObject({
      ConfigRuleName: "org-backups",
      InputParameters: '{"backupRetentionMinimum":"10"}',
      CreatedBy: "config-conforms.amazonaws.com",
    })
    const excluded = await client("333333333333")
    expect((await excluded.send(new DescribeConformancePacksCommand({}))).ConformancePackDetails).toEqual([])
  })

  it("can be managed by a delegated administrator for config-multiaccountsetup", async () => {
    const { url } = await sandbox
    const organizations = new OrganizationsClient(clientConfig(url))
    await organizations.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: "111111111111",
        ServicePrincipal: "config-multiaccountsetup.amazonaws.com",
      }),
    )
    const admin = await client("111111111111")
    const described = await admin.send(new DescribeOrganizationConformancePacksCommand({}))
    expect(described.OrganizationConformancePacks).toEqual([
      expect.objectContaining({
        OrganizationConformancePackName: "rampart-backups",
        ExcludedAccounts: ["333333333333"],
        ConformancePackInputParameters: [{ ParameterName: "Minimum", ParameterValue: "10" }],
        LastUpdateTime: expect.any(Date),
      }),
    ])
    await admin.send(
      new PutOrganizationConformancePackCommand({
        OrganizationConformancePackName: "rampart-backups",
        TemplateBody: template,
        ExcludedAccounts: ["333333333333", "222222222223"],
      }),
    )
    const detailed = await admin.send(
      new GetOrganizationConformancePackDetailedStatusCommand({
        OrganizationConformancePackName: "rampart-backups",
      }),
    )
    expect(detailed.OrganizationConformancePackDetailedStatuses?.map((s) => [s.AccountId, s.Status])).toEqual(
      [
        ["111111111111", "UPDATE_IN_PROGRESS"],
        ["222222222222", "UPDATE_IN_PROGRESS"],
        ["999999999999", "UPDATE_IN_PROGRESS"],
      ],
    )
    const member = await client("222222222222")
    const rules = await member.send(new DescribeConfigRulesCommand({}))
    expect(rules.ConfigRules?.[0]?.InputParameters).toBe('{"backupRetentionMinimum":"7"}')
  })

  it("are deleted from every account", async () => {
    const management = await client("999999999999")
    await management.send(
      new DeleteOrganizationConformancePackCommand({ OrganizationConformancePackName: "rampart-backups" }),
    )
    for (const account of ["111111111111", "222222222222", "999999999999"]) {
      const config = await client(account)
      expect((await config.send(new DescribeConformancePacksCommand({}))).ConformancePackDetails).toEqual([])
      expect((await config.send(new DescribeConfigRulesCommand({}))).ConfigRules).toEqual([])
    }
    await expect(
      management.send(
        new DeleteOrganizationConformancePackCommand({ OrganizationConformancePackName: "rampart-backups" }),
      ),
    ).rejects.toMatchObject({ name: "NoSuchOrganizationConformancePackException" })
    await expect(
      management.send(
        new GetOrganizationConformancePackDetailedStatusCommand({ OrganizationConformancePackName: "nope" }),
      ),
    ).rejects.toMatchObject({ name: "NoSuchOrganizationConformancePackException" })
  })
})
