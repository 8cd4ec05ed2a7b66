/*
 * BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED —
 * https://docs.aws.amazon.com/config/latest/developerguide/backup-recovery-point-manual-deletion-disabled.html
 * Reads the AWS::Backup::BackupVault access policy from `configuration.accessPolicy` (CloudFormation's
 * `AccessPolicy`) or `supplementaryConfiguration.BackupVaultAccessPolicy`, as a policy document, JSON text, or a
 * `{ policy: "<json>" }` wrapper as GetBackupVaultAccessPolicy returns it.
 * The vault complies when one Deny statement with a wildcard Principal and a wildcard Resource covers
 * backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle and backup:PutBackupVaultAccessPolicy. A
 * Condition on that statement is accepted only when it exempts principals by `aws:PrincipalArn` (ArnNotEquals,
 * ArnNotLike, StringNotEquals, StringNotLike) and every exempted ARN is in `principalArnList`.
 */
import type { ConfigurationItem, ParameterSpec } from "@rampart/model"
import type { ManagedRule } from "./managed-rule.ts"
import {
  asFields,
  asList,
  asText,
  asTextList,
  configField,
  field,
  resourceLabel,
  supplementaryField,
} from "./private/configuration.ts"
import { defineManagedRule } from "./private/define-rule.ts"
import { compliant, nonCompliant } from "./private/evaluation.ts"
import { listParameter } from "./private/parameters.ts"
import { wildcardMatches } from "./private/wildcard.ts"

const identifier = "BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED"

const principalArnList: ParameterSpec = {
  name: "principalArnList",
  type: "string-list",
  description:
    "Optional. Comma-separated IAM principal ARNs the rule does not check: a Deny statement may exempt these (and only these) through an aws:PrincipalArn condition.",
}

const protectedActions: ReadonlyArray<string> = [
  "backup:DeleteRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:PutBackupVaultAccessPolicy",
]

const exemptingOperators: ReadonlyArray<string> = [
  "arnnotequals",
  "arnnotlike",
  "stringnotequals",
  "stringnotlike",
]

/** The vault's access policy document, wherever and however the configuration item carries it. */
const accessPolicyOf = (item: ConfigurationItem): unknown => {
  const candidates = [
    configField(item, "accessPolicy", "backupVaultAccessPolicy", "policy"),
    supplementaryField(item, "BackupVaultAccessPolicy", "accessPolicy", "policy"),
  ]
  for (const candidate of candidates) {
    const document = asFields(candidate)
    if (document === undefined) continue
    const wrapped = asFields(field(document, "policy"))
    if (field(document, "Statement") === undefined && wrapped !== undefined) return wrapped
    if (field(document, "Statement") !== undefined) return document
  }
  return undefined
}

const isEveryone = (principal: unknown): boolean =>
  asText(principal) === "*" || asTextList(field(principal, "AWS")).includes("*")

/** Which protected actions a statement's Action / NotAction leaves uncovered. */
const uncoveredActions = (statement: unknown): ReadonlyArray<string> => {
  const actions = asTextList(field(statement, "Action"))
  const notActions = asTextList(field(statement, "NotAction"))
  const covers = (action: string): boolean =>
    field(statement, "NotAction") !== undefined
      ? !notActions.some((pattern) => wildcardMatches(pattern, action, { ignoreCase: true }))
      : actions.some((pattern) => wildcardMatches(pattern, action, { ignoreCase: true }))
  return protectedActions.filter((action) => !covers(action))
}

/** Why a statement's Condition makes it unsuitable, or undefined when it has none or only allowed exemptions. */
const conditionProblem = (
  statement: unknown,
  allowedPrincipals: ReadonlyArray<string>,
): string | undefined => {
  const condition = asFields(field(statement, "Condition"))
  if (condition === undefined) return undefined
  for (const [operator, keys] of Object.entries(condition)) {
    if (!exemptingOperators.includes(operator.toLowerCase())) return `its Condition uses ${operator}`
    for (const [key, values] of Object.entries(asFields(keys) ?? {})) {
      if (key.toLowerCase() !== "aws:principalarn") return `its Condition tests ${key}`
      const extra = asTextList(values).filter((arn) => !allowedPrincipals.includes(arn))
      if (extra.length > 0) return `it exempts ${extra.join(", ")}, not in principalArnList`
    }
  }
  return undefined
}

/** Checks that a backup vault's access policy denies everyone the deletion of recovery points. */
export const backupRecoveryPointManualDeletionDisabled: ManagedRule = defineManagedRule({
  identifier,
  description:
    "Checks if a backup vault's resource-based policy denies deleting recovery points, changing their lifecycle and replacing the vault policy.",
  trigger: "configuration-change",
  resourceTypes: ["AWS::Backup::BackupVault"],
  parameters: [principalArnList],
  evaluate: ({ item, parameters }) => {
    const vault = resourceLabel(item)
    const allowedPrincipals = listParameter(identifier, principalArnList, parameters) ?? []
    const policy = accessPolicyOf(item)
    const fix = `add a Deny for Principal "*", Resource "*" on ${protectedActions.join(", ")}`
    if (policy === undefined) return nonCompliant(`Backup vault ${vault} has no access policy; ${fix}.`)

    const candidates = asList(field(policy, "Statement")).filter(
      (statement) =>
        asText(field(statement, "Effect"))?.toLowerCase() === "deny" &&
        isEveryone(field(statement, "Principal")) &&
        asTextList(field(statement, "Resource")).some((resource) => resource.includes("*")),
    )
    const findings = candidates.map((statement) => {
      const missing = uncoveredActions(statement)
      const problems = [
        ...(missing.length > 0 ? [`it does not deny ${missing.join(", ")}`] : []),
        ...[conditionProblem(statement, allowedPrincipals)].filter((problem) => problem !== undefined),
      ]
      return { sid: asText(field(statement, "Sid")), problems }
    })
    if (findings.some((finding) => finding.problems.length === 0)) {
      return compliant(`Backup vault ${vault} denies manual deletion of recovery points.`)
    }
    const closest = [...findings].sort((a, b) => a.problems.length - b.problems.length)[0]
    if (closest === undefined) {
      return nonCompliant(
        `Backup vault ${vault}'s access policy has no Deny with Principal "*" and a wildcard Resource; ${fix}.`,
      )
    }
    return nonCompliant(
      `Backup vault ${vault}: Deny statement ${closest.sid ?? "without Sid"} does not protect recovery points (${closest.problems.join("; ")}); ${fix}.`,
    )
  },
})
