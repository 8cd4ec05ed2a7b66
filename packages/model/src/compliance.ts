import { Schema } from "effect"

/** The compliance verdicts AWS Config reports for a rule and a resource. */
export const ComplianceStatus = Schema.Literals([
  "COMPLIANT",
  "NON_COMPLIANT",
  "NOT_APPLICABLE",
  "INSUFFICIENT_DATA",
])
export type ComplianceStatus = typeof ComplianceStatus.Type

/**
 * A recorded resource as AWS Config describes it: `configuration` is the service's describe shape with the
 * first letter of each field lowered (`storageEncrypted`, `backupRetentionPeriod`, `multiAZ`, ...).
 */
export interface ConfigurationItem {
  readonly resourceType: string
  readonly resourceId: string
  readonly resourceName?: string
  readonly arn?: string
  readonly accountId: string
  readonly awsRegion: string
  readonly configuration: Readonly<Record<string, unknown>>
  readonly supplementaryConfiguration?: Readonly<Record<string, unknown>>
  readonly tags?: Readonly<Record<string, string>>
  readonly configurationItemCaptureTime?: string
}

/** What one rule says about one resource. */
export interface RuleEvaluation {
  readonly compliance: Exclude<ComplianceStatus, "INSUFFICIENT_DATA">
  readonly annotation?: string
}
