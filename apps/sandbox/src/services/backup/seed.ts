/*
 * Loads `resources.backup` of a scenario: vaults (with an optional access policy, notifications and vault lock),
 * backup plans with their selections, and recovery points, per account and Region. The section is a list:
 *
 *   resources:
 *     backup:
 *       - account: "111111111111"          # an account of the organization
 *         region: us-east-1                # optional: the scenario's first Region
 *         vaults:
 *           - name: central
 *             encryptionKeyArn: arn:aws:kms:us-east-1:111111111111:key/...   # optional: the aws/backup key
 *             tags: { team: platform }                                      # optional
 *             accessPolicy: { Version: "2012-10-17", Statement: [...] }     # optional: a document or JSON text
 *             notifications: { snsTopicArn: arn:aws:sns:..., events: [BACKUP_JOB_FAILED] }   # optional
 *             lock:                        # optional: Vault Lock
 *               minRetentionDays: 7        # optional
 *               maxRetentionDays: 365      # optional
 *               changeableForDays: 3       # compliance mode (3..36500); omit for governance mode
 *               lockDate: "2025-01-01T00:00:00Z"   # optional, compliance only: when it became (becomes)
 *                                                  # immutable; default: scenario start + changeableForDays
 *         plans:
 *           - name: daily-35
 *             rules:
 *               - name: daily
 *                 vault: central                        # a vault of this entry (or already loaded)
 *                 schedule: cron(0 5 ? * * *)           # optional: AWS's default, daily at 05:00 UTC
 *                 deleteAfterDays: 35                   # optional: kept until deleted
 *                 moveToColdStorageAfterDays: 0         # optional
 *             selections:
 *               - name: databases
 *                 iamRoleArn: arn:aws:iam::111111111111:role/backup   # optional: AWSBackupDefaultServiceRole
 *                 resources: ["arn:aws:rds:*:*:db:*"]   # ARNs with * wildcards
 *                 notResources: []                      # optional
 *                 tags: { backup: daily }               # optional: ListOfTags, STRINGEQUALS each
 *         recoveryPoints:
 *           - vault: central
 *             resourceArn: arn:aws:rds:us-east-1:111111111111:db:orders
 *             ageDays: 2                   # optional: created this many days before the scenario start (0)
 *             deleteAfterDays: 35          # optional: kept until deleted
 *             moveToColdStorageAfterDays: 0   # optional
 *             encrypted: true              # optional (true): false records an unencrypted recovery point
 *             plan: daily-35               # optional: made by this plan's first rule
 *             iamRoleArn: ...              # optional: AWSBackupDefaultServiceRole
 *
 * Everything goes through the same checks as the API (names, lifecycles, lock settings, selections); a bad entry
 * throws ScenarioError with its path. Recovery points are not held to their vault's lock range: they may predate
 * the lock, as AWS lets them. One whose lifecycle would already have deleted it is refused.
 */
import type { SeedContext } from "../../operation.ts"
import { ScenarioError } from "../../scenario/scenario-error.ts"
import { days, readLifecycle } from "./lifecycle.ts"
import { createPlan, readPlanDocument } from "./plans.ts"
import { addRecoveryPoint } from "./recovery-points.ts"
import {
  at,
  type Fields,
  list,
  mapping,
  optionalFlag,
  optionalText,
  optionalWholeNumber,
  requiredText,
  textList,
  textMap,
} from "./seed-reader.ts"
import { createSelection, readSelectionDocument } from "./selections.ts"
import { currentVersion } from "./shapes.ts"
import { backupState, type PlanRecord, type Scope } from "./state.ts"
import { backupJobDurationMs, isLive } from "./time-states.ts"
import { readLockConfiguration } from "./vault-lock.ts"
import { checkedNotifications } from "./vault-notifications.ts"
import { readVaultPolicy } from "./vault-policy.ts"
import { createVault } from "./vaults.ts"

const root = "resources.backup"

const defaultRole = (scope: Scope): string =>
  `arn:${scope.partition}:iam::${scope.account}:role/service-role/AWSBackupDefaultServiceRole`

/** Lifecycle members in the API's spelling, from a scenario entry's `deleteAfterDays` and cold-storage days. */
const lifecycleInput = (entry: Fields, path: string) => {
  const deleteAfterDays = optionalWholeNumber(entry, "deleteAfterDays", path)
  const coldAfterDays = optionalWholeNumber(entry, "moveToColdStorageAfterDays", path)
  return deleteAfterDays === undefined && coldAfterDays === undefined
    ? {}
    : {
        Lifecycle: {
          ...(deleteAfterDays === undefined ? {} : { DeleteAfterDays: deleteAfterDays }),
          ...(coldAfterDays === undefined ? {} : { MoveToColdStorageAfterDays: coldAfterDays }),
        },
      }
}

const seedVault = (scope: Scope, value: unknown, path: string): void => {
  const entry = mapping(value, path, [
    "name",
    "encryptionKeyArn",
    "tags",
    "accessPolicy",
    "notifications",
    "lock",
  ])
  const vault = at(path, () =>
    createVault(scope, {
      name: requiredText(entry, "name", path),
      encryptionKeyArn: optionalText(entry, "encryptionKeyArn", path),
      tags: textMap(entry, "tags", path),
    }),
  )
  const policy = entry.accessPolicy
  if (policy !== undefined)
    vault.accessPolicy = at(`${path}.accessPolicy`, () =>
      readVaultPolicy(typeof policy === "string" ? policy : JSON.stringify(policy)),
    )
  if (entry.notifications !== undefined) {
    const notificationsPath = `${path}.notifications`
    const notifications = mapping(entry.notifications, notificationsPath, ["snsTopicArn", "events"])
    vault.notifications = at(notificationsPath, () =>
      checkedNotifications(
        requiredText(notifications, "snsTopicArn", notificationsPath),
        textList(notifications, "events", notificationsPath),
      ),
    )
  }
  if (entry.lock !== undefined) {
    const lockPath = `${path}.lock`
    const lock = mapping(entry.lock, lockPath, [
      "minRetentionDays",
      "maxRetentionDays",
      "changeableForDays",
      "lockDate",
    ])
    const configured = at(lockPath, () =>
      readLockConfiguration(
        {
          MinRetentionDays: lock.minRetentionDays,
          MaxRetentionDays: lock.maxRetentionDays,
          ChangeableForDays: lock.changeableForDays,
        },
        scope.now,
      ),
    )
    const lockDateText = optionalText(lock, "lockDate", lockPath)
    if (lockDateText === undefined) vault.lock = configured
    else {
      const lockDate = Date.parse(lockDateText)
      if (Number.isNaN(lockDate)) throw new ScenarioError(`${lockPath}.lockDate`, "must be an ISO 8601 date")
      if (configured.lockDate === undefined)
        throw new ScenarioError(
          `${lockPath}.lockDate`,
          "needs changeableForDays: only compliance mode has a lock date",
        )
      vault.lock = { ...configured, lockDate }
    }
  }
}

const seedPlan = (scope: Scope, value: unknown, path: string): void => {
  const entry = mapping(value, path, ["name", "rules", "selections"])
  const rules = list(entry.rules, `${path}.rules`).map((ruleValue, index) => {
    const rulePath = `${path}.rules[${index}]`
    const rule = mapping(ruleValue, rulePath, [
      "name",
      "vault",
      "schedule",
      "deleteAfterDays",
      "moveToColdStorageAfterDays",
    ])
    const schedule = optionalText(rule, "schedule", rulePath)
    return {
      RuleName: requiredText(rule, "name", rulePath),
      TargetBackupVaultName: requiredText(rule, "vault", rulePath),
      ...(schedule === undefined ? {} : { ScheduleExpression: schedule }),
      ...lifecycleInput(rule, rulePath),
    }
  })
  const name = requiredText(entry, "name", path)
  const plan = at(path, () =>
    createPlan(
      scope,
      readPlanDocument(backupState(scope), { BackupPlan: { BackupPlanName: name, Rules: rules } }),
    ),
  )
  list(entry.selections, `${path}.selections`).forEach((selectionValue, index) => {
    const selectionPath = `${path}.selections[${index}]`
    const selection = mapping(selectionValue, selectionPath, [
      "name",
      "iamRoleArn",
      "resources",
      "notResources",
      "tags",
    ])
    const document = {
      SelectionName: requiredText(selection, "name", selectionPath),
      IamRoleArn: optionalText(selection, "iamRoleArn", selectionPath) ?? defaultRole(scope),
      Resources: textList(selection, "resources", selectionPath),
      NotResources: textList(selection, "notResources", selectionPath),
      ListOfTags: Object.entries(textMap(selection, "tags", selectionPath)).map(([key, tagValue]) => ({
        ConditionType: "STRINGEQUALS",
        ConditionKey: key,
        ConditionValue: tagValue,
      })),
    }
    at(selectionPath, () =>
      createSelection(scope, plan, readSelectionDocument({ BackupSelection: document })),
    )
  })
}

const seedRecoveryPoint = (scope: Scope, value: unknown, path: string): void => {
  const entry = mapping(value, path, [
    "vault",
    "resourceArn",
    "ageDays",
    "deleteAfterDays",
    "moveToColdStorageAfterDays",
    "encrypted",
    "plan",
    "iamRoleArn",
  ])
  const state = backupState(scope)
  const vaultName = requiredText(entry, "vault", path)
  const vault = state.vaults[vaultName]
  if (!vault) throw new ScenarioError(`${path}.vault`, `no vault ${vaultName} in this account and Region`)
  const planName = optionalText(entry, "plan", path)
  const plan: PlanRecord | undefined =
    planName === undefined
      ? undefined
      : Object.values(state.plans).find(
          (p) => p.deletionDate === undefined && currentVersion(p).name === planName,
        )
  if (planName !== undefined && !plan)
    throw new ScenarioError(`${path}.plan`, `no plan ${planName} in this account and Region`)
  const version = plan === undefined ? undefined : currentVersion(plan)
  const rule = version?.rules[0]
  const creationDate = scope.now - days(optionalWholeNumber(entry, "ageDays", path) ?? 0)
  const lifecycle = at(path, () => readLifecycle(lifecycleInput(entry, path), "Lifecycle"))
  const encrypted = optionalFlag(entry, "encrypted", path)
  const point = at(path, () =>
    addRecoveryPoint(scope, vault, {
      resourceArn: requiredText(entry, "resourceArn", path),
      iamRoleArn: optionalText(entry, "iamRoleArn", path) ?? defaultRole(scope),
      creationDate,
      completionDate: creationDate + backupJobDurationMs,
      lifecycle,
      ...(encrypted === undefined ? {} : { isEncrypted: encrypted }),
      createdBy:
        plan === undefined || version === undefined || rule === undefined
          ? undefined
          : {
              planId: plan.id,
              planArn: plan.arn,
              planName: version.name,
              planVersion: version.versionId,
              ruleId: rule.ruleId,
              ruleName: rule.ruleName,
              ruleCron: rule.scheduleExpression,
            },
    }),
  )
  if (!isLive(point, scope.now)) {
    delete state.recoveryPoints[point.arn]
    throw new ScenarioError(`${path}.ageDays`, "the recovery point's lifecycle would already have deleted it")
  }
}

const memberAccounts = (context: SeedContext): ReadonlySet<string> => {
  const org = context.store.organization
  return new Set(org === undefined ? [] : [org.managementAccountId, ...Object.keys(org.accounts)])
}

/** Loads the scenario's `resources.backup` section into the store. */
export const seedBackup = (section: unknown, context: SeedContext): void => {
  const accounts = memberAccounts(context)
  list(section, root).forEach((value, index) => {
    const path = `${root}[${index}]`
    const entry = mapping(value, path, ["account", "region", "vaults", "plans", "recoveryPoints"])
    const account = requiredText(entry, "account", path)
    if (!accounts.has(account))
      throw new ScenarioError(`${path}.account`, `${account} is not an account of the organization`)
    const region = optionalText(entry, "region", path) ?? context.regions[0]
    if (region === undefined || !context.regions.includes(region))
      throw new ScenarioError(`${path}.region`, `${String(region)} is not one of the scenario's regions`)
    const scope: Scope = {
      store: context.store,
      account,
      region,
      partition: context.partition,
      now: context.now,
    }
    for (const [i, vault] of list(entry.vaults, `${path}.vaults`).entries())
      seedVault(scope, vault, `${path}.vaults[${i}]`)
    for (const [i, plan] of list(entry.plans, `${path}.plans`).entries())
      seedPlan(scope, plan, `${path}.plans[${i}]`)
    for (const [i, point] of list(entry.recoveryPoints, `${path}.recoveryPoints`).entries())
      seedRecoveryPoint(scope, point, `${path}.recoveryPoints[${i}]`)
    context.store.touch(account)
  })
}
