import { type Catalog, packRules, type RuleToEvaluate } from "@rampart/catalog"

/** A guardrail as rampart.yaml uses it: its id and parameters. */
export interface GuardrailParameters {
  readonly id: string
  readonly parameters: Readonly<Record<string, unknown>>
}

/**
 * The rules findings name, by their Config rule name (`rampart-rds-storage-encrypted`): each conformance pack's
 * rules with the parameters rampart.yaml gives the pack (else the template defaults), as they were deployed. A
 * finding's rule is looked up here to know which managed rule judged it and how to re-evaluate it.
 */
export const findingRules = (
  catalog: Catalog,
  guardrails: ReadonlyArray<GuardrailParameters>,
): ReadonlyMap<string, RuleToEvaluate> => {
  const given = new Map(guardrails.map((g) => [g.id, g.parameters]))
  const rules = new Map<string, RuleToEvaluate>()
  for (const guardrail of catalog.guardrails) {
    if (guardrail.kind !== "conformance-pack") continue
    const parameters = Object.fromEntries(
      Object.entries(given.get(guardrail.id) ?? {}).map(([name, value]) => [name, String(value)]),
    )
    for (const rule of packRules(guardrail, parameters)) if (!rules.has(rule.name)) rules.set(rule.name, rule)
  }
  return rules
}
