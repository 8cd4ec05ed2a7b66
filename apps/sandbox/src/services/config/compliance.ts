import type { Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { paginate } from "../pagination.ts"
import { evaluatedState } from "./evaluations.ts"
import { stringListMember, stringMember } from "./input.ts"
import { configPage } from "./paging.ts"
import { complianceShape, evaluationResultShape } from "./rollup.ts"
import { ruleOrThrow } from "./rules.ts"
import type { ConfigState, EvaluationRecord } from "./state.ts"

/** The verdicts a filter may name: results may be filtered by NOT_APPLICABLE, rolled-up compliance by INSUFFICIENT_DATA. */
const resultTypes = ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"]
const rolledUpTypes = ["COMPLIANT", "NON_COMPLIANT", "INSUFFICIENT_DATA"]

/** The ComplianceTypes filter, checked against the values the operation accepts. */
export const complianceFilter = (
  input: Input,
  accepted: ReadonlyArray<string>,
  field = "ComplianceTypes",
): ReadonlySet<string> | undefined => {
  const types = stringListMember(input, field)
  if (!types || types.length === 0) return undefined
  for (const type of types)
    if (!accepted.includes(type))
      throw new ServiceError(
        "InvalidParameterValueException",
        `The ComplianceType ${type} is not valid here; use ${accepted.join(", ")}.`,
      )
  return new Set(types)
}

/** A rule's results in a stable order (by resource type, then id). */
export const sortedResults = (state: ConfigState, ruleName: string): ReadonlyArray<EvaluationRecord> =>
  Object.values(state.evaluations[ruleName] ?? {}).sort(
    (a, b) => a.resourceType.localeCompare(b.resourceType) || a.resourceId.localeCompare(b.resourceId),
  )

/** The verdicts of every rule on every resource, grouped by resource. */
const byResource = (state: ConfigState) => {
  const resources = new Map<
    string,
    { resourceType: string; resourceId: string; results: Array<[string, EvaluationRecord]> }
  >()
  for (const [ruleName, results] of Object.entries(state.evaluations)) {
    if (!state.rules[ruleName]) continue
    for (const result of Object.values(results)) {
      const key = `${result.resourceType}|${result.resourceId}`
      let entry = resources.get(key)
      if (!entry) {
        entry = { resourceType: result.resourceType, resourceId: result.resourceId, results: [] }
        resources.set(key, entry)
      }
      entry.results.push([ruleName, result])
    }
  }
  return [...resources.values()].sort(
    (a, b) => a.resourceType.localeCompare(b.resourceType) || a.resourceId.localeCompare(b.resourceId),
  )
}

/** Compliance of the caller's account and Region, by rule and by resource, evaluated when read. */
export const complianceOperations: ReadonlyArray<Operation> = [
  {
    name: "GetComplianceDetailsByConfigRule",
    readOnly: true,
    handle: (input, context) => {
      const name = requireString(input, "ConfigRuleName")
      const filter = complianceFilter(input, resultTypes)
      const state = evaluatedState(context)
      ruleOrThrow(state, name)
      const results = sortedResults(state, name).filter((r) => !filter || filter.has(r.compliance))
      const page = configPage(results, input, { max: 100, default: 10 })
      return {
        EvaluationResults: page.items.map((r) => evaluationResultShape(name, r)),
        NextToken: page.nextToken,
      }
    },
  },
  {
    name: "DescribeComplianceByConfigRule",
    readOnly: true,
    handle: (input, context) => {
      const filter = complianceFilter(input, rolledUpTypes)
      const state = evaluatedState(context)
      const names = stringListMember(input, "ConfigRuleNames")
      const rules =
        names && names.length > 0
          ? names.map((n) => ruleOrThrow(state, n))
          : Object.values(state.rules).sort((a, b) => a.name.localeCompare(b.name))
      const entries = rules
        .map((rule) => ({
          ConfigRuleName: rule.name,
          Compliance: complianceShape(
            Object.values(state.evaluations[rule.name] ?? {}).map((r) => r.compliance),
          ),
        }))
        .filter((entry) => !filter || filter.has(entry.Compliance.ComplianceType))
      // The operation takes no Limit: AWS answers pages of 25.
      const page = paginate(
        entries,
        { NextToken: input.NextToken },
        { limit: 25, invalidTokenCode: "InvalidNextTokenException" },
      )
      return { ComplianceByConfigRules: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "DescribeComplianceByResource",
    readOnly: true,
    handle: (input, context) => {
      const type = stringMember(input, "ResourceType")
      const id = stringMember(input, "ResourceId")
      if (id !== undefined && type === undefined)
        throw new ServiceError(
          "InvalidParameterValueException",
          "Specify the ResourceType when you specify a ResourceId.",
        )
      const filter = complianceFilter(input, rolledUpTypes)
      const state = evaluatedState(context)
      const resources = byResource(state).filter(
        (r) => (type === undefined || r.resourceType === type) && (id === undefined || r.resourceId === id),
      )
      const entries = resources.map((r) => ({
        ResourceType: r.resourceType,
        ResourceId: r.resourceId,
        Compliance: complianceShape(r.results.map(([, result]) => result.compliance)),
      }))
      // A named resource without results is INSUFFICIENT_DATA, as Config has nothing to say about it.
      if (type !== undefined && id !== undefined && entries.length === 0)
        entries.push({ ResourceType: type, ResourceId: id, Compliance: complianceShape([]) })
      const filtered = entries.filter((e) => !filter || filter.has(e.Compliance.ComplianceType))
      const page = configPage(filtered, input, { max: 100, default: 10 })
      return { ComplianceByResources: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "GetComplianceDetailsByResource",
    readOnly: true,
    handle: (input, context) => {
      if (stringMember(input, "ResourceEvaluationId") !== undefined)
        throw new ServiceError(
          "InvalidParameterValueException",
          "The sandbox records detective evaluations only; proactive ResourceEvaluationId lookups are not supported.",
        )
      const type = requireString(input, "ResourceType")
      const id = requireString(input, "ResourceId")
      const filter = complianceFilter(input, resultTypes)
      const state = evaluatedState(context)
      const entry = byResource(state).find((r) => r.resourceType === type && r.resourceId === id)
      const results = (entry?.results ?? [])
        .filter(([, result]) => !filter || filter.has(result.compliance))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([ruleName, result]) => evaluationResultShape(ruleName, result))
      // No Limit here either: pages of 100.
      const page = paginate(
        results,
        { NextToken: input.NextToken },
        { limit: 100, invalidTokenCode: "InvalidNextTokenException" },
      )
      return { EvaluationResults: page.items, NextToken: page.nextToken }
    },
  },
]
