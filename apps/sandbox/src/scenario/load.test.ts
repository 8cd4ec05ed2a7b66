import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Diagnostic, formatDiagnostic } from "@rampart/model"
import { describe, expect, it } from "vitest"
import type { ServiceDefinition } from "../operation.ts"
import { services } from "../services/index.ts"
import { stsService } from "../services/sts/index.ts"
import { loadScenarioFile, loadScenarioText, resolveScenario } from "./load.ts"

/** A valid scenario; the tests break one thing in it at a time. */
const valid = `name: demo
regions: [eu-west-1, us-east-1]
organization:
  id: o-demo000001
  managementAccount: { id: "999999999999", name: Management }
  tree:
    - ou: Security
      accounts:
        - { id: "111111111111", name: Hub }
    - ou: Workloads
      children:
        - ou: Dev
          accounts:
            - { id: "222222222201", name: Dev One }
            - { id: "222222222202", name: Dev Two }
            - { id: "222222222203", name: Dev Three }
        - ou: Prod
          accounts:
            - { id: "222222222214", name: Prod One }
  policies:
    - name: DenyLeave
      content: { Version: "2012-10-17", Statement: [{ Effect: Deny, Action: "organizations:LeaveOrganization", Resource: "*" }] }
      attach: [/Workloads/Prod, "222222222201"]
accessKeys:
  - { accessKeyId: test, secretAccessKey: test, account: "999999999999", role: Admin }
  - { accessKeyId: ci-dev, secretAccessKey: ci-secret, account: "222222222201", role: CiDeploy }
activity:
  - name: ci-checks-identity
    principal: ci-dev
    service: sts
    operation: GetCallerIdentity
    every: 6h
    backfill: 7d
`

/** The 1-based line of the first line containing `marker` (and the column where it starts). */
const lineOf = (text: string, marker: string): { line: number; column: number } => {
  const lines = text.split("\n")
  const index = lines.findIndex((l) => l.includes(marker))
  if (index < 0) throw new Error(`no line with ${marker}`)
  return { line: index + 1, column: (lines[index] as string).indexOf(marker) + 1 }
}

const failing = (text: string, file = "scenario.yaml"): ReadonlyArray<Diagnostic> => {
  const result = loadScenarioText(text, file)
  if (result.ok) throw new Error("expected the scenario to be refused")
  return result.diagnostics
}

const only = (diagnostics: ReadonlyArray<Diagnostic>): Diagnostic => {
  expect(diagnostics).toHaveLength(1)
  return diagnostics[0] as Diagnostic
}

describe("loadScenarioText", () => {
  it("reads a valid scenario", () => {
    const result = loadScenarioText(valid, "scenario.yaml")
    expect(result.ok && result.scenario.organization.tree?.[1]?.children?.[0]?.accounts).toHaveLength(3)
    expect(result.ok && result.scenario.activity?.[0]).toMatchObject({ every: "6h", backfill: "7d" })
  })

  it("reads the same scenario written as JSON", () => {
    const result = loadScenarioText(valid, "scenario.yaml")
    if (!result.ok) throw new Error("valid scenario refused")
    const again = loadScenarioText(JSON.stringify(result.scenario, null, 2), "scenario.json")
    expect(again).toEqual(result)
  })

  it("reports a YAML syntax error at its line and column", () => {
    const text = valid.replace("  tree:\n", "  tree:\n   - ou: [Broken\n")
    const d = failing(text)[0] as Diagnostic
    expect(d).toMatchObject({ code: "yaml.syntax", file: "scenario.yaml" })
    expect(d.position?.line).toBeGreaterThanOrEqual(lineOf(text, "[Broken").line)
    expect(d.position?.column).toBeGreaterThan(0)
  })

  it("reports a JSON syntax error at its line and column", () => {
    const d = only(failing('{\n  "name": "demo"\n  "regions": ["eu-west-1"]\n}', "scenario.json"))
    expect(d).toMatchObject({ code: "json.syntax", file: "scenario.json", position: { line: 3, column: 3 } })
  })

  it("refuses unknown keys and suggests the nearest one", () => {
    const text = valid.replace("    every: 6h", "    evry: 6h")
    const diagnostics = failing(text)
    const unknown = diagnostics.find((d) => d.code === "scenario.unknown-key")
    expect(unknown).toMatchObject({
      path: "activity[0].evry",
      value: "evry",
      fix: 'did you mean "every"?',
      position: lineOf(text, "evry"),
    })
  })

  it("refuses an account id that is not 12 digits, naming its path and position", () => {
    const text = valid.replace('"222222222203"', '"22222222203"')
    const d = only(failing(text))
    expect(d).toMatchObject({
      code: "scenario.invalid-value",
      path: "organization.tree[1].children[0].accounts[2].id",
      value: "22222222203",
      position: lineOf(text, '"22222222203"'),
    })
    expect(d.fix).toContain("12-digit account id")
  })

  it("asks to quote an account id written as a bare number", () => {
    const text = valid.replace('{ id: "222222222214"', "{ id: 222222222214")
    const d = only(failing(text))
    expect(d).toMatchObject({
      path: "organization.tree[1].children[1].accounts[0].id",
      value: 222222222214,
      fix: 'quote it: "222222222214" (unquoted digits are read as a number)',
    })
  })

  it("refuses an account listed twice", () => {
    const text = valid.replace(
      '{ id: "222222222203", name: Dev Three }',
      '{ id: "111111111111", name: Dev Three }',
    )
    const d = only(failing(text))
    expect(d).toMatchObject({
      code: "scenario.duplicate-account",
      path: "organization.tree[1].children[0].accounts[2].id",
      value: "111111111111",
      position: lineOf(text, '"111111111111", name: Dev Three'),
    })
    expect(d.message).toContain("organization.tree[0].accounts[0].id")
  })

  it("refuses the management account inside the tree", () => {
    const text = valid.replace(
      '{ id: "222222222214", name: Prod One }',
      '{ id: "999999999999", name: Prod One }',
    )
    const d = only(failing(text))
    expect(d).toMatchObject({
      code: "scenario.management-in-tree",
      path: "organization.tree[1].children[1].accounts[0].id",
      value: "999999999999",
      position: lineOf(text, '"999999999999", name: Prod One'),
    })
    expect(d.fix).toContain("organization.managementAccount")
  })

  it("refuses an access key whose account is not in the organization", () => {
    const text = valid.replace(
      'account: "222222222201", role: CiDeploy',
      'account: "222222222209", role: CiDeploy',
    )
    const d = only(failing(text))
    expect(d).toMatchObject({
      code: "scenario.unknown-account",
      path: "accessKeys[1].account",
      value: "222222222209",
      position: { line: lineOf(text, "ci-secret").line },
    })
    expect(d.fix).toContain('did you mean "222222222201"?')
  })

  it("refuses an OU name repeated under one parent", () => {
    const text = valid
      .replace("        - ou: Prod", "        - ou: Dev")
      .replace("attach: [/Workloads/Prod,", "attach: [/Workloads/Dev,")
    const d = only(failing(text))
    expect(d).toMatchObject({
      code: "scenario.duplicate-ou",
      path: "organization.tree[1].children[1].ou",
      value: "Dev",
      position: { line: lineOf(valid, "- ou: Prod").line, column: lineOf(valid, "Prod").column },
    })
    expect(d.message).toContain("under /Workloads")
  })

  it("accepts the same OU name under different parents", () => {
    const text = valid.replace("    - ou: Security", "    - ou: Dev")
    expect(loadScenarioText(text, "scenario.yaml").ok).toBe(true)
  })

  it("refuses an SCP target that is neither an OU path nor an account", () => {
    const text = valid.replace("attach: [/Workloads/Prod,", "attach: [/Workloads/Prd,")
    const d = only(failing(text))
    expect(d).toMatchObject({
      code: "scenario.unknown-attach-target",
      path: "organization.policies[0].attach[0]",
      value: "/Workloads/Prd",
      fix: 'did you mean "/Workloads/Prod"?',
      position: lineOf(text, "/Workloads/Prd"),
    })
  })

  it("refuses an SCP attached to an account outside the organization", () => {
    const text = valid.replace('/Workloads/Prod, "222222222201"]', '/Workloads/Prod, "333333333333"]')
    const d = only(failing(text))
    expect(d).toMatchObject({
      code: "scenario.unknown-attach-target",
      path: "organization.policies[0].attach[1]",
    })
  })

  it("refuses activity of an unknown access key, service or operation", () => {
    const text = valid
      .replace("principal: ci-dev", "principal: ci-de")
      .replace("operation: GetCallerIdentity", "operation: GetCallerIdentiy")
    const diagnostics = failing(text)
    expect(diagnostics.map((d) => [d.code, d.path, d.fix])).toEqual([
      [
        "scenario.unknown-principal",
        "activity[0].principal",
        'did you mean "ci-dev"?; the principal is the accessKeyId of an entry of accessKeys',
      ],
      ["scenario.unknown-operation", "activity[0].operation", 'did you mean "GetCallerIdentity"?'],
    ])
    const service = failing(valid.replace("service: sts", "service: stz"))
    expect(only(service)).toMatchObject({ code: "scenario.unknown-service", path: "activity[0].service" })
  })

  it("refuses a backfill that would record too many calls", () => {
    const text = valid.replace("every: 6h", "every: 1s")
    expect(only(failing(text))).toMatchObject({
      code: "scenario.backfill-too-long",
      path: "activity[0].backfill",
    })
  })

  it("refuses a duration it cannot read", () => {
    const d = only(failing(valid.replace("every: 6h", "every: 6 hours")))
    expect(d).toMatchObject({ code: "scenario.invalid-value", path: "activity[0].every", value: "6 hours" })
  })

  it("reports every problem at once", () => {
    const text = valid
      .replace('"222222222203"', '"111111111111"')
      .replace("attach: [/Workloads/Prod,", "attach: [/Nowhere,")
      .replace('account: "222222222201", role', 'account: "222222222299", role')
    expect(failing(text).map((d) => d.code)).toEqual([
      "scenario.duplicate-account",
      "scenario.unknown-attach-target",
      "scenario.unknown-account",
    ])
  })
})

describe("loadScenarioFile and resolveScenario", () => {
  const dir = mkdtempSync(join(tmpdir(), "rampart-scenario-"))

  it("reads a file and names it in diagnostics", () => {
    const path = join(dir, "demo.yaml")
    writeFileSync(path, valid)
    expect(loadScenarioFile(path).ok).toBe(true)
    expect(resolveScenario(path).ok).toBe(true)
    const broken = join(dir, "broken.yaml")
    writeFileSync(broken, valid.replace("every: 6h", "every: 6x"))
    const result = loadScenarioFile(broken)
    expect(!result.ok && result.diagnostics[0]?.file).toBe(broken)
  })

  it("reports a missing file as a diagnostic", () => {
    const result = loadScenarioFile(join(dir, "missing.yaml"))
    expect(!result.ok && result.diagnostics[0]).toMatchObject({
      code: "scenario.unreadable",
      message: "the file does not exist",
    })
  })

  it("resolves the built-in scenarios by name", () => {
    const small = resolveScenario("small")
    expect(small.ok && small.scenario.name).toBe("small")
    const large = resolveScenario("large")
    expect(large.ok && large.scenario.name).toBe("large")
    const sized = resolveScenario("large:2500")
    expect(sized.ok && sized.scenario.name).toBe("large:2500")
  })

  it("refuses a large count out of range and an unknown name", () => {
    const tooMany = resolveScenario("large:20000")
    expect(!tooMany.ok && tooMany.diagnostics[0]).toMatchObject({ code: "scenario.invalid-name" })
    const typo = resolveScenario("smal")
    expect(!typo.ok && typo.diagnostics[0]).toMatchObject({ code: "scenario.unknown-scenario" })
    expect(!typo.ok && typo.diagnostics[0]?.fix).toContain('did you mean "small"?')
  })
})

describe("SCENARIOS.md", () => {
  it("documents a scenario file that loads", () => {
    const doc = readFileSync(new URL("../../SCENARIOS.md", import.meta.url), "utf8")
    const example = /## The file, key by key\n\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1]
    if (example === undefined) throw new Error("no example in SCENARIOS.md")
    // RDS is called by the example's activity; a stand-in is enough to check the names.
    const rds = {
      ...stsService,
      signingName: "rds",
      operations: [{ ...stsService.operations[0], name: "CreateDBInstance" }],
    }
    const result = loadScenarioText(example, "SCENARIOS.md", {
      services: [...services, rds as ServiceDefinition],
    })
    expect(result.ok ? [] : result.diagnostics.map(formatDiagnostic)).toEqual([])
  })
})
