import { readdirSync, readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { parsePolicyText } from "../parse.ts"
import { before2026Quotas, currentQuotas } from "../quotas.ts"
import { lintPolicies } from "./index.ts"
import type { LintSubject } from "./lint-check.ts"

/*
 * The SCPs Rampart ships, rendered the way `rampart render` fills their placeholders: the exempt principals become
 * a list of ARNs, the partition `aws`, account ids twelve digits and names sample strings.
 */
const catalog = new URL("../../../../policies/scp/", import.meta.url)
const exemptPrincipalArns = ["arn:aws:iam::*:role/rampart-pipeline", "arn:aws:iam::*:role/break-glass"]

const render = (text: string): string =>
  text
    .replaceAll('"{{exemptPrincipalArns}}"', JSON.stringify(exemptPrincipalArns))
    .replace(/\{\{([\w.]+)\}\}/g, (_, name: string) =>
      name === "org.partition"
        ? "aws"
        : /AccountId$/.test(name)
          ? "111122223333"
          : `sample-${name.replace(/\W/g, "-")}`,
    )

const subjects: ReadonlyArray<LintSubject> = readdirSync(catalog)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => {
    const text = render(readFileSync(new URL(f, catalog), "utf8"))
    const file = `policies/scp/${f}`
    const parsed = parsePolicyText(text, { kind: "scp", file })
    if (parsed.document === undefined)
      throw new Error(`${file} does not parse: ${JSON.stringify(parsed.diagnostics)}`)
    return { name: f.replace(/\.json$/, ""), file, text, document: parsed.document }
  })

describe("the shipped catalog's SCPs", () => {
  it("are all read", () => {
    expect(subjects.map((s) => s.name)).toEqual([
      "deny-leave-organization",
      "deny-unencrypted-rds",
      "protect-backups",
      "protect-cloudtrail",
      "protect-config",
      "protect-rampart-roles",
    ])
  })

  it.each([
    ["the current quotas", currentQuotas],
    ["the quotas before May 2026", before2026Quotas],
  ])("lint without findings under %s", (_, quotas) => {
    const report = lintPolicies(subjects, { quotas })
    expect(report.diagnostics).toEqual([])
    for (const d of report.documents) expect(d.minifiedCharacters).toBeLessThan(d.characters)
  })
})
