import { invalidParameter } from "./errors.ts"
import { memberPath, optionalInteger, readStructure } from "./input.ts"
import type { LifecycleRecord } from "./state.ts"

/*
 * Recovery point lifecycles: when a recovery point moves to cold storage and when AWS Backup deletes it. A
 * lifecycle without DeleteAfterDays keeps the recovery point until someone deletes it.
 */

const dayMs = 24 * 60 * 60 * 1000

/** The longest retention Backup accepts, in days (100 years). */
export const maxRetentionDays = 36_500

/** Cold storage holds a recovery point 90 days at least, so deletion must come that long after the move. */
const coldStorageMinimumDays = 90

/** Reads and checks a `Lifecycle` structure; undefined when absent or empty. */
export const readLifecycle = (record: Readonly<Record<string, unknown>>, key: string, at = "") => {
  const path = memberPath(at, key)
  const lifecycle = readStructure(record, key, at)
  if (lifecycle === undefined) return undefined
  const deleteAfterDays = optionalInteger(
    lifecycle,
    "DeleteAfterDays",
    { min: 1, max: maxRetentionDays },
    path,
  )
  const moveToColdStorageAfterDays = optionalInteger(
    lifecycle,
    "MoveToColdStorageAfterDays",
    { min: 0, max: maxRetentionDays },
    path,
  )
  return checkedLifecycle(
    {
      ...(deleteAfterDays === undefined ? {} : { deleteAfterDays }),
      ...(moveToColdStorageAfterDays === undefined ? {} : { moveToColdStorageAfterDays }),
    },
    path,
  )
}

/** Applies Backup's rule between the two days; returns undefined for an empty lifecycle. */
export const checkedLifecycle = (lifecycle: LifecycleRecord, path: string): LifecycleRecord | undefined => {
  const { deleteAfterDays, moveToColdStorageAfterDays } = lifecycle
  if (
    deleteAfterDays !== undefined &&
    moveToColdStorageAfterDays !== undefined &&
    moveToColdStorageAfterDays > 0 &&
    deleteAfterDays < moveToColdStorageAfterDays + coldStorageMinimumDays
  ) {
    throw invalidParameter(
      `${path}.DeleteAfterDays`,
      `${deleteAfterDays} must be at least ${coldStorageMinimumDays} days greater than MoveToColdStorageAfterDays (${moveToColdStorageAfterDays}).`,
    )
  }
  return deleteAfterDays === undefined && moveToColdStorageAfterDays === undefined ? undefined : lifecycle
}

/** The lifecycle as the API answers it. */
export const lifecycleShape = (lifecycle: LifecycleRecord | undefined) =>
  lifecycle === undefined
    ? undefined
    : {
        DeleteAfterDays: lifecycle.deleteAfterDays,
        MoveToColdStorageAfterDays: lifecycle.moveToColdStorageAfterDays,
      }

/** When the lifecycle deletes a recovery point created at `creation`; undefined when it keeps it. */
export const deleteAt = (creation: number, lifecycle: LifecycleRecord | undefined): number | undefined =>
  lifecycle?.deleteAfterDays === undefined ? undefined : creation + lifecycle.deleteAfterDays * dayMs

/** When the lifecycle moves a recovery point to cold storage; undefined when it never does. */
export const moveToColdStorageAt = (
  creation: number,
  lifecycle: LifecycleRecord | undefined,
): number | undefined =>
  lifecycle?.moveToColdStorageAfterDays === undefined || lifecycle.moveToColdStorageAfterDays === 0
    ? undefined
    : creation + lifecycle.moveToColdStorageAfterDays * dayMs

/** `CalculatedLifecycle`: the instants the lifecycle stands for. */
export const calculatedLifecycleShape = (creation: number, lifecycle: LifecycleRecord | undefined) => {
  const deletion = deleteAt(creation, lifecycle)
  const cold = moveToColdStorageAt(creation, lifecycle)
  return deletion === undefined && cold === undefined
    ? undefined
    : {
        DeleteAt: deletion === undefined ? undefined : new Date(deletion),
        MoveToColdStorageAt: cold === undefined ? undefined : new Date(cold),
      }
}

/** Days in milliseconds. */
export const days = (count: number): number => count * dayMs
