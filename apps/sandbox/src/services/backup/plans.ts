import type { CallContext, Input, Operation } from "../../operation.ts"
import { planArn } from "./arns.ts"
import { alreadyExists, invalidParameter, invalidRequest, missingParameter, notFound } from "./errors.ts"
import { newUuid, newVersionId } from "./identifiers.ts"
import {
  memberPath,
  optionalBoolean,
  optionalInteger,
  optionalString,
  readStructure,
  readStructureList,
  requiredString,
  stringMap,
} from "./input.ts"
import { readLifecycle } from "./lifecycle.ts"
import { findPlan } from "./lookups.ts"
import { backupPage } from "./paging.ts"
import { advancedSettingsShape, currentVersion, planDocumentShape, planListMemberShape } from "./shapes.ts"
import {
  type AdvancedBackupSettingRecord,
  type BackupState,
  backupState,
  type CopyActionRecord,
  type PlanRecord,
  type PlanVersionRecord,
  type RuleRecord,
  type Scope,
  saved,
  scopeOf,
} from "./state.ts"

/** Plan and rule names: 1 to 50 letters, digits, hyphens, underscores and dots. */
const namePattern = /^[a-zA-Z0-9\-_.]{1,50}$/

/** What AWS Backup fills in for a rule that does not say: daily at 05:00 UTC, 8 h to start, 7 days to finish. */
export const ruleDefaults = {
  scheduleExpression: "cron(0 5 ? * * *)",
  scheduleExpressionTimezone: "Etc/UTC",
  startWindowMinutes: 480,
  completionWindowMinutes: 10_080,
} as const

const schedulePattern = /^(cron\(\S+(\s+\S+){5}\)|rate\(\d+ (minute|minutes|hour|hours|day|days)\))$/

const vaultArnPattern = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[a-zA-Z0-9\-_]{2,50}$/

/** A plan document without its ids: what CreateBackupPlan and UpdateBackupPlan send. */
export interface PlanDocument {
  readonly name: string
  readonly rules: ReadonlyArray<Omit<RuleRecord, "ruleId">>
  readonly advancedBackupSettings: ReadonlyArray<AdvancedBackupSettingRecord>
}

const readRule = (
  state: BackupState,
  rule: Readonly<Record<string, unknown>>,
  at: string,
): Omit<RuleRecord, "ruleId"> => {
  const ruleName = requiredString(rule, "RuleName", at)
  if (!namePattern.test(ruleName))
    throw invalidParameter(
      memberPath(at, "RuleName"),
      `${JSON.stringify(ruleName)} is not a valid rule name.`,
    )
  const targetBackupVaultName = requiredString(rule, "TargetBackupVaultName", at)
  if (!state.vaults[targetBackupVaultName])
    throw invalidParameter(
      memberPath(at, "TargetBackupVaultName"),
      `backup vault ${targetBackupVaultName} does not exist in this account and Region.`,
    )
  const scheduleExpression = optionalString(rule, "ScheduleExpression", at) ?? ruleDefaults.scheduleExpression
  if (!schedulePattern.test(scheduleExpression))
    throw invalidParameter(
      memberPath(at, "ScheduleExpression"),
      `${scheduleExpression} is not a cron(minutes hours day-of-month month day-of-week year) or rate(...) expression.`,
    )
  const startWindowMinutes =
    optionalInteger(rule, "StartWindowMinutes", { min: 60 }, at) ?? ruleDefaults.startWindowMinutes
  const completionWindowMinutes =
    optionalInteger(rule, "CompletionWindowMinutes", { min: 60 }, at) ?? ruleDefaults.completionWindowMinutes
  if (completionWindowMinutes <= startWindowMinutes)
    throw invalidParameter(
      memberPath(at, "CompletionWindowMinutes"),
      `${completionWindowMinutes} must be greater than StartWindowMinutes (${startWindowMinutes}).`,
    )
  const lifecycle = readLifecycle(rule, "Lifecycle", at)
  const recoveryPointTags = stringMap(rule, "RecoveryPointTags", at)
  const copyActions = readStructureList(rule, "CopyActions", at).map((copy, index): CopyActionRecord => {
    const copyAt = `${memberPath(at, "CopyActions")}[${index}]`
    const destinationBackupVaultArn = requiredString(copy, "DestinationBackupVaultArn", copyAt)
    if (!vaultArnPattern.test(destinationBackupVaultArn))
      throw invalidParameter(
        memberPath(copyAt, "DestinationBackupVaultArn"),
        `${destinationBackupVaultArn} is not a backup vault ARN.`,
      )
    const copyLifecycle = readLifecycle(copy, "Lifecycle", copyAt)
    return { destinationBackupVaultArn, ...(copyLifecycle === undefined ? {} : { lifecycle: copyLifecycle }) }
  })
  return {
    ruleName,
    targetBackupVaultName,
    scheduleExpression,
    scheduleExpressionTimezone:
      optionalString(rule, "ScheduleExpressionTimezone", at) ?? ruleDefaults.scheduleExpressionTimezone,
    startWindowMinutes,
    completionWindowMinutes,
    ...(lifecycle === undefined ? {} : { lifecycle }),
    ...(Object.keys(recoveryPointTags).length === 0 ? {} : { recoveryPointTags }),
    copyActions,
    enableContinuousBackup: optionalBoolean(rule, "EnableContinuousBackup", at) ?? false,
  }
}

/** Reads and checks the `BackupPlan` structure of a request. */
export const readPlanDocument = (state: BackupState, input: Input): PlanDocument => {
  const document = readStructure(input, "BackupPlan")
  if (document === undefined) throw missingParameter("BackupPlan")
  const name = requiredString(document, "BackupPlanName", "BackupPlan")
  if (!namePattern.test(name))
    throw invalidParameter("BackupPlan.BackupPlanName", `${JSON.stringify(name)} is not a valid plan name.`)
  const rawRules = readStructureList(document, "Rules", "BackupPlan")
  if (rawRules.length === 0) throw missingParameter("BackupPlan.Rules")
  const rules = rawRules.map((rule, index) => readRule(state, rule, `BackupPlan.Rules[${index}]`))
  const seen = new Set<string>()
  rules.forEach((rule, index) => {
    if (seen.has(rule.ruleName))
      throw invalidParameter(
        `BackupPlan.Rules[${index}].RuleName`,
        `${rule.ruleName} is used by another rule.`,
      )
    seen.add(rule.ruleName)
  })
  const advancedBackupSettings = readStructureList(document, "AdvancedBackupSettings", "BackupPlan").map(
    (setting, index) => {
      const at = `BackupPlan.AdvancedBackupSettings[${index}]`
      return {
        resourceType: requiredString(setting, "ResourceType", at),
        backupOptions: stringMap(setting, "BackupOptions", at),
      }
    },
  )
  return { name, rules, advancedBackupSettings }
}

const refuseTakenName = (state: BackupState, name: string, except?: string): void => {
  const taken = Object.values(state.plans).find(
    (plan) => plan.id !== except && plan.deletionDate === undefined && currentVersion(plan).name === name,
  )
  if (taken)
    throw alreadyExists("Backup plan with the same name already exists", taken.arn, taken.creatorRequestId)
}

/** A new version of a plan from a document: rules keep their id when their name is kept. */
const versionOf = (
  scope: Scope,
  document: PlanDocument,
  previous?: PlanVersionRecord,
): PlanVersionRecord => ({
  versionId: newVersionId(scope.store),
  creationDate: scope.now,
  name: document.name,
  rules: document.rules.map((rule) => ({
    ...rule,
    ruleId:
      previous?.rules.find((old) => old.ruleName === rule.ruleName)?.ruleId ?? newUuid(scope.store, "rule"),
  })),
  advancedBackupSettings: document.advancedBackupSettings,
})

/** Creates a plan (from CreateBackupPlan or a scenario). */
export const createPlan = (
  scope: Scope,
  document: PlanDocument,
  options: {
    readonly creatorRequestId?: string | undefined
    readonly tags?: Readonly<Record<string, string>>
  } = {},
): PlanRecord => {
  const state = backupState(scope)
  refuseTakenName(state, document.name)
  const id = newUuid(scope.store, "plan")
  const plan: PlanRecord = {
    id,
    arn: planArn(scope, id),
    ...(options.creatorRequestId === undefined ? {} : { creatorRequestId: options.creatorRequestId }),
    tags: options.tags ?? {},
    versions: [versionOf(scope, document)],
  }
  state.plans[id] = plan
  return plan
}

/** The plan ARN a plan operation is authorized against. */
export const planResource = (input: Input, context: CallContext): string =>
  planArn(context, typeof input.BackupPlanId === "string" ? input.BackupPlanId : "*")

/** CreateBackupPlan, GetBackupPlan, UpdateBackupPlan, DeleteBackupPlan and ListBackupPlans. */
export const planOperations: ReadonlyArray<Operation> = [
  {
    name: "CreateBackupPlan",
    readOnly: false,
    http: { method: "PUT", path: "/backup/plans" },
    handle: (input, context) => {
      const scope = scopeOf(context)
      const plan = createPlan(scope, readPlanDocument(backupState(scope), input), {
        creatorRequestId: optionalString(input, "CreatorRequestId"),
        tags: stringMap(input, "BackupPlanTags"),
      })
      saved(scope)
      const version = currentVersion(plan)
      return {
        BackupPlanId: plan.id,
        BackupPlanArn: plan.arn,
        CreationDate: new Date(version.creationDate),
        VersionId: version.versionId,
        AdvancedBackupSettings: advancedSettingsShape(version),
      }
    },
  },
  {
    name: "GetBackupPlan",
    readOnly: true,
    http: {
      method: "GET",
      path: "/backup/plans/{BackupPlanId}",
      query: { versionId: "VersionId", MaxScheduledRunsPreview: "MaxScheduledRunsPreview" },
    },
    resource: planResource,
    handle: (input, context) => {
      const state = backupState(scopeOf(context))
      const id = requiredString(input, "BackupPlanId")
      // Checked as Backup does, but no preview is given: plans do not run on a schedule in the sandbox.
      optionalInteger(input, "MaxScheduledRunsPreview", { min: 0, max: 10 })
      // A deleted plan is still read, with its DeletionDate, as Backup keeps its versions.
      const plan = state.plans[id]
      if (!plan) throw notFound(`Backup plan ${id}`, "BackupPlanId")
      const wanted = optionalString(input, "VersionId")
      const version =
        wanted === undefined ? currentVersion(plan) : plan.versions.find((v) => v.versionId === wanted)
      if (!version) throw notFound(`Version ${wanted} of backup plan ${id}`, "VersionId")
      return {
        BackupPlan: planDocumentShape(version),
        BackupPlanId: plan.id,
        BackupPlanArn: plan.arn,
        VersionId: version.versionId,
        CreatorRequestId: plan.creatorRequestId,
        CreationDate: new Date(version.creationDate),
        DeletionDate: plan.deletionDate === undefined ? undefined : new Date(plan.deletionDate),
        AdvancedBackupSettings: advancedSettingsShape(version),
      }
    },
  },
  {
    name: "UpdateBackupPlan",
    readOnly: false,
    http: { method: "POST", path: "/backup/plans/{BackupPlanId}" },
    resource: planResource,
    handle: (input, context) => {
      const scope = scopeOf(context)
      const state = backupState(scope)
      const plan = findPlan(state, requiredString(input, "BackupPlanId"))
      const document = readPlanDocument(state, input)
      refuseTakenName(state, document.name, plan.id)
      const version = versionOf(scope, document, currentVersion(plan))
      plan.versions.push(version)
      saved(scope)
      return {
        BackupPlanId: plan.id,
        BackupPlanArn: plan.arn,
        CreationDate: new Date(version.creationDate),
        VersionId: version.versionId,
        AdvancedBackupSettings: advancedSettingsShape(version),
      }
    },
  },
  {
    name: "DeleteBackupPlan",
    readOnly: false,
    http: { method: "DELETE", path: "/backup/plans/{BackupPlanId}" },
    resource: planResource,
    handle: (input, context) => {
      const scope = scopeOf(context)
      const state = backupState(scope)
      const plan = findPlan(state, requiredString(input, "BackupPlanId"))
      if (Object.values(state.selections).some((selection) => selection.planId === plan.id))
        throw invalidRequest(
          "Related backup plan selections must be deleted prior to backup plan deletion.",
          plan.id,
        )
      plan.deletionDate = scope.now
      saved(scope)
      return {
        BackupPlanId: plan.id,
        BackupPlanArn: plan.arn,
        DeletionDate: new Date(plan.deletionDate),
        VersionId: currentVersion(plan).versionId,
      }
    },
  },
  {
    name: "ListBackupPlans",
    readOnly: true,
    http: {
      method: "GET",
      path: "/backup/plans",
      query: { nextToken: "NextToken", maxResults: "MaxResults", includeDeleted: "IncludeDeleted" },
    },
    handle: (input, context) => {
      const state = backupState(scopeOf(context))
      const includeDeleted = optionalBoolean(input, "IncludeDeleted") === true
      const plans = Object.values(state.plans)
        .filter((plan) => includeDeleted || plan.deletionDate === undefined)
        // Oldest first; plans made in the same millisecond keep the order they were made in (a stable sort).
        .sort((a, b) => (a.versions[0]?.creationDate ?? 0) - (b.versions[0]?.creationDate ?? 0))
      const page = backupPage(plans, input)
      return { BackupPlansList: page.items.map(planListMemberShape), NextToken: page.nextToken }
    },
  },
]
