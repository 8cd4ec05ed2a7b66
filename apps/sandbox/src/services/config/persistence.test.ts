import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  ConfigServiceClient,
  DescribeConformancePackComplianceCommand,
  DescribeConformancePackStatusCommand,
  GetComplianceDetailsByConfigRuleCommand,
  PutConfigRuleCommand,
  PutConformancePackCommand,
} from "@aws-sdk/client-config-service"
import { describe, expect, it } from "vitest"
import { clientConfig } from "../../fixtures.test-support.ts"
import { startSandbox } from "../../sandbox.ts"
import { configService } from "./index.ts"
import {
  dbInstance,
  scenarioWithKeys,
  setResources,
  testResourcesService,
  turnOnConfig,
  withServices,
} from "./resources.test-support.ts"

const pack = `
Resources:
  Public:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: restart-not-public
      Source: {Owner: AWS, SourceIdentifier: RDS_INSTANCE_PUBLIC_ACCESS_CHECK}
`

describe("a restarted sandbox", () => {
  it("keeps recorders, rules, packs and recorded results", async () => {
    const stateDir = mkdtempSync(join(tmpdir(), "rampart-config-restart-"))
    const options = {
      scenario: scenarioWithKeys(),
      port: 0,
      stateDir,
      services: withServices(configService, testResourcesService),
    }
    setResources("999999999999", "us-east-1", [
      dbInstance("999999999999", "us-east-1", "open", { publiclyAccessible: true }),
    ])
    const first = await startSandbox(options)
    const config = new ConfigServiceClient(clientConfig(first.url))
    await turnOnConfig(config)
    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: "encrypted",
          Source: { Owner: "AWS", SourceIdentifier: "RDS_STORAGE_ENCRYPTED" },
        },
      }),
    )
    await config.send(new PutConformancePackCommand({ ConformancePackName: "restart", TemplateBody: pack }))
    const before = await config.send(
      new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: "encrypted" }),
    )
    await first.close()

    const second = await startSandbox(options)
    try {
      expect(second.resumed).toBe(true)
      const again = new ConfigServiceClient(clientConfig(second.url))
      const after = await again.send(
        new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: "encrypted" }),
      )
      expect(after.EvaluationResults?.map((r) => r.ResultRecordedTime?.getTime())).toEqual(
        before.EvaluationResults?.map((r) => r.ResultRecordedTime?.getTime()),
      )
      second.parts.clock.advance(60_000)
      const status = await again.send(new DescribeConformancePackStatusCommand({}))
      expect(status.ConformancePackStatusDetails?.[0]?.ConformancePackState).toBe("CREATE_COMPLETE")
      const compliance = await again.send(
        new DescribeConformancePackComplianceCommand({ ConformancePackName: "restart" }),
      )
      expect(compliance.ConformancePackRuleComplianceList).toEqual([
        { ConfigRuleName: "restart-not-public", ComplianceType: "NON_COMPLIANT", Controls: [] },
      ])
    } finally {
      await second.close()
    }
  })
})
