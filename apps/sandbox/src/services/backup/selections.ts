import type { Input, Operation } from "../../operation.ts"
import { isRoleArn } from "./arns.ts"
import { alreadyExists, invalidParameter, missingParameter } from "./errors.ts"
import { newUuid } from "./identifiers.ts"
import {
  memberPath,
  optionalString,
  readStructure,
  readStructureList,
  requiredString,
  stringList,
} from "./input.ts"
import { findPlan, findSelection } from "./lookups.ts"
import { backupPage } from "./paging.ts"
import { planResource } from "./plans.ts"
import { selectionDocumentShape, selectionListMemberShape } from "./shapes.ts"
import {
  backupState,
  type PlanRecord,
  type Scope,
  type SelectionConditionsRecord,
  type SelectionRecord,
  saved,
  scopeOf,
  type TagConditionRecord,
} from "./state.ts"

/*
 * Backup selections: which resources a plan protects. `Resources` and `NotResources` are ARNs with `*` wildcards;
 * `ListOfTags` selects by tag (any one matches); `Conditions` narrow the selection on `aws:ResourceTag/...` keys.
 */

const namePattern = /^[a-zA-Z0-9\-_.]{1,50}$/

/** A selection without its ids: what CreateBackupSelection sends (or a scenario describes). */
export type SelectionSpec = Omit<SelectionRecord, "id" | "planId" | "creationDate" | "creatorRequestId">

const readArnPatterns = (record: Readonly<Record<string, unknown>>, key: string, at: string) => {
  const patterns = stringList(record, key, at)
  patterns.forEach((pattern, index) => {
    if (pattern !== "*" && !/^arn:[^:]*:[^:]*:/.test(pattern))
      throw invalidParameter(`${memberPath(at, key)}[${index}]`, `${pattern} is neither an ARN nor *.`)
  })
  return patterns
}

const readTagConditions = (
  record: Readonly<Record<string, unknown>>,
  key: string,
  at: string,
  requireResourceTagKey: boolean,
): ReadonlyArray<TagConditionRecord> =>
  readStructureList(record, key, at).map((condition, index) => {
    const conditionAt = `${memberPath(at, key)}[${index}]`
    if (key === "ListOfTags") {
      const type = requiredString(condition, "ConditionType", conditionAt)
      if (type !== "STRINGEQUALS")
        throw invalidParameter(memberPath(conditionAt, "ConditionType"), `${type} is not STRINGEQUALS.`)
    }
    const conditionKey = requiredString(condition, "ConditionKey", conditionAt)
    if (requireResourceTagKey && !conditionKey.startsWith("aws:ResourceTag/"))
      throw invalidParameter(
        memberPath(conditionAt, "ConditionKey"),
        `${conditionKey} is not aws:ResourceTag/<key>.`,
      )
    return { key: conditionKey, value: requiredString(condition, "ConditionValue", conditionAt) }
  })

/** Reads and checks the `BackupSelection` structure of CreateBackupSelection. */
export const readSelectionDocument = (input: Input): SelectionSpec => {
  const at = "BackupSelection"
  const document = readStructure(input, at)
  if (document === undefined) throw missingParameter(at)
  const name = requiredString(document, "SelectionName", at)
  if (!namePattern.test(name))
    throw invalidParameter(`${at}.SelectionName`, `${JSON.stringify(name)} is not a valid selection name.`)
  const iamRoleArn = requiredString(document, "IamRoleArn", at)
  if (!isRoleArn(iamRoleArn))
    throw invalidParameter(`${at}.IamRoleArn`, `${iamRoleArn} is not an IAM role ARN.`)
  const conditions = readStructure(document, "Conditions", at) ?? {}
  const conditionsAt = `${at}.Conditions`
  const spec: SelectionSpec = {
    name,
    iamRoleArn,
    resources: readArnPatterns(document, "Resources", at),
    notResources: readArnPatterns(document, "NotResources", at),
    listOfTags: readTagConditions(document, "ListOfTags", at, false),
    conditions: {
      stringEquals: readTagConditions(conditions, "StringEquals", conditionsAt, true),
      stringNotEquals: readTagConditions(conditions, "StringNotEquals", conditionsAt, true),
      stringLike: readTagConditions(conditions, "StringLike", conditionsAt, true),
      stringNotLike: readTagConditions(conditions, "StringNotLike", conditionsAt, true),
    },
  }
  return checkedSelection(spec)
}

const conditionCount = (conditions: SelectionConditionsRecord): number =>
  conditions.stringEquals.length +
  conditions.stringNotEquals.length +
  conditions.stringLike.length +
  conditions.stringNotLike.length

/** A selection must select something: resources, tags or conditions. */
export const checkedSelection = (spec: SelectionSpec): SelectionSpec => {
  if (spec.resources.length === 0 && spec.listOfTags.length === 0 && conditionCount(spec.conditions) === 0)
    throw invalidParameter("BackupSelection", "give Resources, ListOfTags or Conditions to select resources.")
  return spec
}

/** Assigns resources to a plan (from CreateBackupSelection or a scenario). */
export const createSelection = (
  scope: Scope,
  plan: PlanRecord,
  spec: SelectionSpec,
  creatorRequestId?: string,
): SelectionRecord => {
  const state = backupState(scope)
  const taken = Object.values(state.selections).find((s) => s.planId === plan.id && s.name === spec.name)
  if (taken)
    throw alreadyExists(
      `Backup selection ${spec.name} already exists in backup plan ${plan.id}`,
      plan.arn,
      taken.creatorRequestId,
    )
  const selection: SelectionRecord = {
    ...spec,
    id: newUuid(scope.store, "selection"),
    planId: plan.id,
    creationDate: scope.now,
    ...(creatorRequestId === undefined ? {} : { creatorRequestId }),
  }
  state.selections[selection.id] = selection
  return selection
}

const path = "/backup/plans/{BackupPlanId}/selections"

/** CreateBackupSelection, GetBackupSelection, DeleteBackupSelection and ListBackupSelections. */
export const selectionOperations: ReadonlyArray<Operation> = [
  {
    name: "CreateBackupSelection",
    readOnly: false,
    http: { method: "PUT", path },
    resource: planResource,
    handle: (input, context) => {
      const scope = scopeOf(context)
      const plan = findPlan(backupState(scope), requiredString(input, "BackupPlanId"))
      const selection = createSelection(
        scope,
        plan,
        readSelectionDocument(input),
        optionalString(input, "CreatorRequestId"),
      )
      saved(scope)
      return {
        SelectionId: selection.id,
        BackupPlanId: plan.id,
        CreationDate: new Date(selection.creationDate),
      }
    },
  },
  {
    name: "GetBackupSelection",
    readOnly: true,
    http: { method: "GET", path: `${path}/{SelectionId}` },
    resource: planResource,
    handle: (input, context) => {
      const state = backupState(scopeOf(context))
      const plan = findPlan(state, requiredString(input, "BackupPlanId"))
      const selection = findSelection(state, plan.id, requiredString(input, "SelectionId"))
      return {
        BackupSelection: selectionDocumentShape(selection),
        SelectionId: selection.id,
        BackupPlanId: plan.id,
        CreationDate: new Date(selection.creationDate),
        CreatorRequestId: selection.creatorRequestId,
      }
    },
  },
  {
    name: "DeleteBackupSelection",
    readOnly: false,
    http: { method: "DELETE", path: `${path}/{SelectionId}` },
    resource: planResource,
    handle: (input, context) => {
      const scope = scopeOf(context)
      const state = backupState(scope)
      const plan = findPlan(state, requiredString(input, "BackupPlanId"))
      const selection = findSelection(state, plan.id, requiredString(input, "SelectionId"))
      delete state.selections[selection.id]
      saved(scope)
      return {}
    },
  },
  {
    name: "ListBackupSelections",
    readOnly: true,
    http: { method: "GET", path, query: { nextToken: "NextToken", maxResults: "MaxResults" } },
    resource: planResource,
    handle: (input, context) => {
      const state = backupState(scopeOf(context))
      const plan = findPlan(state, requiredString(input, "BackupPlanId"))
      const selections = Object.values(state.selections)
        .filter((selection) => selection.planId === plan.id)
        .sort((a, b) => a.creationDate - b.creationDate)
      const page = backupPage(selections, input)
      return { BackupSelectionsList: page.items.map(selectionListMemberShape), NextToken: page.nextToken }
    },
  },
]
