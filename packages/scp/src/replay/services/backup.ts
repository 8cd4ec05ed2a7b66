import {
  type EventFacts,
  isArn,
  parametersOf,
  type RequestDetails,
  type ServiceKnowledge,
  textParameter,
} from "./service-knowledge.ts"

/** Backup actions on a recovery point, whose resource is the recovery point itself. */
const recoveryPointActions = new Set([
  "DeleteRecoveryPoint",
  "UpdateRecoveryPointLifecycle",
  "DisassociateRecoveryPoint",
  "GetRecoveryPointRestoreMetadata",
  "DescribeRecoveryPoint",
])

/** Backup actions on a plan (`backupPlanId`). */
const planActions = new Set([
  "DeleteBackupPlan",
  "UpdateBackupPlan",
  "GetBackupPlan",
  "CreateBackupSelection",
  "DeleteBackupSelection",
  "GetBackupSelection",
])

/**
 * AWS Backup: vault actions name their vault (`backupVaultName`, the API's member name as CloudTrail records it)
 * -> `arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME`; recovery point actions their `recoveryPointArn`;
 * plan actions their `backupPlanId` -> `...:backup-plan:ID`.
 */
export const backup: ServiceKnowledge = {
  prefix: "backup",
  eventSources: ["backup.amazonaws.com"],
  details: (facts: EventFacts): RequestDetails => {
    const parameters = parametersOf(facts.parameters)
    if (parameters === undefined || facts.region === undefined) return {}
    const prefix = `arn:${facts.partition}:backup:${facts.region}:${facts.resourceAccount}`
    if (recoveryPointActions.has(facts.action)) {
      const point = textParameter(parameters, "recoveryPointArn")
      if (point !== undefined && isArn(point)) return { resource: point }
    }
    if (planActions.has(facts.action)) {
      const plan = textParameter(parameters, "backupPlanId")
      return plan === undefined ? {} : { resource: `${prefix}:backup-plan:${plan}` }
    }
    const vault = textParameter(parameters, "backupVaultName")
    if (vault === undefined) return {}
    return { resource: isArn(vault) ? vault : `${prefix}:backup-vault:${vault}` }
  },
}
