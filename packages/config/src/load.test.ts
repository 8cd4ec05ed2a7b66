import { readFileSync } from "node:fs"
import { loadCatalog } from "@rampart/catalog"
import type { Diagnostic } from "@rampart/model"
import { beforeAll, describe, expect, it } from "vitest"
import { loadConfigText } from "./load.ts"

const example = readFileSync(new URL("../../../examples/rampart.yaml", import.meta.url), "utf8")
const now = new Date("2026-12-01T00:00:00Z")
let catalog: ReturnType<typeof loadCatalog>

beforeAll(() => {
  catalog = loadCatalog()
})

const load = (text: string) => {
  if (!catalog.ok) throw new Error(`the catalog does not load: ${JSON.stringify(catalog.diagnostics)}`)
  return loadConfigText(text, "rampart.yaml", { catalog: catalog.catalog, now })
}

/** The example with one piece of text replaced; fails loudly if the piece is not there. */
const edited = (from: string, to: string): string => {
  if (!example.includes(from)) throw new Error(`fixture text not found: ${from}`)
  return example.replace(from, to)
}

const errorsOf = (text: string): ReadonlyArray<Diagnostic> => {
  const result = load(text)
  if (result.ok) throw new Error("expected the configuration to be rejected")
  return result.diagnostics.filter((d) => d.severity === "error")
}

describe("loadConfigText", () => {
  it("accepts the example and applies defaults", () => {
    const result = load(example)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const { config } = result
    expect(config.organization.quotas).toEqual({ scpsPerTarget: 10, scpCharacters: 10_240, ouDepth: 5 })
    expect(config.waves.map((w) => w.name)).toEqual(["canary", "sandbox", "workloads-dev", "wider"])
    expect(config.waves[0]?.targets).toEqual([{ kind: "account", accountId: "222222222201" }])
    expect(config.waves[0]?.soakSeconds).toBe(1800)
    expect(config.waves[2]?.maxConcurrency).toEqual({ kind: "percent", value: 25 })
    expect(config.waves[3]?.onGateFailure).toBe("halt")
    expect(config.waves[0]?.guardrails).toEqual(config.guardrails.map((g) => g.id))
    expect(config.context["org.hubAccountId"]).toBe("111111111111")
    expect(config.exceptions[0]?.target).toEqual({ kind: "account", accountId: "222222222214" })
  })

  it("reports a YAML syntax error with its line and column", () => {
    const [error] = errorsOf(edited("  hub: RampartHub\n", "  hub: [RampartHub\n"))
    expect(error?.code).toBe("yaml.syntax")
    expect(error?.position?.line).toBeGreaterThan(10)
    expect(error?.position?.column).toBeGreaterThan(0)
  })

  it("rejects an unknown key instead of dropping it, and suggests the key meant", () => {
    const errors = errorsOf(edited("    soak: 30m\n", "    soak: 30m\n    soaks: 1h\n"))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({
      code: "config.unknown-key",
      path: "waves[0].soaks",
      value: "soaks",
      fix: 'did you mean "soak"?',
    })
    expect(errors[0]?.position?.column).toBe(5)
  })

  it("rejects an unknown guardrail id and suggests the nearest", () => {
    const errors = errorsOf(edited("  - id: protect-backups\n", "  - id: protect-backup\n"))
    expect(errors[0]).toMatchObject({
      code: "config.unknown-guardrail",
      path: "guardrails[2].id",
      value: "protect-backup",
      fix: 'did you mean "protect-backups"?',
    })
  })

  it("rejects a wave target that is neither an OU path nor a 12-digit account id", () => {
    const errors = errorsOf(edited('targets: ["222222222201"]', 'targets: ["22222222220"]'))
    expect(errors[0]).toMatchObject({
      code: "config.wave-target",
      path: "waves[0].targets[0]",
      value: "22222222220",
    })
    expect(errors[0]?.fix).toContain("12 digits")
    const ouId = errorsOf(edited("targets: [/Sandbox]", "targets: [ou-ab12-cdef3456]"))
    expect(ouId[0]?.fix).toContain("path of names")
  })

  it("explains that an unquoted account id is read as a number", () => {
    const errors = errorsOf(edited('targets: ["222222222201"]', "targets: [222222222201]"))
    expect(errors[0]).toMatchObject({
      code: "config.invalid-value",
      path: "waves[0].targets[0]",
      value: 222222222201,
    })
    expect(errors[0]?.fix).toContain("quote")
  })

  it("rejects the same target in two waves", () => {
    const errors = errorsOf(edited("targets: [/Workloads/Dev]", "targets: [/Workloads/Dev, /Sandbox]"))
    expect(errors[0]).toMatchObject({
      code: "config.target-in-two-waves",
      path: "waves[2].targets[1]",
      value: "/Sandbox",
    })
    expect(errors[0]?.message).toContain("wave sandbox")
  })

  it("rejects an exception that has expired", () => {
    const errors = errorsOf(edited("expires: 2027-03-31", "expires: 2026-11-30"))
    expect(errors[0]).toMatchObject({
      code: "config.exception-expired",
      path: "exceptions[0].expires",
      value: "2026-11-30",
    })
  })

  it("rejects an exception without an owner", () => {
    const missing = errorsOf(edited("    owner: analytics-platform@example.com\n", ""))
    expect(missing[0]).toMatchObject({ code: "config.missing-key", path: "exceptions[0].owner" })
    const blank = errorsOf(edited("owner: analytics-platform@example.com", 'owner: " "'))
    expect(blank[0]).toMatchObject({ code: "config.exception-owner", path: "exceptions[0].owner" })
  })

  it("rejects a guardrail parameter of the wrong type", () => {
    const errors = errorsOf(edited("      minRetentionDays: 7\n", "      minRetentionDays: seven\n"))
    expect(errors[0]).toMatchObject({
      code: "config.parameter",
      path: "guardrails[8].parameters.minRetentionDays",
      value: "seven",
    })
    expect(errors[0]?.message).toBe("minRetentionDays must be a number, not a string")
    expect(errors[0]?.position).toBeDefined()
  })

  it("rejects a parameter value outside the allowed set", () => {
    const errors = errorsOf(edited("mode: governance", "mode: complience"))
    expect(errors[0]).toMatchObject({ code: "config.parameter", fix: 'did you mean "compliance"?' })
  })

  it("rejects an empty waves list", () => {
    const start = example.indexOf("waves:\n")
    const end = example.indexOf("exceptions:\n")
    const text = `${example.slice(0, start)}waves: []\n\n${example.slice(end)}`
    const errors = errorsOf(text)
    expect(errors[0]).toMatchObject({ code: "config.no-waves", path: "waves" })
    expect(errors[0]?.fix).toContain("canary")
  })

  it("refuses the organization root and the management account unless allowed", () => {
    const root = errorsOf(edited("targets: [/Sandbox]", "targets: [/]"))
    expect(root[0]).toMatchObject({ code: "config.root-target" })
    const allowed = load(
      edited("targets: [/Sandbox]", "targets: [/]").replace(
        "quotaProfile: current",
        "quotaProfile: current\n  allowRootAttachment: true",
      ),
    )
    expect(allowed.ok).toBe(true)
    const management = errorsOf(edited('targets: ["222222222201"]', 'targets: ["999999999999"]'))
    expect(management[0]).toMatchObject({ code: "config.management-target" })
  })

  it("checks rendered SCP sizes against the organization's quota", () => {
    const long = Array.from(
      { length: 120 },
      (_, i) => `"arn:aws:iam::*:role/platform-pipeline-role-number-${i}"`,
    ).join(", ")
    const errors = errorsOf(
      edited(
        "  - id: deny-unencrypted-rds\n",
        `  - id: deny-unencrypted-rds\n    parameters:\n      exemptPrincipalArns: [${long}]\n`,
      ),
    )
    expect(errors[0]).toMatchObject({ code: "config.scp-too-large", path: "guardrails[1]" })
  })

  it("reports every problem of a file at once", () => {
    const text = edited("  - id: protect-backups\n", "  - id: protect-backup\n").replace(
      "expires: 2027-03-31",
      "expires: 2020-01-01",
    )
    expect(errorsOf(text).map((e) => e.code)).toEqual(
      expect.arrayContaining(["config.unknown-guardrail", "config.exception-expired"]),
    )
  })

  it("resolves a wave's acknowledgements, and none when the wave has no acknowledge list", () => {
    const result = load(
      edited(
        "    maxConcurrency: 25%\n",
        "    maxConcurrency: 25%\n" +
          "    acknowledge:\n" +
          "      - principal: arn:aws:iam::222222222202:role/CiDeploy\n" +
          "        action: rds:CreateDBInstance\n" +
          "        reason: The dev CI recreates its test databases encrypted from PAY-812 on.\n" +
          "      - principal: arn:aws:iam::*:role/ci-*\n" +
          "        reason: Throwaway CI roles are rebuilt weekly.\n",
      ),
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.config.waves[2]?.acknowledgements).toEqual([
      {
        principal: "arn:aws:iam::222222222202:role/CiDeploy",
        action: "rds:CreateDBInstance",
        reason: "The dev CI recreates its test databases encrypted from PAY-812 on.",
      },
      { principal: "arn:aws:iam::*:role/ci-*", reason: "Throwaway CI roles are rebuilt weekly." },
    ])
    expect(result.config.waves[0]?.acknowledgements).toEqual([])
  })

  it("rejects an acknowledgement whose principal or action is not a pattern, or without a reason", () => {
    const errors = errorsOf(
      edited(
        "    maxConcurrency: 25%\n",
        "    maxConcurrency: 25%\n" +
          "    acknowledge:\n" +
          "      - principal: CiDeploy\n" +
          "        action: CreateDBInstance\n" +
          "        reason: because\n",
      ),
    )
    expect(errors.map((e) => [e.code, e.path, e.value])).toEqual([
      ["config.acknowledge-principal", "waves[2].acknowledge[0].principal", "CiDeploy"],
      ["config.acknowledge-action", "waves[2].acknowledge[0].action", "CreateDBInstance"],
      ["config.acknowledge-reason", "waves[2].acknowledge[0].reason", "because"],
    ])
    const missingReason = errorsOf(
      edited(
        "    maxConcurrency: 25%\n",
        "    maxConcurrency: 25%\n    acknowledge:\n      - principal: arn:aws:iam::*:role/CiDeploy\n",
      ),
    )
    expect(missingReason[0]?.path).toBe("waves[2].acknowledge[0].reason")
  })
})
