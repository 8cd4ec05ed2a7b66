import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { capturedRun } from "../../captured-run.test-support.ts"
import { ExitCode } from "../../exit-code.ts"

const repo = new URL("../../../../../", import.meta.url).pathname

const run = capturedRun

const full = {
  name: "FullAWSAccess",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
}
const rdsDeny = JSON.parse(
  readFileSync(join(repo, "policies/scp/deny-unencrypted-rds.json"), "utf8").replaceAll(
    '"{{exemptPrincipalArns}}"',
    '["arn:aws:iam::*:role/RampartPipeline"]',
  ),
)

const files = (hierarchy: unknown, request: unknown) => {
  const dir = mkdtempSync(join(tmpdir(), "rampart-scp-"))
  const h = join(dir, "hierarchy.json")
  const r = join(dir, "request.json")
  writeFileSync(h, typeof hierarchy === "string" ? hierarchy : JSON.stringify(hierarchy))
  writeFileSync(r, typeof request === "string" ? request : JSON.stringify(request))
  return { h, r }
}

const hierarchy = {
  managementAccountId: "999999999999",
  levels: [
    { id: "r-root", policies: [full] },
    { id: "ou-prod", policies: [full, { name: "DenyUnencryptedRds", document: rdsDeny }] },
    { id: "111111111111", policies: [full] },
  ],
}
const create = (context: Record<string, string>) => ({
  action: "rds:CreateDBInstance",
  resource: "arn:aws:rds:us-east-1:111111111111:db:orders",
  principalArn: "arn:aws:iam::111111111111:role/Dev",
  account: "111111111111",
  region: "us-east-1",
  context,
})

describe("rampart scp simulate", () => {
  it("answers the documented JSON for a denied request, with the deciding statement, and exits 1", async () => {
    const { h, r } = files(
      hierarchy,
      create({ "rds:StorageEncrypted": "false", "rds:DatabaseEngine": "mysql" }),
    )
    const result = await run("scp", "simulate", "--hierarchy", h, "--request", r, "--json")
    expect(result.code).toBe(ExitCode.findings)
    expect(JSON.parse(result.stdout)).toEqual({
      decision: "ExplicitDeny",
      decidedBy: [
        { level: "ou-prod", policy: "DenyUnencryptedRds", sid: "DenyUnencryptedDBInstance", statement: 0 },
      ],
      reason: "explicitly denied by DenyUnencryptedRds (DenyUnencryptedDBInstance) at ou-prod",
    })
  })

  it("allows an encrypted instance and exits 0", async () => {
    const { h, r } = files(
      hierarchy,
      create({ "rds:StorageEncrypted": "true", "rds:DatabaseEngine": "mysql" }),
    )
    const result = await run("scp", "simulate", "--hierarchy", h, "--request", r)
    expect(result.code).toBe(ExitCode.ok)
    expect(result.stdout).toMatch(/^Allow: every level allows/)
  })

  const bad: ReadonlyArray<readonly [string, unknown, unknown, RegExp]> = [
    [
      "a malformed policy",
      {
        levels: [
          {
            id: "r-root",
            policies: [
              {
                name: "P",
                document: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*" }] },
              },
            ],
          },
        ],
      },
      create({}),
      /levels\[0\]\.policies\[0\]\.document\.Statement\[0\]: the statement has neither Resource nor NotResource/,
    ],
    [
      "an unknown condition operator",
      {
        levels: [
          {
            id: "r-root",
            policies: [
              {
                name: "P",
                document: {
                  Version: "2012-10-17",
                  Statement: [
                    {
                      Effect: "Deny",
                      Action: "*",
                      Resource: "*",
                      Condition: { StringEqualsIgnoringCase: { "aws:x": "y" } },
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
      create({}),
      /unknown condition operator "StringEqualsIgnoringCase".*\n\s+fix: did you mean "StringEqualsIgnoreCase"\?/,
    ],
    [
      "a request without action",
      hierarchy,
      { principalArn: "arn:aws:iam::111111111111:role/Dev" },
      /request\.json action: "action" is required/,
    ],
    [
      "a hierarchy without levels",
      { levels: [] },
      create({}),
      /hierarchy\.json levels: the hierarchy has no levels/,
    ],
    ["a hierarchy that is not JSON", '{"levels": [', create({}), /hierarchy\.json:1:\d+: not valid JSON/],
    [
      "an oversized policy",
      {
        levels: [
          {
            id: "r-root",
            policies: [
              {
                name: "Huge",
                document: {
                  Version: "2012-10-17",
                  Statement: Array.from({ length: 200 }, (_, i) => ({
                    Sid: `S${i}`,
                    Effect: "Deny",
                    Action: `s3:PutObject${"x".repeat(40)}`,
                    Resource: "*",
                  })),
                },
              },
            ],
          },
        ],
      },
      create({}),
      /policy Huge is \d+ characters even minified; Organizations accepts at most 10240/,
    ],
  ]
  for (const [name, h, r, message] of bad) {
    it(`exits 2 with a clear error for ${name}`, async () => {
      const paths = files(h, r)
      const result = await run("scp", "simulate", "--hierarchy", paths.h, "--request", paths.r)
      expect(result.code).toBe(ExitCode.badInput)
      expect(result.stderr).toMatch(message)
    })
  }

  it("exits 2 when a file is missing", async () => {
    const result = await run("scp", "simulate", "--hierarchy", "/nonexistent.json")
    expect(result.code).toBe(ExitCode.badInput)
    expect(result.stderr).toContain("--hierarchy FILE and --request FILE")
  })
})

describe("rampart scp pack", () => {
  it("packs each wave target's SCP guardrails from the configuration", async () => {
    const result = await run("scp", "pack", "--config", join(repo, "examples/rampart.yaml"), "--json")
    expect(result.code).toBe(ExitCode.ok)
    const packed = JSON.parse(result.stdout) as ReadonlyArray<{
      target: string
      policies: ReadonlyArray<{ characters: number; text: string }>
    }>
    expect(packed.map((p) => p.target)).toContain("sandbox:/Sandbox")
    for (const target of packed)
      for (const policy of target.policies) expect(policy.text.length).toBe(policy.characters)
  })

  it("writes the packed policies and names the shortfall when the slots are too few", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rampart-pack-"))
    const fits = await run(
      "scp",
      "pack",
      join(repo, "policies/scp"),
      "--free-slots",
      "2",
      "--max-characters",
      "2048",
      "--out",
      dir,
    )
    expect(fits.code).toBe(ExitCode.findings)
    expect(fits.stdout).toMatch(/does not fit: the statements need \d SCPs .* only 2 slot\(s\) are free/)
    const roomy = await run(
      "scp",
      "pack",
      join(repo, "policies/scp"),
      "--free-slots",
      "5",
      "--max-characters",
      "2048",
      "--out",
      dir,
    )
    expect(roomy.code).toBe(ExitCode.ok)
    const written = readdirSync(dir)
    expect(written.length).toBeGreaterThanOrEqual(3)
    for (const file of written)
      expect(readFileSync(join(dir, file), "utf8").trim().length).toBeLessThanOrEqual(2048)
  })

  it("rejects a bad number with exit 2", async () => {
    const result = await run("scp", "pack", join(repo, "policies/scp"), "--free-slots", "zero")
    expect(result.code).toBe(ExitCode.badInput)
  })
})

describe("rampart scp lint", () => {
  it("finds nothing wrong with the shipped SCPs", async () => {
    const result = await run("scp", "lint", join(repo, "policies/scp"))
    expect(result.code).toBe(ExitCode.ok)
    expect(result.stdout.trim()).toBe("0 errors, 0 warnings in 6 policies")
  })

  it("reports size, misspelt keys, unknown actions and the Bool gap, and exits 1 on errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rampart-lint-"))
    const padded = {
      Version: "2012-10-17",
      Statement: Array.from({ length: 60 }, (_, i) => ({
        Sid: `Deny${i}`,
        Effect: "Deny",
        Action: "rds:DeleteDBInstance",
        Resource: `arn:aws:rds:*:*:db:${"x".repeat(40)}${i}`,
      })),
    }
    writeFileSync(join(dir, "big.json"), JSON.stringify(padded, null, 4))
    writeFileSync(
      join(dir, "typos.json"),
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "Gap",
            Effect: "Deny",
            Action: "rds:CreateDBCluster",
            Resource: "*",
            Condition: { Bool: { "rds:StorageEncrypted": "false" } },
          },
          {
            Sid: "Typo",
            Effect: "Deny",
            Action: "rds:CreateDBInstanse",
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegoin": "us-east-1" } },
          },
        ],
      }),
    )
    const result = await run("scp", "lint", dir, "--quota-profile", "before-2026-05", "--json")
    expect(result.code).toBe(ExitCode.findings)
    const report = JSON.parse(result.stdout) as {
      diagnostics: ReadonlyArray<{ code: string; severity: string; fix?: string }>
    }
    const codes = report.diagnostics.map((d) => d.code)
    expect(codes).toEqual(
      expect.arrayContaining([
        "scp.size",
        "scp.unknown-action",
        "scp.global-condition-key",
        "scp.bool-without-null",
      ]),
    )
    expect(report.diagnostics.find((d) => d.code === "scp.unknown-action")?.fix).toContain(
      "rds:CreateDBInstance",
    )
    expect(report.diagnostics.find((d) => d.code === "scp.global-condition-key")?.fix).toContain(
      "aws:RequestedRegion",
    )
    expect(report.diagnostics.find((d) => d.code === "scp.size")?.severity).toBe("error")
  })

  it("writes SARIF for code scanning, and minified copies", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rampart-min-"))
    const result = await run(
      "scp",
      "lint",
      join(repo, "policies/scp/protect-backups.json"),
      "--format",
      "sarif",
      "--minify",
      dir,
    )
    const sarif = JSON.parse(result.stdout) as {
      version: string
      runs: ReadonlyArray<{ tool: { driver: { name: string } } }>
    }
    expect(sarif.version).toBe("2.1.0")
    expect(sarif.runs[0]?.tool.driver.name).toBe("rampart")
    const minified = readFileSync(join(dir, "protect-backups.json"), "utf8").trim()
    expect(minified).toBe(
      JSON.stringify(JSON.parse(readFileSync(join(repo, "policies/scp/protect-backups.json"), "utf8"))),
    )
  })

  it("lints the configured SCPs as rendered, and checks slots and depth against a hierarchy", async () => {
    const configured = await run("scp", "lint", "--config", join(repo, "examples/rampart.yaml"), "--json")
    expect(configured.code).toBe(ExitCode.ok)
    const deep = {
      levels: ["r-root", "ou-1", "ou-2", "ou-3", "ou-4", "ou-5", "ou-6", "111111111111"].map((id) => ({
        id,
        policies: [full],
      })),
    }
    const { h } = files(deep, {})
    const result = await run(
      "scp",
      "lint",
      join(repo, "policies/scp/deny-leave-organization.json"),
      "--hierarchy",
      h,
      "--json",
    )
    expect(result.code).toBe(ExitCode.findings)
    expect(result.stdout).toContain("scp.ou-depth")
  })

  it("exits 2 for a malformed policy file and a bad option", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rampart-bad-"))
    writeFileSync(
      join(dir, "bad.json"),
      '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",}]}',
    )
    const malformed = await run("scp", "lint", join(dir, "bad.json"))
    expect(malformed.code).toBe(ExitCode.badInput)
    expect(malformed.stderr).toMatch(/bad\.json:1:\d+: not valid JSON/)
    const option = await run("scp", "lint", join(dir, "bad.json"), "--format", "xml")
    expect(option.code).toBe(ExitCode.badInput)
  })
})

describe("rampart scp replay", () => {
  const event = (i: number, role: string, params: Record<string, unknown> | null) => ({
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: "AROAEXAMPLE:ci",
      arn: `arn:aws:sts::111111111111:assumed-role/${role}/ci`,
      accountId: "111111111111",
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: "AROAEXAMPLE",
          arn: `arn:aws:iam::111111111111:role/${role}`,
          accountId: "111111111111",
          userName: role,
        },
        attributes: { mfaAuthenticated: "false", creationDate: "2026-11-20T00:00:00Z" },
      },
    },
    eventTime: `2026-11-20T0${i}:00:00Z`,
    eventSource: "rds.amazonaws.com",
    eventName: "CreateDBInstance",
    awsRegion: "us-east-1",
    sourceIPAddress: "203.0.113.5",
    userAgent: "aws-cli",
    requestParameters: params,
    responseElements: null,
    requestID: `r${i}`,
    eventID: `e${i}`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: "111111111111",
  })
  const current = {
    managementAccountId: "999999999999",
    levels: [
      { id: "r-root", policies: [full] },
      { id: "ou-prod", policies: [full] },
      { id: "111111111111", policies: [full] },
    ],
  }

  it("reports what the proposed SCPs would newly deny, and what cannot be told, and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rampart-replay-"))
    writeFileSync(join(dir, "current.json"), JSON.stringify(current))
    writeFileSync(join(dir, "proposed.json"), JSON.stringify(hierarchy))
    writeFileSync(
      join(dir, "trail.json"),
      JSON.stringify({
        Records: [
          event(1, "CiDeployer", { dBInstanceIdentifier: "a", engine: "mysql" }),
          event(2, "CiDeployer", { dBInstanceIdentifier: "b", engine: "mysql", storageEncrypted: false }),
          event(3, "RampartPipeline", { dBInstanceIdentifier: "c", engine: "mysql" }),
          event(4, "CiDeployer", { dBInstanceIdentifier: "d", engine: "mysql", storageEncrypted: true }),
          event(5, "CiDeployer", null),
        ],
      }),
    )
    const result = await run(
      "scp",
      "replay",
      "--events",
      join(dir, "trail.json"),
      "--current",
      join(dir, "current.json"),
      "--proposed",
      join(dir, "proposed.json"),
      "--json",
    )
    expect(result.code).toBe(ExitCode.findings)
    const report = JSON.parse(result.stdout) as {
      totals: { eventsRead: number }
      newlyDenied: ReadonlyArray<{ action: string; principal: string; count: number }>
      unknown: ReadonlyArray<{ count: number }>
    }
    expect(report.totals.eventsRead).toBe(5)
    expect(report.newlyDenied).toHaveLength(1)
    expect(report.newlyDenied[0]).toMatchObject({
      action: "rds:CreateDBInstance",
      principal: "arn:aws:iam::111111111111:role/CiDeployer",
      count: 2,
    })
    expect(report.unknown.map((g) => g.count)).toEqual([1])
  })

  it("exits 0 when the proposal breaks nothing, and 2 for bad input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rampart-replay-"))
    writeFileSync(join(dir, "same.json"), JSON.stringify(current))
    writeFileSync(
      join(dir, "trail.jsonl"),
      `${JSON.stringify(event(1, "CiDeployer", { dBInstanceIdentifier: "a", engine: "mysql" }))}\n`,
    )
    const same = await run(
      "scp",
      "replay",
      "--events",
      join(dir, "trail.jsonl"),
      "--current",
      join(dir, "same.json"),
      "--proposed",
      join(dir, "same.json"),
    )
    expect(same.code).toBe(ExitCode.ok)
    const missing = await run(
      "scp",
      "replay",
      "--events",
      join(dir, "nope"),
      "--current",
      join(dir, "same.json"),
      "--proposed",
      join(dir, "same.json"),
    )
    expect(missing.code).toBe(ExitCode.badInput)
    writeFileSync(join(dir, "empty.json"), JSON.stringify({ levels: [] }))
    const noLevels = await run(
      "scp",
      "replay",
      "--events",
      join(dir, "trail.jsonl"),
      "--current",
      join(dir, "empty.json"),
      "--proposed",
      join(dir, "same.json"),
    )
    expect(noLevels.code).toBe(ExitCode.badInput)
    expect(noLevels.stderr).toContain("the hierarchy has no levels")
  })
})
