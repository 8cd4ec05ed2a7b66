import type { EvaluationRecord } from "./state.ts"

/** A rolled-up verdict: Config's Compliance type supports no NOT_APPLICABLE. */
export type RolledUp = "COMPLIANT" | "NON_COMPLIANT" | "INSUFFICIENT_DATA"

/** AWS caps the contributor counts it reports at 100. */
const contributorCap = 100

/**
 * The compliance of a set of results (a rule's resources, or a resource's rules): non-compliant if any result
 * is, compliant if any is and none is not, otherwise INSUFFICIENT_DATA (no results, or only NOT_APPLICABLE).
 */
export const rollUp = (verdicts: Iterable<string>): RolledUp => {
  let compliant = false
  for (const verdict of verdicts) {
    if (verdict === "NON_COMPLIANT") return "NON_COMPLIANT"
    if (verdict === "COMPLIANT") compliant = true
  }
  return compliant ? "COMPLIANT" : "INSUFFICIENT_DATA"
}

/** Config's `Compliance` structure: the verdict and, when non-compliant, how many contributed. */
export const complianceShape = (verdicts: ReadonlyArray<string>) => {
  const type = rollUp(verdicts)
  if (type !== "NON_COMPLIANT") return { ComplianceType: type }
  const count = verdicts.filter((v) => v === "NON_COMPLIANT").length
  return {
    ComplianceType: type,
    ComplianceContributorCount: {
      CappedCount: Math.min(count, contributorCap),
      CapExceeded: count > contributorCap,
    },
  }
}

/** The identifier of one result, as every evaluation answer carries it. */
export const resultIdentifier = (ruleName: string, record: EvaluationRecord) => ({
  EvaluationResultQualifier: {
    ConfigRuleName: ruleName,
    ResourceType: record.resourceType,
    ResourceId: record.resourceId,
    EvaluationMode: "DETECTIVE",
  },
  OrderingTimestamp: new Date(record.orderingAt),
})

/** An `EvaluationResult` (GetComplianceDetailsByConfigRule and ...ByResource). */
export const evaluationResultShape = (ruleName: string, record: EvaluationRecord) => ({
  EvaluationResultIdentifier: resultIdentifier(ruleName, record),
  ComplianceType: record.compliance,
  ResultRecordedTime: new Date(record.recordedAt),
  ConfigRuleInvokedTime: new Date(record.invokedAt),
  ...(record.annotation === undefined ? {} : { Annotation: record.annotation }),
})
