import type { CallContext, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { aggregatorOrThrow, type SourceScope, sourceScopes } from "./aggregators.ts"
import { sortedResults } from "./compliance.ts"
import { refreshEvaluations } from "./evaluations.ts"
import { objectMember, stringMember } from "./input.ts"
import { packCompliance, packRuleCompliance, packRules } from "./pack-compliance.ts"
import { configPage } from "./paging.ts"
import { complianceShape, resultIdentifier, rollUp } from "./rollup.ts"
import { type ConfigState, existingConfigState } from "./state.ts"

/** The Config state of every source of an aggregator, each brought up to date first. */
const sources = (
  context: CallContext,
  name: string,
): ReadonlyArray<SourceScope & { readonly state: ConfigState }> => {
  const aggregator = aggregatorOrThrow(context, name)
  const scope = { store: context.store, services: context.services, now: context.clock.now() }
  return sourceScopes(context.store, aggregator).flatMap((source) => {
    refreshEvaluations(scope, source.account, source.region)
    const state = existingConfigState(context.store, source.account, source.region)
    return state ? [{ ...source, state }] : []
  })
}

const checkType = (type: string | undefined, accepted: ReadonlyArray<string>): void => {
  if (type !== undefined && !accepted.includes(type))
    throw new ServiceError(
      "InvalidParameterValueException",
      `The ComplianceType ${type} is not valid here; use ${accepted.join(", ")}.`,
    )
}

/** The filters every aggregate operation takes: AccountId and AwsRegion. */
const matchesScope = (filters: Readonly<Record<string, unknown>>, source: SourceScope): boolean => {
  const account = stringMember(filters, "AccountId")
  const region = stringMember(filters, "AwsRegion")
  return (
    (account === undefined || account === source.account) &&
    (region === undefined || region === source.region)
  )
}

const ruleVerdicts = (state: ConfigState, rule: string): ReadonlyArray<string> =>
  Object.values(state.evaluations[rule] ?? {}).map((r) => r.compliance)

/** Compliance read through an aggregator: by rule, by pack, one source's results, and the summary. */
export const aggregateComplianceOperations: ReadonlyArray<Operation> = [
  {
    name: "DescribeAggregateComplianceByConfigRules",
    readOnly: true,
    handle: (input, context) => {
      const name = requireString(input, "ConfigurationAggregatorName")
      const filters = objectMember(input, "Filters") ?? {}
      const type = stringMember(filters, "ComplianceType")
      checkType(type, ["COMPLIANT", "NON_COMPLIANT"])
      const ruleName = stringMember(filters, "ConfigRuleName")
      const entries = sources(context, name)
        .filter((source) => matchesScope(filters, source))
        .flatMap((source) =>
          Object.keys(source.state.rules)
            .sort()
            .filter((rule) => ruleName === undefined || rule === ruleName)
            .map((rule) => ({
              ConfigRuleName: rule,
              Compliance: complianceShape(ruleVerdicts(source.state, rule)),
              AccountId: source.account,
              AwsRegion: source.region,
            })),
        )
        .filter((entry) => type === undefined || entry.Compliance.ComplianceType === type)
      const page = configPage(entries, input, { max: 1000, default: 1000 })
      return { AggregateComplianceByConfigRules: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "DescribeAggregateComplianceByConformancePacks",
    readOnly: true,
    handle: (input, context) => {
      const name = requireString(input, "ConfigurationAggregatorName")
      const filters = objectMember(input, "Filters") ?? {}
      const type = stringMember(filters, "ComplianceType")
      checkType(type, ["COMPLIANT", "NON_COMPLIANT", "INSUFFICIENT_DATA"])
      const packName = stringMember(filters, "ConformancePackName")
      const entries = sources(context, name)
        .filter((source) => matchesScope(filters, source))
        .flatMap((source) =>
          Object.values(source.state.packs)
            .filter((pack) => packName === undefined || pack.name === packName)
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((pack) => {
              const rules = packRules(source.state, pack).map((rule) =>
                packRuleCompliance(source.state, rule),
              )
              return {
                ConformancePackName: pack.name,
                Compliance: {
                  ComplianceType: packCompliance(source.state, pack),
                  CompliantRuleCount: rules.filter((r) => r === "COMPLIANT").length,
                  NonCompliantRuleCount: rules.filter((r) => r === "NON_COMPLIANT").length,
                  TotalRuleCount: rules.length,
                },
                AccountId: source.account,
                AwsRegion: source.region,
              }
            }),
        )
        .filter((entry) => type === undefined || entry.Compliance.ComplianceType === type)
      const page = configPage(entries, input, { max: 100, default: 100 })
      return { AggregateComplianceByConformancePacks: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "GetAggregateComplianceDetailsByConfigRule",
    readOnly: true,
    handle: (input, context) => {
      const name = requireString(input, "ConfigurationAggregatorName")
      const ruleName = requireString(input, "ConfigRuleName")
      const account = requireString(input, "AccountId")
      const region = requireString(input, "AwsRegion")
      const type = stringMember(input, "ComplianceType")
      checkType(type, ["COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE"])
      // One account and Region per call: only that source is evaluated and read.
      const aggregator = aggregatorOrThrow(context, name)
      const inScope = sourceScopes(context.store, aggregator).some(
        (s) => s.account === account && s.region === region,
      )
      let results: ReadonlyArray<Record<string, unknown>> = []
      if (inScope) {
        refreshEvaluations(
          { store: context.store, services: context.services, now: context.clock.now() },
          account,
          region,
        )
        const state = existingConfigState(context.store, account, region)
        if (state?.rules[ruleName])
          results = sortedResults(state, ruleName)
            .filter((r) => type === undefined || r.compliance === type)
            .map((r) => ({
              EvaluationResultIdentifier: resultIdentifier(ruleName, r),
              ComplianceType: r.compliance,
              ResultRecordedTime: new Date(r.recordedAt),
              ConfigRuleInvokedTime: new Date(r.invokedAt),
              ...(r.annotation === undefined ? {} : { Annotation: r.annotation }),
              AccountId: account,
              AwsRegion: region,
            }))
      }
      const page = configPage(results, input, { max: 100, default: 50 })
      return { AggregateEvaluationResults: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "GetAggregateConfigRuleComplianceSummary",
    readOnly: true,
    handle: (input, context) => {
      const name = requireString(input, "ConfigurationAggregatorName")
      const filters = objectMember(input, "Filters") ?? {}
      const groupBy = stringMember(input, "GroupByKey")
      if (groupBy !== undefined && groupBy !== "ACCOUNT_ID" && groupBy !== "AWS_REGION")
        throw new ServiceError(
          "InvalidParameterValueException",
          "GroupByKey must be ACCOUNT_ID or AWS_REGION.",
        )
      const groups = new Map<string, { compliant: number; nonCompliant: number }>()
      for (const source of sources(context, name).filter((s) => matchesScope(filters, s))) {
        // Sources without rules have nothing to count.
        if (Object.keys(source.state.rules).length === 0) continue
        const key = groupBy === "ACCOUNT_ID" ? source.account : groupBy === "AWS_REGION" ? source.region : ""
        const counts = groups.get(key) ?? { compliant: 0, nonCompliant: 0 }
        for (const rule of Object.keys(source.state.rules)) {
          const verdict = rollUp(ruleVerdicts(source.state, rule))
          if (verdict === "COMPLIANT") counts.compliant++
          if (verdict === "NON_COMPLIANT") counts.nonCompliant++
        }
        groups.set(key, counts)
      }
      const now = new Date(context.clock.now())
      const count = (n: number) => ({ CappedCount: Math.min(n, 100), CapExceeded: n > 100 })
      const entries = [...groups]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([group, counts]) => ({
          ...(groupBy === undefined ? {} : { GroupName: group }),
          ComplianceSummary: {
            CompliantResourceCount: count(counts.compliant),
            NonCompliantResourceCount: count(counts.nonCompliant),
            ComplianceSummaryTimestamp: now,
          },
        }))
      const page = configPage(entries, input, { max: 1000, default: 1000 })
      return {
        ...(groupBy === undefined ? {} : { GroupByKey: groupBy }),
        AggregateComplianceCounts: page.items,
        NextToken: page.nextToken,
      }
    },
  },
]
