import type { ManagedRule } from "../managed-rule.ts"
import { notApplicable } from "./evaluation.ts"

/**
 * Builds a rule whose evaluator only ever sees the resource types the rule declares: any other item is
 * NOT_APPLICABLE, as AWS Config never evaluates a rule against types outside its scope.
 */
export const defineManagedRule = (rule: ManagedRule): ManagedRule => ({
  ...rule,
  evaluate: (input) =>
    rule.resourceTypes.includes(input.item.resourceType)
      ? rule.evaluate(input)
      : notApplicable(
          `${rule.identifier} evaluates ${rule.resourceTypes.join(", ")}, not ${input.item.resourceType}.`,
        ),
})
