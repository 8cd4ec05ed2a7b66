import { invalidParameter } from "./errors.ts"
import { optionalInteger } from "./input.ts"
import { days, deleteAt, maxRetentionDays } from "./lifecycle.ts"
import type { LockRecord, RecoveryPointRecord } from "./state.ts"

/*
 * AWS Backup Vault Lock, as rules over a vault's LockRecord and the simulated time:
 * - governance mode (no ChangeableForDays): removable and changeable at any time by whoever IAM allows;
 * - compliance mode (ChangeableForDays 3..36,500): changeable and removable until LockDate = put time +
 *   ChangeableForDays; from LockDate on, immutable for everyone;
 * - in both modes the lock applies at once: backup jobs must keep their recovery points between
 *   MinRetentionDays and MaxRetentionDays, and recovery points cannot be deleted before their retention ends.
 */

export type LockMode = "GOVERNANCE" | "COMPLIANCE"

/** The grace time compliance mode needs at least: AWS enforces a 72-hour cooling-off period. */
const minimumChangeableForDays = 3

export const lockMode = (lock: LockRecord): LockMode =>
  lock.lockDate === undefined ? "GOVERNANCE" : "COMPLIANCE"

/** True once a compliance-mode lock's grace time is over: nobody can change or delete it any more. */
export const isImmutable = (lock: LockRecord | undefined, now: number): boolean =>
  lock?.lockDate !== undefined && now >= lock.lockDate

/** Reads PutBackupVaultLockConfiguration's members into a lock put at `now`. */
export const readLockConfiguration = (input: Readonly<Record<string, unknown>>, now: number): LockRecord => {
  const minRetentionDays = optionalInteger(input, "MinRetentionDays", { min: 1, max: maxRetentionDays })
  const maxRetention = optionalInteger(input, "MaxRetentionDays", { min: 1, max: maxRetentionDays })
  const changeableForDays = optionalInteger(input, "ChangeableForDays", {
    min: minimumChangeableForDays,
    max: maxRetentionDays,
  })
  if (minRetentionDays !== undefined && maxRetention !== undefined && minRetentionDays > maxRetention)
    throw invalidParameter(
      "MinRetentionDays",
      `${minRetentionDays} is greater than MaxRetentionDays (${maxRetention}).`,
    )
  return {
    ...(minRetentionDays === undefined ? {} : { minRetentionDays }),
    ...(maxRetention === undefined ? {} : { maxRetentionDays: maxRetention }),
    ...(changeableForDays === undefined
      ? {}
      : { changeableForDays, lockDate: now + days(changeableForDays) }),
    createdAt: now,
  }
}

/**
 * Why keeping a recovery point `retentionDays` (undefined: until deleted) breaks the lock's range, or
 * undefined when it does not. Backup fails backup jobs that would.
 */
export const retentionOutsideLock = (
  lock: LockRecord | undefined,
  retentionDays: number | undefined,
): string | undefined => {
  if (lock === undefined) return undefined
  const kept = retentionDays === undefined ? "kept until deleted" : `kept ${retentionDays} days`
  if (
    lock.minRetentionDays !== undefined &&
    retentionDays !== undefined &&
    retentionDays < lock.minRetentionDays
  )
    return `the recovery point would be ${kept}, less than the vault lock's MinRetentionDays of ${lock.minRetentionDays}`
  if (
    lock.maxRetentionDays !== undefined &&
    (retentionDays === undefined || retentionDays > lock.maxRetentionDays)
  )
    return `the recovery point would be ${kept}, more than the vault lock's MaxRetentionDays of ${lock.maxRetentionDays}`
  return undefined
}

/**
 * Whether the lock forbids deleting the recovery point now: a locked vault keeps every recovery point until its
 * retention ends (one kept until deleted, for good).
 */
export const lockProtects = (
  lock: LockRecord | undefined,
  point: RecoveryPointRecord,
  now: number,
): boolean => {
  if (lock === undefined) return false
  const deletion = deleteAt(point.creationDate, point.lifecycle)
  return deletion === undefined || now < deletion
}
