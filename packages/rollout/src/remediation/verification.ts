import type { DBInstance } from "@rampart/aws"
import { evaluateRules, type RuleToEvaluate } from "@rampart/catalog"
import { dbInstanceItem } from "@rampart/collector"

/** What the rule says about an instance after remediation, evaluated with the catalog's evaluator. */
export interface Verification {
  readonly instanceId: string
  /** The instance's resource id (DbiResourceId), as findings name it. */
  readonly resourceId: string
  readonly rule: string
  readonly compliance: "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE" | "ERROR"
  readonly annotation?: string
  readonly evaluatedAt: string
}

/** Whether a verdict leaves nothing to remediate. */
export const isResolved = (verification: Verification): boolean =>
  verification.compliance === "COMPLIANT" || verification.compliance === "NOT_APPLICABLE"

/**
 * Re-evaluates a rule on an instance as just read: the instance becomes the configuration item AWS Config would
 * record, and the catalog's evaluator judges it, as Config and `rampart evaluate` do.
 */
export const evaluateInstance = (
  instance: DBInstance,
  rule: RuleToEvaluate,
  place: { readonly accountId: string; readonly region: string },
  at: Date,
): Verification => {
  const item = dbInstanceItem(instance, {
    accountId: place.accountId,
    awsRegion: place.region,
    time: at.toISOString(),
  })
  const evaluated = evaluateRules([item], [rule])
  const result = evaluated.results.find((r) => r.resourceId === item.resourceId)
  const failure = evaluated.failures[0]
  return {
    instanceId: instance.DBInstanceIdentifier ?? "",
    resourceId: item.resourceId,
    rule: rule.name,
    compliance: result?.compliance ?? "ERROR",
    ...(result?.annotation !== undefined
      ? { annotation: result.annotation }
      : failure !== undefined
        ? { annotation: failure.message }
        : result === undefined
          ? { annotation: `${rule.name} does not judge this instance` }
          : {}),
    evaluatedAt: at.toISOString(),
  }
}
