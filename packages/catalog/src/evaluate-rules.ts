import type { ComplianceStatus, ConfigurationItem } from "@rampart/model"
import { type ManagedRule, managedRuleByIdentifier } from "./managed-rules/index.ts"

/** A rule to evaluate: a catalog managed rule, its input parameters (strings, as Config passes them) and scope. */
export interface RuleToEvaluate {
  readonly name: string
  /** The managed rule's source identifier (`RDS_STORAGE_ENCRYPTED`). */
  readonly sourceIdentifier: string
  readonly parameters: Readonly<Record<string, string>>
  /** Config's rule scope; without resource types the managed rule's own types apply. */
  readonly scope?: {
    readonly complianceResourceTypes?: ReadonlyArray<string>
    readonly tagKey?: string
    readonly tagValue?: string
    readonly complianceResourceId?: string
  }
}

/** What one rule says about one resource. */
export interface RuleResult {
  readonly ruleName: string
  readonly resourceType: string
  readonly resourceId: string
  readonly accountId: string
  readonly awsRegion: string
  readonly compliance: Exclude<ComplianceStatus, "INSUFFICIENT_DATA">
  readonly annotation?: string
  /** The item's capture time, when it was recorded with one. */
  readonly capturedAt?: string
}

/** A rule that could not be evaluated (an unknown identifier, or input parameters the rule cannot read). */
export interface RuleFailure {
  readonly ruleName: string
  readonly message: string
}

/** Everything `evaluateRules` found. */
export interface RuleEvaluations {
  readonly results: ReadonlyArray<RuleResult>
  readonly failures: ReadonlyArray<RuleFailure>
}

/** The resource type periodic account-level rules are evaluated on. */
export const accountResourceType = "AWS::::Account"

/** The AWS::::Account item of an account and Region. */
export const accountItem = (accountId: string, awsRegion: string): ConfigurationItem => ({
  resourceType: accountResourceType,
  resourceId: accountId,
  accountId,
  awsRegion,
  configuration: {},
})

/** The resource types a rule judges: its scope's, or the managed rule's own. */
export const ruleResourceTypes = (rule: RuleToEvaluate, managed: ManagedRule): ReadonlyArray<string> =>
  rule.scope?.complianceResourceTypes !== undefined && rule.scope.complianceResourceTypes.length > 0
    ? rule.scope.complianceResourceTypes
    : managed.resourceTypes

const inScope = (rule: RuleToEvaluate, types: ReadonlyArray<string>, item: ConfigurationItem): boolean => {
  if (!types.includes(item.resourceType)) return false
  const scope = rule.scope
  if (scope?.complianceResourceId !== undefined && scope.complianceResourceId !== item.resourceId)
    return false
  if (scope?.tagKey !== undefined && item.resourceType !== accountResourceType) {
    const value = item.tags?.[scope.tagKey]
    if (value === undefined) return false
    if (scope.tagValue !== undefined && value !== scope.tagValue) return false
  }
  return true
}

const scopeKey = (item: ConfigurationItem): string => `${item.accountId}/${item.awsRegion}`

/**
 * Evaluates AWS managed rules over recorded configuration items with the catalog's evaluators, the way AWS Config
 * would: each rule judges the items of its scope's resource types (its own types when the scope names none),
 * with the other items of the same account and Region as its inventory. Account-level periodic rules judge an
 * AWS::::Account item; one is added for every account and Region seen among the items when none is given.
 * Pure: no I/O, no clock. A rule that cannot be evaluated becomes a failure, never an exception, as AWS Config
 * reports an evaluation error on the rule rather than results.
 */
export const evaluateRules = (
  items: ReadonlyArray<ConfigurationItem>,
  rules: ReadonlyArray<RuleToEvaluate>,
): RuleEvaluations => {
  const byScope = new Map<string, ConfigurationItem[]>()
  for (const item of items) {
    const key = scopeKey(item)
    const list = byScope.get(key)
    if (list) list.push(item)
    else byScope.set(key, [item])
  }
  for (const list of byScope.values()) {
    const first = list[0]
    if (first && !list.some((item) => item.resourceType === accountResourceType))
      list.push(accountItem(first.accountId, first.awsRegion))
  }
  const inventories = new Map<string, Map<string, ConfigurationItem[]>>()
  const inventoryOf = (key: string, resourceType: string): ReadonlyArray<ConfigurationItem> => {
    let byType = inventories.get(key)
    if (!byType) {
      byType = new Map()
      for (const item of byScope.get(key) ?? []) {
        const list = byType.get(item.resourceType)
        if (list) list.push(item)
        else byType.set(item.resourceType, [item])
      }
      inventories.set(key, byType)
    }
    return byType.get(resourceType) ?? []
  }

  const results: RuleResult[] = []
  const failures: RuleFailure[] = []
  for (const rule of rules) {
    const managed = managedRuleByIdentifier.get(rule.sourceIdentifier)
    if (!managed) {
      failures.push({
        ruleName: rule.name,
        message: `${rule.sourceIdentifier} is not a managed rule the catalog can evaluate`,
      })
      continue
    }
    const types = ruleResourceTypes(rule, managed)
    const ruleResults: RuleResult[] = []
    try {
      for (const [key, scoped] of byScope) {
        for (const item of scoped) {
          if (!inScope(rule, types, item)) continue
          const verdict = managed.evaluate({
            item,
            parameters: rule.parameters,
            inventory: (resourceType) => inventoryOf(key, resourceType),
          })
          ruleResults.push({
            ruleName: rule.name,
            resourceType: item.resourceType,
            resourceId: item.resourceId,
            accountId: item.accountId,
            awsRegion: item.awsRegion,
            compliance: verdict.compliance,
            ...(verdict.annotation === undefined ? {} : { annotation: verdict.annotation }),
            ...(item.configurationItemCaptureTime === undefined
              ? {}
              : { capturedAt: item.configurationItemCaptureTime }),
          })
        }
      }
    } catch (error) {
      // A parameter the rule cannot read stops the whole rule, as in AWS Config: no partial results.
      failures.push({ ruleName: rule.name, message: error instanceof Error ? error.message : String(error) })
      continue
    }
    results.push(...ruleResults)
  }
  return { results, failures }
}
