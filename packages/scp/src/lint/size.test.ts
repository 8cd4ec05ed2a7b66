import { describe, expect, it } from "vitest"
import { before2026Quotas, currentQuotas } from "../quotas.ts"
import { minify } from "../size.ts"
import { policyOf, subjectOf } from "./fixtures.test-support.ts"
import { sizeCheck } from "./size.ts"

const document = policyOf({
  Sid: "DenyLeave",
  Effect: "Deny",
  Action: "organizations:LeaveOrganization",
  Resource: "*",
})
const pretty = JSON.stringify(document, null, 2)
const minified = minify(document).length
const quotasOf = (scpCharacters: number) => ({ ...currentQuotas, scpCharacters })

describe("scp.size", () => {
  it("accepts a policy well under the quota", () => {
    expect(sizeCheck.check(subjectOf(document), { quotas: currentQuotas })).toEqual([])
  })

  it.each([
    {
      case: "text over the quota, minified fits: an error that says so, with both sizes",
      limit: pretty.length - 1,
      severity: "error",
      message: `is ${pretty.length} characters as written; the quota is ${pretty.length - 1} (minified it is ${minified} and fits)`,
      fix: `send it minified (${minified} characters)`,
    },
    {
      case: "minified also over the quota: an error with the characters to remove",
      limit: minified - 10,
      severity: "error",
      message: `(${minified} minified); the quota is ${minified - 10}`,
      fix: "remove at least 10 characters",
    },
    {
      case: "above 90 % of the quota: a warning",
      limit: Math.ceil(pretty.length / 0.95),
      severity: "warning",
      message: `uses ${pretty.length} of ${Math.ceil(pretty.length / 0.95)} characters`,
      fix: "send it minified",
    },
  ])("$case", ({ limit, severity, message, fix }) => {
    const [d, ...rest] = sizeCheck.check(subjectOf(document), { quotas: quotasOf(limit) })
    expect(rest).toEqual([])
    expect(d).toMatchObject({
      severity,
      code: "scp.size",
      file: "policy.json",
      path: "",
      value: pretty.length,
    })
    expect(d?.message).toContain(message)
    expect(d?.fix).toContain(fix)
  })

  it("counts whitespace: the same policy fits the 2026 quota minified but not as padded text", () => {
    const padded = pretty.replace(/\n/g, `\n${" ".repeat(600)}`)
    const subject = subjectOf(document, { text: padded })
    expect(padded.length).toBeGreaterThan(before2026Quotas.scpCharacters)
    expect(sizeCheck.check(subject, { quotas: before2026Quotas })[0]?.severity).toBe("error")
  })

  it("measures a document built in memory by its compact JSON", () => {
    const { text: _text, ...inMemory } = subjectOf(document)
    expect(sizeCheck.check(inMemory, { quotas: quotasOf(minified * 2) })).toEqual([])
    expect(sizeCheck.check(inMemory, { quotas: quotasOf(minified - 1) })[0]?.value).toBe(minified)
  })
})
