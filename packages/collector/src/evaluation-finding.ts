import type { ConfigEvaluationResult } from "@rampart/aws"
import type { Finding } from "@rampart/model"
import type { ScanTarget } from "./scan.ts"

/** What every Config evaluation result carries, read from an account or through an aggregator. */
export type EvaluationResultFields = Pick<
  ConfigEvaluationResult,
  | "EvaluationResultIdentifier"
  | "ComplianceType"
  | "ResultRecordedTime"
  | "ConfigRuleInvokedTime"
  | "Annotation"
>

/** One Config evaluation result of a guardrail (a conformance pack) as a normalised finding. */
export const evaluationFinding = (
  target: ScanTarget,
  guardrail: string,
  result: EvaluationResultFields,
): Finding => {
  const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier
  const recorded = result.ResultRecordedTime ?? result.ConfigRuleInvokedTime
  return {
    kind: "evaluation",
    accountId: target.accountId,
    region: target.region,
    guardrail,
    rule: qualifier?.ConfigRuleName ?? "",
    resourceType: qualifier?.ResourceType ?? "",
    resourceId: qualifier?.ResourceId ?? "",
    status: (result.ComplianceType ?? "INSUFFICIENT_DATA") as Finding["status"],
    evaluatedAt: (recorded ?? new Date(0)).toISOString(),
    ...(result.Annotation !== undefined ? { annotation: result.Annotation } : {}),
    ...(target.ouPath !== undefined ? { ouPath: target.ouPath } : {}),
  }
}
