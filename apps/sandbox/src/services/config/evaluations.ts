import { accountItem, accountResourceType, evaluateRules, type RuleToEvaluate } from "@rampart/catalog"
import type { ConfigurationItem } from "@rampart/model"
import type { CallContext, ServiceDefinition } from "../../operation.ts"
import type { SandboxStore } from "../../state/store.ts"
import {
  type ConfigState,
  configState,
  type EvaluationRecord,
  existingConfigState,
  type RecorderRecord,
  type RuleRecord,
  recorderOf,
  resourceKey,
} from "./state.ts"

/** Where evaluations happen: the store, the sandbox's services (whose resources Config records) and the time. */
export interface EvaluationScope {
  readonly store: SandboxStore
  readonly services: ReadonlyArray<ServiceDefinition>
  readonly now: number
}

const listOf = (value: unknown): ReadonlyArray<string> =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []

/** Whether the recorder's recording group records a resource type (all supported types by default). */
const records = (recorder: RecorderRecord, resourceType: string): boolean => {
  if (resourceType === accountResourceType) return true
  const group = recorder.recordingGroup
  const excluded = listOf(
    (group.exclusionByResourceTypes as Record<string, unknown> | undefined)?.resourceTypes,
  )
  if (excluded.includes(resourceType)) return false
  const strategy = (group.recordingStrategy as Record<string, unknown> | undefined)?.useOnly
  if (group.allSupported === false || strategy === "INCLUSION_BY_RESOURCE_TYPES")
    return listOf(group.resourceTypes).includes(resourceType)
  return true
}

/** The resources Config records in an account and Region: every service's items the recorder's group covers. */
export const recordedItems = (
  scope: EvaluationScope,
  account: string,
  region: string,
  recorder: RecorderRecord,
): ReadonlyArray<ConfigurationItem> => [
  accountItem(account, region),
  ...scope.services
    .flatMap((service) => service.configurationItems?.(scope.store, account, region, scope.now) ?? [])
    .filter((item) => records(recorder, item.resourceType)),
]

/** A stored rule as `evaluateRules` takes it. */
export const ruleToEvaluate = (rule: RuleRecord): RuleToEvaluate => ({
  name: rule.name,
  sourceIdentifier: rule.sourceIdentifier,
  parameters: rule.parameters,
  ...(rule.scope === undefined ? {} : { scope: rule.scope }),
})

const isRecording = (state: ConfigState): boolean => recorderOf(state)?.recording === true

/**
 * Brings the stored evaluations of an account and Region up to date with its resources, as AWS Config does when
 * a recorded resource changes. Only while a recorder is recording: otherwise Config sees no changes and the last
 * results stay as they were (none at all before the first recording, which reads as INSUFFICIENT_DATA). A result
 * that did not change keeps its times; a new or changed one is recorded now. `invoke` names rules run on demand
 * (StartConfigRulesEvaluation), whose results all get the current time. Returns whether anything changed.
 */
export const refreshEvaluations = (
  scope: EvaluationScope,
  account: string,
  region: string,
  invoke: ReadonlySet<string> = new Set(),
): boolean => {
  const state = existingConfigState(scope.store, account, region)
  const recorder = recorderOf(state)
  if (!state || !recorder || !isRecording(state)) return false
  const rules = Object.values(state.rules)
  if (rules.length === 0) return false
  const items = recordedItems(scope, account, region, recorder)
  const captured = new Map(items.map((item) => [resourceKey(item.resourceType, item.resourceId), item]))
  const { results, failures } = evaluateRules(items, rules.map(ruleToEvaluate))
  const failed = new Set(failures.map((f) => f.ruleName))
  let changed = false
  const now = scope.now
  for (const rule of rules) {
    // A rule whose parameters cannot be read keeps no results, as its evaluations fail in AWS Config.
    if (failed.has(rule.name)) {
      if (Object.keys(state.evaluations[rule.name] ?? {}).length > 0) changed = true
      state.evaluations[rule.name] = {}
      continue
    }
    const before = state.evaluations[rule.name] ?? {}
    const after: Record<string, EvaluationRecord> = {}
    for (const result of results) {
      if (result.ruleName !== rule.name) continue
      const key = resourceKey(result.resourceType, result.resourceId)
      const previous = before[key]
      const same =
        previous !== undefined &&
        previous.compliance === result.compliance &&
        previous.annotation === result.annotation
      const capturedAt = captured.get(key)?.configurationItemCaptureTime
      const ordering = capturedAt === undefined ? Number.NaN : Date.parse(capturedAt)
      if (same && !invoke.has(rule.name)) {
        after[key] = previous
        continue
      }
      changed = true
      after[key] = {
        resourceType: result.resourceType,
        resourceId: result.resourceId,
        compliance: result.compliance,
        ...(result.annotation === undefined ? {} : { annotation: result.annotation }),
        invokedAt: now,
        recordedAt: now,
        orderingAt: Number.isFinite(ordering) ? ordering : same ? previous.orderingAt : now,
      }
    }
    if (Object.keys(before).some((key) => after[key] === undefined)) changed = true
    state.evaluations[rule.name] = after
  }
  if (changed) scope.store.touch(account)
  return changed
}

/** The caller's state with the evaluations of its account and Region brought up to date. */
export const evaluatedState = (context: CallContext, invoke?: ReadonlySet<string>): ConfigState => {
  refreshEvaluations(
    { store: context.store, services: context.services, now: context.clock.now() },
    context.account,
    context.region,
    invoke,
  )
  return configState(context.store, context.account, context.region)
}
