import { execFile } from "node:child_process"
import { existsSync } from "node:fs"
import { promisify } from "node:util"
import { ConfigServiceClient, PutConfigRuleCommand } from "@aws-sdk/client-config-service"
import { describe, expect, it } from "vitest"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import { cloudTrailService } from "../cloudtrail/index.ts"
import { configService } from "./index.ts"
import { turnOnConfig, withServices } from "./resources.test-support.ts"

const run = promisify(execFile)
const aws = "/usr/bin/aws"
const sandbox = useSandbox({ services: withServices(configService, cloudTrailService) })

/** Runs the AWS CLI against the sandbox (asynchronously: the sandbox answers from this same process). */
const cli = async (url: string, ...args: string[]): Promise<Record<string, unknown>> => {
  if (!existsSync(aws))
    throw new Error(`${aws} is missing: install the AWS CLI (apt-get install -y awscli) to run the CLI tests`)
  const { stdout } = await run(aws, ["--endpoint-url", url, "--output", "json", ...args], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_CONFIG_FILE: "/nonexistent",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_PAGER: "",
    },
    timeout: 60_000,
  })
  return JSON.parse(stdout) as Record<string, unknown>
}

describe("the AWS CLI against the sandbox", () => {
  it("describes Config rules", { timeout: 60_000 }, async () => {
    const { url } = await sandbox
    const config = new ConfigServiceClient(clientConfig(url))
    await turnOnConfig(config)
    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: "rds-storage-encrypted",
          Source: { Owner: "AWS", SourceIdentifier: "RDS_STORAGE_ENCRYPTED" },
        },
      }),
    )
    const answer = await cli(url, "configservice", "describe-config-rules")
    expect(answer.ConfigRules).toEqual([
      expect.objectContaining({
        ConfigRuleName: "rds-storage-encrypted",
        Source: { Owner: "AWS", SourceIdentifier: "RDS_STORAGE_ENCRYPTED" },
        ConfigRuleState: "ACTIVE",
      }),
    ])
  })

  it("looks up CloudTrail events", { timeout: 60_000 }, async () => {
    const { url } = await sandbox
    const answer = await cli(
      url,
      "cloudtrail",
      "lookup-events",
      "--lookup-attributes",
      "AttributeKey=EventName,AttributeValue=PutConfigRule",
      "--max-results",
      "5",
    )
    const events = answer.Events as Array<Record<string, unknown>>
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      EventName: "PutConfigRule",
      EventSource: "config.amazonaws.com",
      ReadOnly: "false",
    })
    expect(JSON.parse(String(events[0]?.CloudTrailEvent))).toMatchObject({
      eventName: "PutConfigRule",
      requestParameters: { configRule: { configRuleName: "rds-storage-encrypted" } },
    })
  })
})
