import {
  CreateDBInstanceCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  RDSClient,
} from "@aws-sdk/client-rds"
import { ConfigService } from "@rampart/aws"
import { deployedPackName, loadCatalog } from "@rampart/catalog"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { advanceClock, memberSession, useSandboxProcess } from "../../../aws/src/sandbox.test-support.ts"
import { complianceRegression, evaluateComplianceGate } from "./compliance-regression.ts"
import { runOn } from "./sandbox-organization.test-support.ts"
import { collectWaveFindings } from "./wave-findings.ts"

const sandbox = useSandboxProcess(["--scenario", "small"])

process.env.AWS_ACCESS_KEY_ID = "test"
process.env.AWS_SECRET_ACCESS_KEY = "test"

const paymentsDev = "222222222202"
const ciCredentials = { accessKeyId: "ci-payments-dev", secretAccessKey: "ci-payments-dev-secret" }

const rdsSecurity = () => {
  const loaded = loadCatalog()
  if (!loaded.ok) throw new Error("the catalog does not load")
  const pack = loaded.catalog.byId.get("rds-security")
  if (pack?.kind !== "conformance-pack") throw new Error("rds-security is not a pack in the catalog")
  return pack
}

describe("collectWaveFindings and the compliance gate against the sandbox", () => {
  it("collects the wave's findings through the audit role and measures the regression of the soak", async () => {
    const { url } = await sandbox
    const pack = rdsSecurity()
    await runOn(
      url,
      Effect.gen(function* () {
        const credentials = yield* memberSession(paymentsDev)
        const config = yield* ConfigService
        yield* config
          .writer({ region: "eu-west-1", credentials })
          .putConformancePack({ name: deployedPackName(pack), templateBody: pack.template.body })
      }),
    )
    // The pack deploys and its rules evaluate within minutes of the sandbox's clock.
    await advanceClock(url, 600)
    const collect = () =>
      runOn(
        url,
        collectWaveFindings({
          accounts: [paymentsDev],
          regions: ["eu-west-1", "us-east-1"],
          access: { roleName: "OrganizationAccountAccessRole" },
        }),
      )

    const atStart = await collect()
    // Config is not recording in us-east-1: a collection failure, not an empty and compliant-looking answer.
    expect(atStart.filter((f) => f.kind === "collection-failure").map((f) => [f.region, f.rule])).toEqual([
      ["us-east-1", "collection:config-not-enabled"],
    ])
    const evaluated = atStart.filter((f) => f.kind === "evaluation")
    expect(evaluated.length).toBeGreaterThan(0)
    expect(new Set(evaluated.map((f) => f.region))).toEqual(new Set(["eu-west-1"]))

    // During the soak the CI opens its existing database to the internet and creates one more without encryption.
    const rds = new RDSClient({
      region: "eu-west-1",
      endpoint: url,
      credentials: ciCredentials,
      maxAttempts: 1,
    })
    const existing = (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances?.[0]
    expect(existing?.PubliclyAccessible).toBe(false)
    await rds.send(
      new ModifyDBInstanceCommand({
        DBInstanceIdentifier: existing?.DBInstanceIdentifier,
        PubliclyAccessible: true,
        ApplyImmediately: true,
      }),
    )
    const created = await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: "ci-payments-during-soak",
        DBInstanceClass: "db.t4g.micro",
        Engine: "postgres",
        AllocatedStorage: 20,
        MasterUsername: "ci",
        MasterUserPassword: "ci-password-not-a-secret",
      }),
    )
    rds.destroy()
    // The soak: the modification is applied and Config evaluates the changed and the new resource.
    await advanceClock(url, 3600)
    const afterSoak = (await collect()).filter((f) => f.region === "eu-west-1")

    const regression = complianceRegression(atStart, afterSoak)
    console.log(
      "DBG",
      JSON.stringify({
        b: regression.before,
        a: regression.after,
        t: regression.turnedNonCompliant.map((t) => [t.finding.rule, t.finding.resourceId, t.was]),
      }),
    )
    expect(regression.uncollected).toEqual([])
    expect(regression.regression).toBeGreaterThan(0)
    const turned = regression.turnedNonCompliant.map((t) => [t.finding.rule, t.finding.resourceId, t.was])
    expect(turned).toContainEqual(["rampart-rds-instance-not-public", existing?.DbiResourceId, "COMPLIANT"])
    expect(turned).toContainEqual([
      "rampart-rds-storage-encrypted",
      created.DBInstance?.DbiResourceId,
      "absent",
    ])
    expect(evaluateComplianceGate(regression, 0).passed).toBe(false)
    expect(evaluateComplianceGate(regression, regression.regression).passed).toBe(true)
    // With us-east-1 uncollected after the soak, the gate cannot compare and fails closed.
    expect(evaluateComplianceGate(complianceRegression(atStart, atStart), 100).passed).toBe(false)
  }, 120_000)
})
