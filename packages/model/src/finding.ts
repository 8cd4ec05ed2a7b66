import type { ComplianceStatus } from "./compliance.ts"

/**
 * One normalised compliance finding: what one rule says about one resource of one account and region. A
 * collection failure (role missing, trust refused, SCP denial, Config off, throttled past the deadline) is a
 * finding too, with `kind: "collection-failure"`, so a gap is never silent.
 */
export interface Finding {
  readonly kind: "evaluation" | "collection-failure"
  readonly accountId: string
  readonly ouPath?: string
  readonly region: string
  /** The catalog guardrail (conformance pack) the rule belongs to. */
  readonly guardrail?: string
  readonly rule: string
  readonly resourceType: string
  readonly resourceId: string
  readonly status: ComplianceStatus | "ERROR"
  readonly annotation?: string
  /** When the rule judged the resource (ISO 8601). */
  readonly evaluatedAt: string
  /** The exception that covers it, if any (`guardrail:target`). */
  readonly exception?: string
}

/** The identity of a finding across scans: the same rule on the same resource. */
export const findingKey = (
  f: Pick<Finding, "accountId" | "region" | "rule" | "resourceType" | "resourceId">,
): string => [f.accountId, f.region, f.rule, f.resourceType, f.resourceId].join("|")
