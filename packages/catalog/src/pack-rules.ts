import type { RuleToEvaluate } from "./evaluate-rules.ts"
import type { ConformancePackGuardrail } from "./guardrail.ts"

/**
 * The rules a conformance pack deploys, ready to evaluate: each rule's input parameters with `{Ref: Param}`
 * resolved to the value given for the pack parameter, or its template default. Values are strings, as Config
 * passes them; a Ref with neither is left out (the rule's own default applies).
 */
export const packRules = (
  pack: ConformancePackGuardrail,
  given: Readonly<Record<string, string>> = {},
): ReadonlyArray<RuleToEvaluate> => {
  const values = new Map(pack.template.parameters.map((p) => [p.name, given[p.name] ?? p.default]))
  return pack.template.rules.map((rule) => ({
    name: rule.configRuleName,
    sourceIdentifier: rule.sourceIdentifier,
    parameters: Object.fromEntries(
      Object.entries(rule.inputParameters).flatMap(([name, value]) => {
        const ref = value !== null && typeof value === "object" ? (value as { Ref?: unknown }).Ref : undefined
        const resolved =
          typeof ref === "string"
            ? values.get(ref)
            : value === undefined || value === null
              ? undefined
              : String(value)
        return resolved === undefined ? [] : [[name, resolved]]
      }),
    ),
    scope: { complianceResourceTypes: rule.resourceTypes },
  }))
}
