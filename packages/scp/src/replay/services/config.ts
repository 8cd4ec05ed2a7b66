import {
  type EventFacts,
  parametersOf,
  type RequestDetails,
  type ServiceKnowledge,
} from "./service-knowledge.ts"

/**
 * AWS Config: a rule's ARN ends in an identifier Config generates (`config-rule/config-rule-a1b2c3`), not in its
 * name, so it can be derived only when the event carries it: `PutConfigRule` with `configRule.configRuleArn`
 * (updating a rule). Everything else is evaluated against `*`.
 */
export const config: ServiceKnowledge = {
  prefix: "config",
  eventSources: ["config.amazonaws.com"],
  actionsWithDetails: new Set(["PutConfigRule"]),
  details: (facts: EventFacts): RequestDetails => {
    const rule = parametersOf(parametersOf(facts.parameters)?.configRule)
    const arn = rule?.configRuleArn
    return typeof arn === "string" && arn.startsWith("arn:") ? { resource: arn } : {}
  },
}
