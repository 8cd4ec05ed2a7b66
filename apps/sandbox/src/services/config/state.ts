import type { ComplianceStatus } from "@rampart/model"
import type { SandboxStore } from "../../state/store.ts"

/*
 * What AWS Config keeps for one account and Region, as plain JSON in the store's `config` slice. Times are
 * simulated epoch milliseconds. Time-dependent states (a pack being created) are derived from them when read.
 */

/** The configuration recorder (AWS allows one customer-managed recorder per account and Region). */
export interface RecorderRecord {
  readonly name: string
  readonly arn: string
  roleArn: string
  /** `recordingGroup` as given (allSupported, resourceTypes, exclusionByResourceTypes, ...). */
  recordingGroup: Readonly<Record<string, unknown>>
  recordingMode?: Readonly<Record<string, unknown>>
  recording: boolean
  lastStartTime?: number
  lastStopTime?: number
  lastStatusChangeTime?: number
}

/** Where Config delivers snapshots and history. */
export interface DeliveryChannelRecord {
  readonly name: string
  s3BucketName: string
  s3KeyPrefix?: string
  s3KmsKeyArn?: string
  snsTopicArn?: string
  deliveryFrequency?: string
}

/** The scope of a rule: which recorded resources it judges. */
export interface RuleScope {
  readonly complianceResourceTypes?: ReadonlyArray<string>
  readonly tagKey?: string
  readonly tagValue?: string
  readonly complianceResourceId?: string
}

/** An AWS managed Config rule. */
export interface RuleRecord {
  readonly name: string
  readonly arn: string
  readonly id: string
  readonly sourceIdentifier: string
  description?: string
  scope?: RuleScope
  /** The rule's InputParameters, each value as the string Config passes to the rule. */
  parameters: Record<string, string>
  maximumExecutionFrequency?: string
  /** The service that created the rule (`config-conforms.amazonaws.com` for conformance pack rules). */
  createdBy?: string
  /** The conformance pack that owns the rule, if any. */
  pack?: string
  readonly createdAt: number
}

/** The last recorded evaluation of one resource by one rule. */
export interface EvaluationRecord {
  readonly resourceType: string
  readonly resourceId: string
  compliance: Exclude<ComplianceStatus, "INSUFFICIENT_DATA">
  annotation?: string
  /** When the rule was invoked for the result, and when the result was recorded. */
  invokedAt: number
  recordedAt: number
  /** When the configuration item the result judges was captured (the result's OrderingTimestamp). */
  orderingAt: number
}

/** How one remediation parameter gets its value. */
export interface RemediationParameter {
  readonly ResourceValue?: { readonly Value: string }
  readonly StaticValue?: { readonly Values: ReadonlyArray<string> }
}

/** The remediation attached to a rule (one per rule). */
export interface RemediationRecord {
  readonly configRuleName: string
  readonly arn: string
  targetType: string
  targetId: string
  targetVersion?: string
  parameters: Record<string, RemediationParameter>
  resourceType?: string
  automatic: boolean
  executionControls?: Readonly<Record<string, unknown>>
  maximumAutomaticAttempts?: number
  retryAttemptSeconds?: number
  /** The service that owns it (conformance pack remediations). */
  createdByService?: string
  pack?: string
}

/** A conformance pack deployed in this account and Region. */
export interface PackRecord {
  readonly name: string
  readonly arn: string
  readonly id: string
  readonly stackArn: string
  templateBody: string
  inputParameters: Array<{ ParameterName: string; ParameterValue: string }>
  deliveryS3Bucket?: string
  deliveryS3KeyPrefix?: string
  /** `config-multiaccountsetup.amazonaws.com` for packs an organization pack deployed. */
  createdBy?: string
  /** When the last create or update was asked for, and when it completes (simulated). */
  requestedAt: number
  readyAt: number
  /** Why the creation fails (an error code and message); the pack then holds no rules. */
  failure?: { readonly code: string; readonly message: string }
  /** The rules the pack created. */
  ruleNames: string[]
}

/** Where an organization pack stands in one member account. */
export interface MemberDeployment {
  readonly accountId: string
  readonly packName: string
  /** `CREATE` or `UPDATE`: what the last deployment was. */
  operation: "CREATE" | "UPDATE"
  failed?: { readonly code: string; readonly message: string }
  readyAt: number
}

/** An organization conformance pack (kept in the management account's slice of its Region). */
export interface OrganizationPackRecord {
  readonly name: string
  readonly arn: string
  readonly suffix: string
  templateBody: string
  inputParameters: Array<{ ParameterName: string; ParameterValue: string }>
  excludedAccounts: string[]
  deliveryS3Bucket?: string
  deliveryS3KeyPrefix?: string
  operation: "CREATE" | "UPDATE"
  lastUpdateTime: number
  readyAt: number
  members: Record<string, MemberDeployment>
}

/** A configuration aggregator. */
export interface AggregatorRecord {
  readonly name: string
  readonly arn: string
  accountSources?: Array<{ AccountIds: string[]; AllAwsRegions?: boolean; AwsRegions?: string[] }>
  organizationSource?: { RoleArn: string; AllAwsRegions?: boolean; AwsRegions?: string[] }
  readonly createdAt: number
  updatedAt: number
}

/** Everything Config keeps for one account and Region. */
export interface ConfigState {
  recorders: Record<string, RecorderRecord>
  deliveryChannels: Record<string, DeliveryChannelRecord>
  rules: Record<string, RuleRecord>
  /** Rule name -> `<resourceType>|<resourceId>` -> last evaluation. */
  evaluations: Record<string, Record<string, EvaluationRecord>>
  remediations: Record<string, RemediationRecord>
  packs: Record<string, PackRecord>
  organizationPacks: Record<string, OrganizationPackRecord>
  aggregators: Record<string, AggregatorRecord>
}

const emptyConfig = (): ConfigState => ({
  recorders: {},
  deliveryChannels: {},
  rules: {},
  evaluations: {},
  remediations: {},
  packs: {},
  organizationPacks: {},
  aggregators: {},
})

/** Config's state for an account and Region, created empty the first time. */
export const configState = (store: SandboxStore, account: string, region: string): ConfigState =>
  store.regionSlice(account, region, "config", emptyConfig)

/** Config's state for an account and Region if it has any, without creating it. */
export const existingConfigState = (
  store: SandboxStore,
  account: string,
  region: string,
): ConfigState | undefined => store.accounts.get(account)?.regions[region]?.config as ConfigState | undefined

/** The Regions in which an account has Config state. */
export const configRegions = (store: SandboxStore, account: string): ReadonlyArray<string> =>
  Object.entries(store.accounts.get(account)?.regions ?? {})
    .filter(([, services]) => services.config !== undefined)
    .map(([region]) => region)

/** The recorder of the account and Region, if one exists. */
export const recorderOf = (state: ConfigState | undefined): RecorderRecord | undefined =>
  state === undefined ? undefined : Object.values(state.recorders)[0]

/** Key of a resource in a rule's evaluations. */
export const resourceKey = (resourceType: string, resourceId: string): string =>
  `${resourceType}|${resourceId}`

/** The service principal that creates conformance pack rules and remediations. */
export const conformsService = "config-conforms.amazonaws.com"

/** The service principal of organization conformance packs (and their delegated administrators). */
export const multiAccountSetupService = "config-multiaccountsetup.amazonaws.com"
