import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  ConfigServiceClient,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConformancePackStatusCommand,
  DescribeDeliveryChannelsCommand,
  GetOrganizationConformancePackDetailedStatusCommand,
} from "@aws-sdk/client-config-service"
import { describe, expect, it } from "vitest"
import { clientConfig, testScenario, useSandbox } from "../../fixtures.test-support.ts"
import type { SeedContext } from "../../operation.ts"
import { applyOrganization } from "../../scenario/apply-organization.ts"
import { ScenarioError } from "../../scenario/scenario-error.ts"
import { SandboxStore } from "../../state/store.ts"
import { cloudTrailService } from "../cloudtrail/index.ts"
import { seedCloudTrail } from "../cloudtrail/seed.ts"
import { configService } from "./index.ts"
import { accountKeys, scenarioWithKeys, withServices } from "./resources.test-support.ts"
import { seedConfig } from "./seed.ts"

const folder = mkdtempSync(join(tmpdir(), "rampart-config-seed-"))
const trailPack = join(folder, "trail-pack.yaml")
writeFileSync(
  trailPack,
  `
Resources:
  Trail:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: org-cloudtrail-enabled
      Source: {Owner: AWS, SourceIdentifier: CLOUD_TRAIL_ENABLED}
`,
)

const sandbox = useSandbox({
  scenario: scenarioWithKeys({
    resources: {
      config: {
        recorders: [
          { accounts: "all", regions: ["us-east-1"] },
          {
            accounts: ["333333333333"],
            regions: ["eu-west-1"],
            recording: false,
            deliveryChannel: { s3BucketName: "central" },
          },
        ],
        conformancePacks: [
          {
            name: "rds-security",
            catalog: "rds-security",
            accounts: ["111111111111"],
            regions: ["us-east-1"],
            parameters: { RdsBackupRetentionMinimum: "14" },
          },
        ],
        organizationConformancePacks: [
          {
            name: "trail",
            template: trailPack,
            regions: ["us-east-1", "eu-west-1"],
            excludedAccounts: ["111111111111"],
          },
        ],
      },
      cloudtrail: {
        trails: [
          { name: "org-trail", accounts: ["999999999999"], region: "us-east-1", isOrganizationTrail: true },
          { name: "local", accounts: ["222222222222"], region: "us-east-1", logging: false },
          { name: "dev-two", accounts: ["222222222223"], region: "us-east-1", s3BucketName: "dev-two-logs" },
        ],
      },
    },
  }),
  services: withServices(configService, cloudTrailService),
})

const client = async (account: string, region = "us-east-1") =>
  new ConfigServiceClient(clientConfig((await sandbox).url, accountKeys(account), region))

describe("the resources.config scenario section", () => {
  it("starts with recorders, delivery channels and complete packs", async () => {
    const hub = await client("111111111111")
    const status = await hub.send(new DescribeConfigurationRecorderStatusCommand({}))
    expect(status.ConfigurationRecordersStatus?.[0]).toMatchObject({ name: "default", recording: true })
    expect(
      (await hub.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels?.[0]?.s3BucketName,
    ).toBe("config-bucket-111111111111")
    const packs = await hub.send(new DescribeConformancePackStatusCommand({}))
    expect(
      packs.ConformancePackStatusDetails?.map((p) => [p.ConformancePackName, p.ConformancePackState]),
    ).toEqual([["rds-security", "CREATE_COMPLETE"]])
    const rule = await hub.send(
      new DescribeConfigRulesCommand({ ConfigRuleNames: ["rampart-rds-instance-backup-enabled"] }),
    )
    expect(rule.ConfigRules?.[0]?.InputParameters).toContain('"backupRetentionMinimum":"14"')

    const prod = await client("333333333333", "eu-west-1")
    const stopped = await prod.send(new DescribeConfigurationRecorderStatusCommand({}))
    expect(stopped.ConfigurationRecordersStatus?.[0]).toMatchObject({
      recording: false,
      lastStatus: "PENDING",
    })
  })

  it("deploys organization packs, and CLOUD_TRAIL_ENABLED reads the CloudTrail service's trails", async () => {
    const management = await client("999999999999")
    const statuses = await management.send(
      new GetOrganizationConformancePackDetailedStatusCommand({ OrganizationConformancePackName: "trail" }),
    )
    expect(statuses.OrganizationConformancePackDetailedStatuses?.map((s) => [s.AccountId, s.Status])).toEqual(
      [
        ["222222222222", "CREATE_SUCCESSFUL"],
        ["222222222223", "CREATE_SUCCESSFUL"],
        ["333333333333", "CREATE_SUCCESSFUL"],
        ["999999999999", "CREATE_SUCCESSFUL"],
      ],
    )
    const verdict = async (account: string) =>
      (await (await client(account)).send(new DescribeComplianceByConfigRuleCommand({})))
        .ComplianceByConfigRules?.[0]?.Compliance?.ComplianceType
    expect(await verdict("999999999999")).toBe("COMPLIANT")
    expect(await verdict("222222222223")).toBe("COMPLIANT")
    expect(await verdict("222222222222")).toBe("NON_COMPLIANT")
    expect(await verdict("333333333333")).toBe("NON_COMPLIANT")
    // In eu-west-1 only 333333333333 has a recorder: the pack failed elsewhere.
    const europe = await (await client("999999999999", "eu-west-1")).send(
      new GetOrganizationConformancePackDetailedStatusCommand({
        OrganizationConformancePackName: "trail",
        Filters: { Status: "CREATE_SUCCESSFUL" },
      }),
    )
    expect(europe.OrganizationConformancePackDetailedStatuses?.map((s) => s.AccountId)).toEqual([
      "333333333333",
    ])
  })
})

describe("scenario errors", () => {
  const context = (): SeedContext => {
    const store = new SandboxStore()
    applyOrganization(store, testScenario, 0)
    return { store, now: 0, partition: "aws", regions: ["us-east-1", "eu-west-1"] }
  }
  const pathOf = (run: () => void): string => {
    try {
      run()
    } catch (error) {
      if (error instanceof ScenarioError) return error.path
      throw error
    }
    throw new Error("no ScenarioError")
  }

  it("names the entry that is wrong", () => {
    expect(pathOf(() => seedConfig({ recorder: [] }, context()))).toBe("resources.config.recorder")
    expect(pathOf(() => seedConfig({ recorders: [{ accounts: ["123456789012"] }] }, context()))).toBe(
      "resources.config.recorders[0].accounts[0]",
    )
    expect(
      pathOf(() => seedConfig({ recorders: [{ accounts: "all", regions: ["mars-1"] }] }, context())),
    ).toBe("resources.config.recorders[0].regions[0]")
    expect(
      pathOf(() => seedConfig({ recorders: [{ accounts: "all", deliveryChannel: false }] }, context())),
    ).toBe("resources.config.recorders[0].deliveryChannel")
    expect(
      pathOf(() =>
        seedConfig(
          { conformancePacks: [{ name: "p", catalog: "rds-security", template: "x.yaml", accounts: "all" }] },
          context(),
        ),
      ),
    ).toBe("resources.config.conformancePacks[0]")
    expect(
      pathOf(() =>
        seedConfig(
          { conformancePacks: [{ name: "p", catalog: "no-such-pack", accounts: "all" }] },
          context(),
        ),
      ),
    ).toBe("resources.config.conformancePacks[0].catalog")
    expect(
      pathOf(() =>
        seedConfig(
          { conformancePacks: [{ name: "p", template: join(folder, "missing.yaml"), accounts: "all" }] },
          context(),
        ),
      ),
    ).toBe("resources.config.conformancePacks[0].template")
    expect(
      pathOf(() =>
        seedConfig(
          {
            conformancePacks: [
              { name: "p", template: trailPack, accounts: "all", parameters: { Nope: "1" } },
            ],
          },
          context(),
        ),
      ),
    ).toBe("resources.config.conformancePacks[0]")
    expect(
      pathOf(() =>
        seedConfig({ organizationConformancePacks: [{ name: "9", template: trailPack }] }, context()),
      ),
    ).toBe("resources.config.organizationConformancePacks[0].name")
    expect(pathOf(() => seedCloudTrail({ trails: [{ name: "a", accounts: "all" }] }, context()))).toBe(
      "resources.cloudtrail.trails[0].name",
    )
    expect(
      pathOf(() =>
        seedCloudTrail(
          { trails: [{ name: "org", accounts: ["222222222222"], isOrganizationTrail: true }] },
          context(),
        ),
      ),
    ).toBe("resources.cloudtrail.trails[0].isOrganizationTrail")
  })
})
