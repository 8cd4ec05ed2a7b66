import { deleteAt, moveToColdStorageAt } from "./lifecycle.ts"
import type { BackupJobRecord, BackupState, RecoveryPointRecord } from "./state.ts"

/*
 * States that follow from the simulated clock, computed when read: a backup job runs for a short simulated time
 * and then completes, its recovery point is CREATING until then, moves to cold storage and is deleted by its
 * lifecycle on the calculated dates.
 */

/** How long a backup job runs, in simulated milliseconds. */
export const backupJobDurationMs = 60_000

/** False once the lifecycle has deleted the recovery point: it no longer exists for any API. */
export const isLive = (point: RecoveryPointRecord, now: number): boolean => {
  const deletion = deleteAt(point.creationDate, point.lifecycle)
  return deletion === undefined || now < deletion
}

export const recoveryPointStatus = (point: RecoveryPointRecord, now: number): "CREATING" | "COMPLETED" =>
  now < point.completionDate ? "CREATING" : "COMPLETED"

export const storageClass = (point: RecoveryPointRecord, now: number): "WARM" | "COLD" => {
  const cold = moveToColdStorageAt(point.creationDate, point.lifecycle)
  return cold !== undefined && now >= cold ? "COLD" : "WARM"
}

/** The recovery points of a vault that still exist, oldest first (then in the order they were made). */
export const liveRecoveryPoints = (
  state: BackupState,
  vaultName: string,
  now: number,
): ReadonlyArray<RecoveryPointRecord> =>
  Object.values(state.recoveryPoints)
    .filter((point) => point.vaultName === vaultName && isLive(point, now))
    .sort((a, b) => a.creationDate - b.creationDate)

export const jobState = (job: BackupJobRecord, now: number): "FAILED" | "RUNNING" | "COMPLETED" =>
  job.failure !== undefined ? "FAILED" : now < job.completionDate ? "RUNNING" : "COMPLETED"

/** PercentDone as Backup writes it (`"42.0"`). */
export const percentDone = (job: BackupJobRecord, now: number): string => {
  const state = jobState(job, now)
  if (state === "FAILED") return "0.0"
  if (state === "COMPLETED") return "100.0"
  const span = job.completionDate - job.creationDate
  return ((100 * Math.max(0, now - job.creationDate)) / span).toFixed(1)
}
