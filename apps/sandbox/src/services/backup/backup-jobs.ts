import type { Operation } from "../../operation.ts"
import { isRoleArn } from "./arns.ts"
import { invalidParameter, notFound } from "./errors.ts"
import { newUuid } from "./identifiers.ts"
import { optionalInteger, optionalString, requiredString, stringMap } from "./input.ts"
import { readLifecycle } from "./lifecycle.ts"
import { vaultOfCall } from "./lookups.ts"
import { addRecoveryPoint, protectedResource } from "./recovery-points.ts"
import { backupJobShape } from "./shapes.ts"
import { type BackupJobRecord, backupState, saved, scopeOf } from "./state.ts"
import { backupJobDurationMs } from "./time-states.ts"
import { retentionOutsideLock } from "./vault-lock.ts"
import { vaultResource } from "./vaults.ts"

/*
 * On-demand backup jobs. A job runs for a short simulated time (backupJobDurationMs) and then completes; its
 * recovery point exists from the start, CREATING until then. A job whose retention falls outside the target
 * vault's lock range fails at once and makes no recovery point, as AWS fails such jobs.
 */

/** A repeated StartBackupJob with the same idempotency token within this time returns the first job. */
const idempotencyWindowMs = 24 * 60 * 60 * 1000

const minuteMs = 60_000

const jobAnswer = (job: BackupJobRecord) => ({
  BackupJobId: job.id,
  RecoveryPointArn: job.recoveryPointArn,
  CreationDate: new Date(job.creationDate),
  IsParent: false,
})

/** StartBackupJob and DescribeBackupJob. */
export const backupJobOperations: ReadonlyArray<Operation> = [
  {
    name: "StartBackupJob",
    readOnly: false,
    http: { method: "PUT", path: "/backup-jobs" },
    resource: vaultResource,
    handle: (input, context) => {
      const { scope, state, vault } = vaultOfCall(input, context, "backup:StartBackupJob")
      const resourceArn = requiredString(input, "ResourceArn")
      const resource = protectedResource(resourceArn)
      const iamRoleArn = requiredString(input, "IamRoleArn")
      if (!isRoleArn(iamRoleArn))
        throw invalidParameter("IamRoleArn", `${iamRoleArn} is not an IAM role ARN.`)
      const lifecycle = readLifecycle(input, "Lifecycle")
      const startWindow = optionalInteger(input, "StartWindowMinutes", { min: 60 }) ?? 480
      const completeWindow = optionalInteger(input, "CompleteWindowMinutes", { min: 60 }) ?? 10_080
      if (completeWindow <= startWindow)
        throw invalidParameter(
          "CompleteWindowMinutes",
          `${completeWindow} must be greater than StartWindowMinutes (${startWindow}).`,
        )
      const recoveryPointTags = stringMap(input, "RecoveryPointTags")
      const backupOptions = stringMap(input, "BackupOptions")
      const token = optionalString(input, "IdempotencyToken")
      const repeated = Object.values(state.jobs).find(
        (job) =>
          token !== undefined &&
          job.idempotencyToken === token &&
          job.resourceArn === resourceArn &&
          scope.now - job.creationDate < idempotencyWindowMs,
      )
      if (repeated) return jobAnswer(repeated)

      const failure = retentionOutsideLock(vault.lock, lifecycle?.deleteAfterDays)
      const completionDate = scope.now + backupJobDurationMs
      const point =
        failure === undefined
          ? addRecoveryPoint(scope, vault, {
              resourceArn,
              iamRoleArn,
              creationDate: scope.now,
              completionDate,
              lifecycle,
              tags: recoveryPointTags,
            })
          : undefined
      const job: BackupJobRecord = {
        id: newUuid(scope.store, "job").toUpperCase(),
        vaultName: vault.name,
        vaultArn: vault.arn,
        resourceArn,
        resourceType: resource.type,
        resourceName: resource.name,
        iamRoleArn,
        creationDate: scope.now,
        startBy: scope.now + startWindow * minuteMs,
        completionDate,
        ...(point === undefined ? {} : { recoveryPointArn: point.arn }),
        ...(failure === undefined ? {} : { failure: `Backup job failed: ${failure}.` }),
        ...(lifecycle === undefined ? {} : { lifecycle }),
        encryptionKeyArn: vault.encryptionKeyArn,
        ...(token === undefined ? {} : { idempotencyToken: token }),
        ...(Object.keys(backupOptions).length === 0 ? {} : { backupOptions }),
      }
      state.jobs[job.id] = job
      saved(scope)
      return jobAnswer(job)
    },
  },
  {
    name: "DescribeBackupJob",
    readOnly: true,
    http: { method: "GET", path: "/backup-jobs/{BackupJobId}" },
    handle: (input, context) => {
      const scope = scopeOf(context)
      const id = requiredString(input, "BackupJobId")
      const job = backupState(scope).jobs[id]
      if (!job) throw notFound(`Backup job ${id}`, "BackupJobId")
      return backupJobShape(job, scope.account, scope.now)
    },
  },
]
