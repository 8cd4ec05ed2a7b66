import { type AwsError, type CredentialBroker, type DBInstance, Rds } from "@rampart/aws"
import type { RuleToEvaluate } from "@rampart/catalog"
import { queryFindings, type StoredFinding } from "@rampart/store"
import { Clock, Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { memberScope } from "../read-state.ts"
import { remediationActionById, remediationActionForRule } from "./actions.ts"
import { encryptedCopyId } from "./identifiers.ts"
import type { RemediationActionId, RemediationItem } from "./remediation-item.ts"
import type { RemediationAccess, RemediationPolicy } from "./remediation-policy.ts"

/** Why an open NON_COMPLIANT finding is not in the plan. */
export type SkipKind =
  | "excepted"
  | "no-action"
  | "action-not-enabled"
  | "management-account"
  | "unreadable"
  | "resource-gone"
  | "not-supported"
  | "replaced"

/** A finding the plan leaves alone, and why. */
export interface SkippedFinding {
  readonly accountId: string
  readonly region: string
  readonly resourceType: string
  readonly resourceId: string
  readonly rule: string
  readonly instanceId?: string
  readonly action?: RemediationActionId
  readonly kind: SkipKind
  readonly reason: string
}

/** What a remediation would do: the items in the order they run, and the findings it leaves, with why. */
export interface RemediationPlan {
  readonly createdAt: string
  readonly items: ReadonlyArray<RemediationItem>
  readonly skipped: ReadonlyArray<SkippedFinding>
}

/** What a plan is made from besides the stored findings. */
export interface PlanSettings {
  readonly policy: RemediationPolicy
  /** The rules findings name, by Config rule name (see `findingRules`). */
  readonly rules: ReadonlyMap<string, RuleToEvaluate>
  readonly access: RemediationAccess
  /** Only findings of these accounts (all when absent or empty). */
  readonly accounts?: ReadonlyArray<string>
  /** Only findings of accounts under these OU paths (`/Workloads/Dev`; all when absent or empty). */
  readonly ous?: ReadonlyArray<string>
  /** Never changed unless `allowManagementAccount`. */
  readonly managementAccountId?: string
  readonly allowManagementAccount?: boolean
}

/** A finding the plan would act on, before its instance is read. */
interface Candidate {
  readonly finding: StoredFinding
  readonly rule: RuleToEvaluate
  readonly action: RemediationActionId
}

const skip = (
  finding: StoredFinding,
  kind: SkipKind,
  reason: string,
  extra: { readonly instanceId?: string; readonly action?: RemediationActionId } = {},
): SkippedFinding => ({
  accountId: finding.accountId,
  region: finding.region,
  resourceType: finding.resourceType,
  resourceId: finding.resourceId,
  rule: finding.rule,
  ...extra,
  kind,
  reason,
})

const actionOrder = new Map([...remediationActionById.keys()].map((id, i) => [id, i]))

/**
 * Sorts findings into what remediation acts on and what it leaves. Pure: `instances` gives each account and
 * Region's DB instances as read now (or why they could not be read).
 */
export const planFromFindings = (
  findings: ReadonlyArray<StoredFinding>,
  instances: ReadonlyMap<string, ReadonlyArray<DBInstance> | { readonly unreadable: string }>,
  settings: PlanSettings,
  createdAt: Date,
): RemediationPlan => {
  const { candidates, skipped } = candidatesOf(findings, settings)
  const items: RemediationItem[] = []
  const seen = new Set<string>()
  for (const { finding, rule, action } of candidates) {
    const read = instances.get(scopeKey(finding))
    if (read === undefined || !Array.isArray(read)) {
      const why = read === undefined ? "not read" : (read as { readonly unreadable: string }).unreadable
      skipped.push(
        skip(
          finding,
          "unreadable",
          `cannot read the instances of ${finding.accountId} ${finding.region}: ${why}`,
          { action },
        ),
      )
      continue
    }
    const list = read as ReadonlyArray<DBInstance>
    const instance = list.find(
      (i) => i.DbiResourceId === finding.resourceId || i.DBInstanceIdentifier === finding.resourceId,
    )
    if (instance === undefined) {
      skipped.push(
        skip(finding, "resource-gone", `no DB instance ${finding.resourceId} any more; rescan`, { action }),
      )
      continue
    }
    const instanceId = instance.DBInstanceIdentifier ?? finding.resourceId
    const unsupported = remediationActionById.get(action)?.notSupported(instance)
    if (unsupported !== undefined) {
      skipped.push(skip(finding, "not-supported", unsupported, { action, instanceId }))
      continue
    }
    if (action === "encrypt-rds") {
      const copy = list.find((i) => i.DBInstanceIdentifier === encryptedCopyId(instanceId))
      if (copy !== undefined) {
        skipped.push(
          skip(
            finding,
            "replaced",
            `the encrypted copy ${copy.DBInstanceIdentifier} (${copy.StorageEncrypted === true ? "encrypted" : "NOT encrypted"}, ${copy.DBInstanceStatus}) replaces ${instanceId}; cut over to it and delete ${instanceId} by hand, which Rampart never does`,
            { action, instanceId },
          ),
        )
        continue
      }
    }
    const key = `${scopeKey(finding)}|${finding.resourceId}|${action}`
    if (seen.has(key)) continue
    seen.add(key)
    items.push({
      accountId: finding.accountId,
      region: finding.region,
      ...(finding.ouPath === undefined ? {} : { ouPath: finding.ouPath }),
      resourceType: finding.resourceType,
      resourceId: instance.DbiResourceId ?? finding.resourceId,
      instanceId,
      ...(instance.DBClusterIdentifier === undefined ? {} : { clusterId: instance.DBClusterIdentifier }),
      action,
      rule,
      findingKey: finding.key,
      reason: finding.annotation ?? `${finding.rule} is NON_COMPLIANT`,
    })
  }
  items.sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region) ||
      (a.clusterId ?? a.instanceId).localeCompare(b.clusterId ?? b.instanceId) ||
      a.instanceId.localeCompare(b.instanceId) ||
      (actionOrder.get(a.action) ?? 0) - (actionOrder.get(b.action) ?? 0),
  )
  // Name the instance of every finding left alone whose account and Region were read.
  const named = skipped.map((s): SkippedFinding => {
    if (s.instanceId !== undefined) return s
    const read = instances.get(scopeKey(s))
    const instance = Array.isArray(read)
      ? (read as ReadonlyArray<DBInstance>).find((i) => i.DbiResourceId === s.resourceId)
      : undefined
    return instance?.DBInstanceIdentifier === undefined
      ? s
      : { ...s, instanceId: instance.DBInstanceIdentifier }
  })
  return { createdAt: createdAt.toISOString(), items, skipped: named }
}

const scopeKey = (where: { readonly accountId: string; readonly region: string }): string =>
  `${where.accountId}/${where.region}`

const candidatesOf = (findings: ReadonlyArray<StoredFinding>, settings: PlanSettings) => {
  const candidates: Candidate[] = []
  const skipped: SkippedFinding[] = []
  const accounts = settings.accounts ?? []
  const ous = settings.ous ?? []
  const inScope = (finding: StoredFinding): boolean =>
    (accounts.length === 0 || accounts.includes(finding.accountId)) &&
    (ous.length === 0 ||
      ous.some(
        (ou) =>
          finding.ouPath !== undefined && (finding.ouPath === ou || finding.ouPath.startsWith(`${ou}/`)),
      ))
  for (const finding of findings) {
    if (
      finding.kind !== "evaluation" ||
      finding.status !== "NON_COMPLIANT" ||
      finding.resolvedAt !== undefined ||
      !inScope(finding)
    )
      continue
    const rule = settings.rules.get(finding.rule)
    const action = rule === undefined ? undefined : remediationActionForRule.get(rule.sourceIdentifier)
    if (rule === undefined || action === undefined) {
      skipped.push(
        skip(
          finding,
          "no-action",
          rule === undefined
            ? `${finding.rule} is not a rule of the catalog's conformance packs`
            : `no remediation action answers ${rule.sourceIdentifier}`,
        ),
      )
      continue
    }
    if (finding.resourceType !== "AWS::RDS::DBInstance") {
      skipped.push(
        skip(finding, "no-action", `${action.id} changes DB instances, not ${finding.resourceType}`),
      )
      continue
    }
    if (finding.exception !== undefined) {
      skipped.push(
        skip(finding, "excepted", `covered by the exception ${finding.exception}`, { action: action.id }),
      )
      continue
    }
    if (!settings.policy.actions.includes(action.id)) {
      skipped.push(
        skip(finding, "action-not-enabled", `${action.id} is not listed in remediation.actions`, {
          action: action.id,
        }),
      )
      continue
    }
    if (finding.accountId === settings.managementAccountId && settings.allowManagementAccount !== true) {
      skipped.push(
        skip(
          finding,
          "management-account",
          "the management account is never changed unless organization.allowManagementAccount is true",
          { action: action.id },
        ),
      )
      continue
    }
    candidates.push({ finding, rule, action: action.id })
  }
  return { candidates, skipped }
}

/** Reads the DB instances of one account and Region through the remediation role. */
const readInstances = (
  where: { readonly accountId: string; readonly region: string },
  access: RemediationAccess,
): Effect.Effect<ReadonlyArray<DBInstance>, AwsError, CredentialBroker | Rds> =>
  Effect.gen(function* () {
    const scope = yield* memberScope(access, where.accountId, where.region)
    return yield* Rds.use((rds) => rds.reader(scope).describeDBInstances)
  })

/**
 * The remediation plan of the stored findings: every open NON_COMPLIANT finding whose rule has an enabled action
 * becomes an item on its DB instance, read now through the remediation role (to name it, find its cluster and
 * see whether an encrypted copy already replaces it); every other finding is listed as skipped with the reason.
 * Read-only.
 */
export const planRemediation = (
  settings: PlanSettings,
): Effect.Effect<RemediationPlan, SqlError, SqlClient | CredentialBroker | Rds> =>
  Effect.gen(function* () {
    const findings = yield* queryFindings({ status: "NON_COMPLIANT", open: true })
    const { candidates } = candidatesOf(findings, settings)
    const scopes = new Map(candidates.map((c) => [scopeKey(c.finding), c.finding]))
    const reads = yield* Effect.forEach(
      [...scopes.entries()],
      ([key, where]) =>
        readInstances(where, settings.access).pipe(
          Effect.map((list) => [key, list] as const),
          Effect.catch((error: AwsError) =>
            Effect.succeed([key, { unreadable: `${error._tag}: ${error.message}` }] as const),
          ),
        ),
      { concurrency: 8 },
    )
    const instances = new Map<string, ReadonlyArray<DBInstance> | { readonly unreadable: string }>(reads)
    return planFromFindings(findings, instances, settings, new Date(yield* Clock.currentTimeMillis))
  })
