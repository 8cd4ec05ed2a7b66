import { spawnSync } from "node:child_process"
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { capturedRun } from "./captured-run.test-support.ts"
import { ExitCode } from "./exit-code.ts"

const repo = new URL("../../../", import.meta.url).pathname
const example = readFileSync(join(repo, "examples/rampart.yaml"), "utf8")

const run = capturedRun

/** Writes an edited copy of the example configuration and returns its path. */
const configWith = (from: string, to: string): string => {
  if (!example.includes(from)) throw new Error(`fixture text not found: ${from}`)
  const dir = mkdtempSync(join(tmpdir(), "rampart-cli-"))
  const path = join(dir, "rampart.yaml")
  writeFileSync(path, example.replace(from, to))
  return path
}

const asOf = ["--as-of", "2026-12-01"]

describe("rampart validate", () => {
  it("accepts the example configuration", async () => {
    const result = await run("validate", "--config", join(repo, "examples/rampart.yaml"), ...asOf)
    expect(result.code).toBe(ExitCode.ok)
    expect(result.stdout).toContain("is valid: 11 guardrails, 4 waves, 1 exception")
  })

  it("prints a machine-readable result with --json", async () => {
    const result = await run("validate", "--config", join(repo, "examples/rampart.yaml"), "--json", ...asOf)
    const json = JSON.parse(result.stdout) as { valid: boolean; waves: ReadonlyArray<string> }
    expect(json.valid).toBe(true)
    expect(json.waves).toEqual(["canary", "sandbox", "workloads-dev", "wider"])
  })

  const badInputs: ReadonlyArray<readonly [string, string, string, RegExp]> = [
    [
      "a YAML syntax error",
      "  hub: RampartHub\n",
      "  hub: [RampartHub\n",
      /rampart\.yaml:\d+:\d+: not valid YAML/,
    ],
    [
      "an unknown key",
      "    soak: 30m\n",
      "    soak: 30m\n    soaks: 1h\n",
      /waves\[0\]\.soaks: unknown key "soaks".*\n\s+fix: did you mean "soak"\?/,
    ],
    [
      "an unknown guardrail id",
      "  - id: protect-backups\n",
      "  - id: protect-backup\n",
      /guardrails\[2\]\.id: no guardrail "protect-backup" in the catalog.*\n\s+fix: did you mean "protect-backups"\?/,
    ],
    [
      "a bad wave target",
      'targets: ["222222222201"]',
      'targets: ["prod-accounts"]',
      /waves\[0\]\.targets\[0\]: a wave target must be an OU path or a 12-digit account id \(got "prod-accounts"\)/,
    ],
    [
      "a target in two waves",
      "targets: [/Workloads/Dev]",
      "targets: [/Workloads/Dev, /Sandbox]",
      /waves\[2\]\.targets\[1\]: \/Sandbox is already a target of wave sandbox/,
    ],
    [
      "an expired exception",
      "expires: 2027-03-31",
      "expires: 2026-01-31",
      /exceptions\[0\]\.expires: the exception expired on 2026-01-31/,
    ],
    [
      "an exception without owner",
      "    owner: analytics-platform@example.com\n",
      "",
      /exceptions\[0\]\.owner: "owner" is required/,
    ],
    [
      "a parameter of the wrong type",
      "      minRetentionDays: 7\n",
      "      minRetentionDays: [7]\n",
      /guardrails\[8\]\.parameters\.minRetentionDays: minRetentionDays must be a number, not a list with items other than strings \(got \[7\]\)\n\s+fix: write minRetentionDays as 7/,
    ],
  ]

  for (const [name, from, to, message] of badInputs) {
    it(`exits 2 with a clear message for ${name}`, async () => {
      const path = configWith(from, to)
      const before = readFileSync(path, "utf8")
      const result = await run("validate", "--config", path, ...asOf)
      expect(result.code).toBe(ExitCode.badInput)
      expect(result.stderr).toMatch(message)
      expect(result.stderr).toContain(path)
      expect(result.stderr).toContain("Nothing was changed.")
      expect(readFileSync(path, "utf8")).toBe(before)
    })
  }

  it("exits 2 for a call limit it cannot read, before calling AWS", async () => {
    for (const [command, limit] of [
      [["scan", "--config", join(repo, "examples/rampart.yaml")], "config=fast"],
      [["org", "snapshot", "--no-store"], "sts:assumerole=5/s"],
    ] as const) {
      const result = await run(...command, "--call-limit", limit)
      expect(result.code).toBe(ExitCode.badInput)
      expect(result.stderr).toContain("--call-limit:")
      expect(result.stderr).not.toMatch(/AwsFailure|CredentialsRejected|ECONNREFUSED/)
    }
  })

  it("exits 2 for an empty waves list, naming the fix", async () => {
    const start = example.indexOf("waves:\n")
    const end = example.indexOf("exceptions:\n")
    const dir = mkdtempSync(join(tmpdir(), "rampart-cli-"))
    const path = join(dir, "rampart.yaml")
    writeFileSync(path, `${example.slice(0, start)}waves: []\n\n${example.slice(end)}`)
    const result = await run("validate", "--config", path, ...asOf)
    expect(result.code).toBe(ExitCode.badInput)
    expect(result.stderr).toMatch(/waves: the waves list is empty.*\n\s+fix: add a wave/)
  })

  it("exits 2 when a catalog SCP is not valid JSON, giving its position", async () => {
    const root = mkdtempSync(join(tmpdir(), "rampart-catalog-"))
    for (const folder of ["policies", "conformance-packs"])
      cpSync(join(repo, folder), join(root, folder), { recursive: true })
    const file = join(root, "policies/scp/deny-unencrypted-rds.json")
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace('"Version": "2012-10-17",', '"Version": "2012-10-17"'),
    )
    const result = await run(
      "validate",
      "--config",
      join(repo, "examples/rampart.yaml"),
      "--catalog",
      root,
      ...asOf,
    )
    expect(result.code).toBe(ExitCode.badInput)
    expect(result.stderr).toMatch(/policies\/scp\/deny-unencrypted-rds\.json:\d+:\d+: not valid JSON/)
  })

  it("exits 2 when a conformance pack uses a rule outside the catalog's list", async () => {
    const root = mkdtempSync(join(tmpdir(), "rampart-catalog-"))
    for (const folder of ["policies", "conformance-packs"])
      cpSync(join(repo, folder), join(root, folder), { recursive: true })
    const file = join(root, "conformance-packs/backup-protection.yaml")
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "SourceIdentifier: BACKUP_RECOVERY_POINT_ENCRYPTED",
        "SourceIdentifier: BACKUP_VAULT_ENCRYPTED",
      ),
    )
    const result = await run(
      "validate",
      "--config",
      join(repo, "examples/rampart.yaml"),
      "--catalog",
      root,
      ...asOf,
    )
    expect(result.code).toBe(ExitCode.badInput)
    expect(result.stderr).toMatch(
      /conformance-packs\/backup-protection\.yaml:\d+:\d+ .*SourceIdentifier: "BACKUP_VAULT_ENCRYPTED" is not in the catalog's list of managed rules/,
    )
  })

  it("exits 2 for a missing configuration file and for a bad --as-of", async () => {
    const missing = await run("validate", "--config", "/nonexistent/rampart.yaml")
    expect(missing.code).toBe(ExitCode.badInput)
    expect(missing.stderr).toContain("the file does not exist")
    const badDate = await run("validate", "--as-of", "tomorrow")
    expect(badDate.code).toBe(ExitCode.badInput)
    expect(badDate.stderr).toContain("--as-of must be a date")
  })
})

describe("the command line", () => {
  it("prints help for every command with --help and exits 0", async () => {
    for (const argv of [
      [],
      ["validate"],
      ["render"],
      ["catalog"],
      ["catalog", "list"],
      ["catalog", "show"],
    ]) {
      const result = await run(...argv, "--help")
      expect(result.code).toBe(ExitCode.ok)
      expect(result.stdout).toMatch(/^rampart.* — /)
      expect(result.stdout).toContain("--help")
    }
  })

  it("rejects unknown commands and options with exit 2", async () => {
    const command = await run("valdate")
    expect(command.code).toBe(ExitCode.badInput)
    expect(command.stderr).toContain('unknown command "valdate"')
    const option = await run("validate", "--confg", "x")
    expect(option.code).toBe(ExitCode.badInput)
    expect(option.stderr).toContain("--confg")
  })

  it("lists and shows catalog entries", async () => {
    const list = await run("catalog", "list", "--json")
    const ids = (JSON.parse(list.stdout) as ReadonlyArray<{ id: string }>).map((g) => g.id)
    expect(ids).toContain("deny-unencrypted-rds")
    const show = await run("catalog", "show", "deny-unencrypted-rds")
    expect(show.stdout).toContain("Seeds: 001, 002")
    const unknown = await run("catalog", "show", "deny-unencrypted-rdss")
    expect(unknown.code).toBe(ExitCode.badInput)
    expect(unknown.stderr).toContain('did you mean "deny-unencrypted-rds"?')
  })

  it("renders each wave's guardrails with SCP sizes against the quota", async () => {
    const result = await run("render", "--config", join(repo, "examples/rampart.yaml"), "--json")
    expect(result.code).toBe(ExitCode.ok)
    const report = JSON.parse(result.stdout) as {
      waves: ReadonlyArray<{
        wave: string
        guardrails: ReadonlyArray<{ id: string; characters?: number; limit?: number }>
      }>
      exceptions: ReadonlyArray<{ guardrail: string; target: string }>
    }
    expect(report.exceptions).toEqual([
      expect.objectContaining({ guardrail: "deny-unencrypted-rds", target: "222222222214" }),
    ])
    const scp = report.waves[0]?.guardrails.find((g) => g.id === "deny-unencrypted-rds")
    expect(scp?.limit).toBe(10_240)
    expect(scp?.characters).toBeGreaterThan(500)
    const document = await run(
      "render",
      "--config",
      join(repo, "examples/rampart.yaml"),
      "--guardrail",
      "deny-unencrypted-rds",
    )
    expect(document.stdout.trim()).toHaveLength(scp?.characters ?? 0)
  })

  it("runs as `rampart` from the repository root through the installed bin", () => {
    const result = spawnSync(
      join(repo, "node_modules/.bin/rampart"),
      ["validate", "--config", "examples/rampart.yaml", ...asOf],
      {
        cwd: repo,
        encoding: "utf8",
        env: { ...process.env, PATH: `${join(repo, "node_modules/.bin")}:${process.env.PATH}` },
      },
    )
    expect(result.status).toBe(0)
    expect(result.stdout).toContain("examples/rampart.yaml is valid")
    const bad = spawnSync(join(repo, "node_modules/.bin/rampart"), ["validate", "--config", "missing.yaml"], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, PATH: `${join(repo, "node_modules/.bin")}:${process.env.PATH}` },
    })
    expect(bad.status).toBe(2)
  }, 30_000)
})
