import type { RuleToEvaluate } from "@rampart/catalog"

/** The remediation actions Rampart has, as `remediation.actions` in rampart.yaml names them. */
export const remediationActionIds = [
  "enable-backups",
  "enable-deletion-protection",
  "enable-multi-az",
  "disable-public-access",
  "encrypt-rds",
] as const

/** One remediation action's id. */
export type RemediationActionId = (typeof remediationActionIds)[number]

/** One action to take on one DB instance, answering one open NON_COMPLIANT finding. */
export interface RemediationItem {
  readonly accountId: string
  readonly region: string
  readonly ouPath?: string
  readonly resourceType: string
  /** The instance's resource id (DbiResourceId), as the finding names it. */
  readonly resourceId: string
  /** The instance's identifier when the plan was made. */
  readonly instanceId: string
  /** The Aurora cluster the instance belongs to: its instances are never remediated at the same time. */
  readonly clusterId?: string
  readonly action: RemediationActionId
  /** The rule whose finding this answers, with its parameters: what verification re-evaluates. */
  readonly rule: RuleToEvaluate
  readonly findingKey: string
  /** What the finding said. */
  readonly reason: string
}

/**
 * The resource an item changes, and the lock it takes: an Aurora cluster for its member instances (so two of them
 * are never remediated at once), else the instance. Items of one lock run one after the other.
 */
export const lockOf = (item: RemediationItem): string =>
  item.clusterId !== undefined
    ? `${item.accountId}/${item.region}/cluster/${item.clusterId}`
    : `${item.accountId}/${item.region}/db/${item.resourceId}`
