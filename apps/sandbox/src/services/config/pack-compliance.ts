import type { Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { sortedResults } from "./compliance.ts"
import { packOrThrow, selectedPacks } from "./conformance-packs.ts"
import { evaluatedState } from "./evaluations.ts"
import { objectMember, stringListMember, stringMember } from "./input.ts"
import { configPage } from "./paging.ts"
import { type RolledUp, resultIdentifier, rollUp } from "./rollup.ts"
import type { ConfigState, PackRecord } from "./state.ts"

/** The rules of a pack that exist, in name order. */
export const packRules = (state: ConfigState, pack: PackRecord): ReadonlyArray<string> =>
  pack.ruleNames.filter((name) => state.rules[name] !== undefined).sort()

/** A pack rule's compliance (COMPLIANT, NON_COMPLIANT or INSUFFICIENT_DATA). */
export const packRuleCompliance = (state: ConfigState, rule: string): RolledUp =>
  rollUp(Object.values(state.evaluations[rule] ?? {}).map((r) => r.compliance))

/** A pack's compliance: its rules rolled up the same way. */
export const packCompliance = (state: ConfigState, pack: PackRecord): RolledUp =>
  rollUp(packRules(state, pack).map((rule) => packRuleCompliance(state, rule)))

const packTypes = ["COMPLIANT", "NON_COMPLIANT", "INSUFFICIENT_DATA"]

/** The pack's rules a filter names; names outside the pack are NoSuchConfigRuleInConformancePackException. */
const filteredRules = (
  state: ConfigState,
  pack: PackRecord,
  names: ReadonlyArray<string> | undefined,
): ReadonlyArray<string> => {
  const rules = packRules(state, pack)
  if (!names || names.length === 0) return rules
  const outside = names.filter((n) => !rules.includes(n))
  if (outside.length > 0)
    throw new ServiceError(
      "NoSuchConfigRuleInConformancePackException",
      `Config rules [${outside.join(", ")}] are not in conformance pack ${pack.name}.`,
    )
  return [...names].sort()
}

const checkType = (type: string | undefined, accepted: ReadonlyArray<string>): void => {
  if (type !== undefined && !accepted.includes(type))
    throw new ServiceError(
      "InvalidParameterValueException",
      `The ComplianceType ${type} is not valid here; use ${accepted.join(", ")}.`,
    )
}

/** A conformance pack's compliance: per rule, per result, and summarized. */
export const packComplianceOperations: ReadonlyArray<Operation> = [
  {
    name: "DescribeConformancePackCompliance",
    readOnly: true,
    handle: (input, context) => {
      const name = requireString(input, "ConformancePackName")
      const filters = objectMember(input, "Filters") ?? {}
      const type = stringMember(filters, "ComplianceType")
      checkType(type, packTypes)
      const state = evaluatedState(context)
      const pack = packOrThrow(state, name)
      const entries = filteredRules(state, pack, stringListMember(filters, "ConfigRuleNames"))
        .map((rule) => ({
          ConfigRuleName: rule,
          ComplianceType: packRuleCompliance(state, rule),
          Controls: [],
        }))
        .filter((entry) => type === undefined || entry.ComplianceType === type)
      const page = configPage(entries, input, { max: 1000, default: 1000 })
      return {
        ConformancePackName: name,
        ConformancePackRuleComplianceList: page.items,
        NextToken: page.nextToken,
      }
    },
  },
  {
    name: "GetConformancePackComplianceDetails",
    readOnly: true,
    handle: (input, context) => {
      const name = requireString(input, "ConformancePackName")
      const filters = objectMember(input, "Filters") ?? {}
      const type = stringMember(filters, "ComplianceType")
      checkType(type, ["COMPLIANT", "NON_COMPLIANT"])
      const resourceType = stringMember(filters, "ResourceType")
      const resourceIds = stringListMember(filters, "ResourceIds")
      if (resourceIds && resourceIds.length > 0 && resourceType === undefined)
        throw new ServiceError(
          "InvalidParameterValueException",
          "Specify the ResourceType filter when you filter by ResourceIds.",
        )
      const state = evaluatedState(context)
      const pack = packOrThrow(state, name)
      const results = filteredRules(state, pack, stringListMember(filters, "ConfigRuleNames")).flatMap(
        (rule) =>
          sortedResults(state, rule)
            // A pack reports COMPLIANT and NON_COMPLIANT results only.
            .filter((r) => r.compliance !== "NOT_APPLICABLE")
            .filter((r) => type === undefined || r.compliance === type)
            .filter((r) => resourceType === undefined || r.resourceType === resourceType)
            .filter((r) => !resourceIds || resourceIds.length === 0 || resourceIds.includes(r.resourceId))
            .map((r) => ({
              ComplianceType: r.compliance,
              EvaluationResultIdentifier: resultIdentifier(rule, r),
              ConfigRuleInvokedTime: new Date(r.invokedAt),
              ResultRecordedTime: new Date(r.recordedAt),
              ...(r.annotation === undefined ? {} : { Annotation: r.annotation }),
            })),
      )
      const page = configPage(results, input, { max: 100, default: 100 })
      return {
        ConformancePackName: name,
        ConformancePackRuleEvaluationResults: page.items,
        NextToken: page.nextToken,
      }
    },
  },
  {
    name: "GetConformancePackComplianceSummary",
    readOnly: true,
    handle: (input, context) => {
      const names = stringListMember(input, "ConformancePackNames")
      if (!names || names.length === 0)
        throw new ServiceError(
          "ValidationException",
          "1 validation error detected: Value null at 'conformancePackNames' failed to satisfy constraint: Member must not be null",
        )
      const state = evaluatedState(context)
      const summaries = selectedPacks(state, names).map((pack) => ({
        ConformancePackName: pack.name,
        ConformancePackComplianceStatus: packCompliance(state, pack),
      }))
      const page = configPage(summaries, input, { max: 20, default: 20 })
      return { ConformancePackComplianceSummaryList: page.items, NextToken: page.nextToken }
    },
  },
]
