import type { CallContext, Input, Operation } from "../../operation.ts"
import { protectedResourceOf, recoveryPointArn } from "./arns.ts"
import { invalidParameter, invalidRequest, invalidResourceState } from "./errors.ts"
import { newUuid } from "./identifiers.ts"
import { optionalInstant, optionalString, requiredString } from "./input.ts"
import { calculatedLifecycleShape, lifecycleShape, readLifecycle } from "./lifecycle.ts"
import { findRecoveryPoint, vaultOfCall } from "./lookups.ts"
import { backupPage } from "./paging.ts"
import { recoveryPointShape } from "./shapes.ts"
import type { CreatorRecord, LifecycleRecord, RecoveryPointRecord, Scope, VaultRecord } from "./state.ts"
import { backupState, saved } from "./state.ts"
import { liveRecoveryPoints, recoveryPointStatus } from "./time-states.ts"
import { lockProtects, retentionOutsideLock } from "./vault-lock.ts"
import { vaultResource } from "./vaults.ts"

/** What a new recovery point is made of (by a backup job, or a scenario). */
export interface RecoveryPointSpec {
  readonly resourceArn: string
  readonly iamRoleArn: string
  readonly creationDate: number
  readonly completionDate: number
  readonly lifecycle?: LifecycleRecord | undefined
  /** Encrypted with the vault's key unless said otherwise (a scenario's unencrypted snapshot, say). */
  readonly isEncrypted?: boolean
  readonly createdBy?: CreatorRecord | undefined
  readonly tags?: Readonly<Record<string, string>>
}

/** A size that looks like a backup's, the same for the same resource. */
const sizeOf = (resourceArn: string): number => {
  let hash = 0
  for (const char of resourceArn) hash = (hash * 31 + char.charCodeAt(0)) % 977
  return (hash + 1) * 16 * 1024 * 1024
}

/** The resource type and name Backup gives `resourceArn`; refuses a resource Backup does not protect. */
export const protectedResource = (resourceArn: string, field = "ResourceArn") => {
  const resource = protectedResourceOf(resourceArn)
  if (!resource)
    throw invalidParameter(field, `${resourceArn} is not the ARN of a resource type AWS Backup protects.`)
  return resource
}

/** Stores a new recovery point in a vault. */
export const addRecoveryPoint = (
  scope: Scope,
  vault: VaultRecord,
  spec: RecoveryPointSpec,
): RecoveryPointRecord => {
  const resource = protectedResource(spec.resourceArn)
  const encrypted = spec.isEncrypted ?? true
  const point: RecoveryPointRecord = {
    arn: recoveryPointArn(scope, newUuid(scope.store, "recovery-point").toUpperCase()),
    vaultName: vault.name,
    resourceArn: spec.resourceArn,
    resourceType: resource.type,
    resourceName: resource.name,
    iamRoleArn: spec.iamRoleArn,
    creationDate: spec.creationDate,
    completionDate: spec.completionDate,
    ...(spec.lifecycle === undefined ? {} : { lifecycle: spec.lifecycle }),
    isEncrypted: encrypted,
    ...(encrypted ? { encryptionKeyArn: vault.encryptionKeyArn } : {}),
    backupSizeInBytes: sizeOf(spec.resourceArn),
    ...(spec.createdBy === undefined ? {} : { createdBy: spec.createdBy }),
    tags: spec.tags ?? {},
  }
  backupState(scope).recoveryPoints[point.arn] = point
  return point
}

const path = "/backup-vaults/{BackupVaultName}/recovery-points"

/** The ARN a recovery point operation is authorized against. */
const pointResource = (input: Input): string =>
  typeof input.RecoveryPointArn === "string" ? input.RecoveryPointArn : "*"

/** The recovery point a call names, after the vault's access policy has had its say on `action`. */
const pointOfCall = (input: Input, context: CallContext, action: string) => {
  const arn = requiredString(input, "RecoveryPointArn")
  const found = vaultOfCall(input, context, action, () => arn)
  return { ...found, point: findRecoveryPoint(found.state, found.vault, arn, found.scope.now) }
}

/** ListRecoveryPointsByBackupVault, DescribeRecoveryPoint, DeleteRecoveryPoint and UpdateRecoveryPointLifecycle. */
export const recoveryPointOperations: ReadonlyArray<Operation> = [
  {
    name: "ListRecoveryPointsByBackupVault",
    readOnly: true,
    http: {
      method: "GET",
      path,
      query: {
        backupVaultAccountId: "BackupVaultAccountId",
        nextToken: "NextToken",
        maxResults: "MaxResults",
        resourceArn: "ByResourceArn",
        resourceType: "ByResourceType",
        backupPlanId: "ByBackupPlanId",
        createdBefore: "ByCreatedBefore",
        createdAfter: "ByCreatedAfter",
        parentRecoveryPointArn: "ByParentRecoveryPointArn",
      },
    },
    resource: vaultResource,
    handle: (input, context) => {
      const { scope, state, vault } = vaultOfCall(input, context, "backup:ListRecoveryPointsByBackupVault")
      const resourceArn = optionalString(input, "ByResourceArn")
      const resourceType = optionalString(input, "ByResourceType")
      const planId = optionalString(input, "ByBackupPlanId")
      const before = optionalInstant(input, "ByCreatedBefore")
      const after = optionalInstant(input, "ByCreatedAfter")
      // No recovery point here is a composite's child, so asking for a parent's children finds none.
      const parent = optionalString(input, "ByParentRecoveryPointArn")
      const points = liveRecoveryPoints(state, vault.name, scope.now).filter(
        (point) =>
          parent === undefined &&
          (resourceArn === undefined || point.resourceArn === resourceArn) &&
          (resourceType === undefined || point.resourceType === resourceType) &&
          (planId === undefined || point.createdBy?.planId === planId) &&
          (before === undefined || point.creationDate < before) &&
          (after === undefined || point.creationDate > after),
      )
      const page = backupPage(points, input)
      return {
        RecoveryPoints: page.items.map((point) => recoveryPointShape(point, vault, scope.now)),
        NextToken: page.nextToken,
      }
    },
  },
  {
    name: "DescribeRecoveryPoint",
    readOnly: true,
    http: {
      method: "GET",
      path: `${path}/{RecoveryPointArn}`,
      query: { backupVaultAccountId: "BackupVaultAccountId" },
    },
    resource: pointResource,
    handle: (input, context) => {
      const { scope, vault, point } = pointOfCall(input, context, "backup:DescribeRecoveryPoint")
      return recoveryPointShape(point, vault, scope.now)
    },
  },
  {
    name: "DeleteRecoveryPoint",
    readOnly: false,
    http: { method: "DELETE", path: `${path}/{RecoveryPointArn}` },
    resource: pointResource,
    handle: (input, context) => {
      const { scope, state, vault, point } = pointOfCall(input, context, "backup:DeleteRecoveryPoint")
      if (recoveryPointStatus(point, scope.now) === "CREATING")
        throw invalidResourceState(
          `Recovery point ${point.arn} is still being created; delete it once its backup job has completed.`,
          point.arn,
        )
      if (lockProtects(vault.lock, point, scope.now))
        throw invalidRequest(
          `Recovery point ${point.arn} cannot be deleted: backup vault ${vault.name} is protected by a vault lock and the recovery point's retention period has not ended.`,
          point.arn,
        )
      delete state.recoveryPoints[point.arn]
      saved(scope)
      return {}
    },
  },
  {
    name: "UpdateRecoveryPointLifecycle",
    readOnly: false,
    http: { method: "POST", path: `${path}/{RecoveryPointArn}` },
    resource: pointResource,
    handle: (input, context) => {
      const { scope, vault, point } = pointOfCall(input, context, "backup:UpdateRecoveryPointLifecycle")
      const lifecycle = readLifecycle(input, "Lifecycle")
      const outside = retentionOutsideLock(vault.lock, lifecycle?.deleteAfterDays)
      if (outside !== undefined)
        throw invalidRequest(
          `The lifecycle of recovery point ${point.arn} cannot be changed: ${outside} (backup vault ${vault.name} is locked).`,
          point.arn,
        )
      if (lifecycle === undefined) delete point.lifecycle
      else point.lifecycle = lifecycle
      saved(scope)
      return {
        BackupVaultArn: vault.arn,
        RecoveryPointArn: point.arn,
        Lifecycle: lifecycleShape(point.lifecycle),
        CalculatedLifecycle: calculatedLifecycleShape(point.creationDate, point.lifecycle),
      }
    },
  },
]
