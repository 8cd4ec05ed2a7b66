import type { AwsError, DBInstance, DBSnapshot, RdsWriter } from "@rampart/aws"
import { Clock, Effect } from "effect"
import { RemediationFailure } from "./remediation-failure.ts"

/** How long to wait for RDS, and how often to look. */
export interface WaitSettings {
  readonly pollMillis: number
  readonly timeoutMillis: number
}

/** RDS on AWS: restores take tens of minutes, so look every 15 s for up to 3 hours. */
export const defaultWaits: WaitSettings = { pollMillis: 15_000, timeoutMillis: 3 * 60 * 60_000 }

const hasPendingChanges = (instance: DBInstance): boolean =>
  Object.values(instance.PendingModifiedValues ?? {}).some((value) => value !== undefined)

/** Available, with no modification still waiting to be applied. */
export const isInstanceSettled = (instance: DBInstance): boolean =>
  instance.DBInstanceStatus === "available" && !hasPendingChanges(instance)

/** Instance states RDS does not leave by itself: waiting for `available` would only run into the timeout. */
const stuckInstanceStates = new Set([
  "stopped",
  "stopping",
  "failed",
  "storage-full",
  "incompatible-parameters",
  "incompatible-network",
  "incompatible-option-group",
  "incompatible-restore",
  "inaccessible-encryption-credentials",
  "restore-error",
  "deleting",
])

const waitFor = <A>(
  what: string,
  read: Effect.Effect<A | undefined, AwsError>,
  ready: (a: A) => boolean,
  describe: (a: A) => string,
  settings: WaitSettings,
  stuck: (a: A) => boolean = () => false,
): Effect.Effect<A, AwsError | RemediationFailure> =>
  Effect.gen(function* () {
    const deadline = (yield* Clock.currentTimeMillis) + settings.timeoutMillis
    for (;;) {
      const current = yield* read
      if (current === undefined)
        return yield* Effect.fail(new RemediationFailure({ message: `${what} does not exist (any more)` }))
      if (ready(current)) return current
      if (stuck(current))
        return yield* Effect.fail(
          new RemediationFailure({
            message: `${what} is ${describe(current)}, which RDS does not leave by itself; fix that, then rerun the remediation with the same id`,
          }),
        )
      if ((yield* Clock.currentTimeMillis) >= deadline)
        return yield* Effect.fail(
          new RemediationFailure({
            message: `${what} is still ${describe(current)} after ${Math.round(settings.timeoutMillis / 60_000)} minutes; rerun the remediation with the same id to go on waiting`,
          }),
        )
      yield* Effect.sleep(settings.pollMillis)
    }
  })

/** Waits until the instance is available with no modification pending, and answers it as then read. */
export const waitForInstance = (rds: RdsWriter, instanceId: string, settings: WaitSettings) =>
  waitFor<DBInstance>(
    `DB instance ${instanceId}`,
    rds.describeDBInstance(instanceId),
    isInstanceSettled,
    (i) =>
      `${i.DBInstanceStatus ?? "in an unknown state"}${hasPendingChanges(i) ? " with changes pending" : ""}`,
    settings,
    (i) => stuckInstanceStates.has(i.DBInstanceStatus ?? ""),
  )

/** Waits until the snapshot is available. */
export const waitForSnapshot = (rds: RdsWriter, snapshotId: string, settings: WaitSettings) =>
  waitFor<DBSnapshot>(
    `DB snapshot ${snapshotId}`,
    rds.describeDBSnapshot(snapshotId),
    (s) => s.Status === "available",
    (s) =>
      `${s.Status ?? "in an unknown state"}${s.PercentProgress === undefined ? "" : ` (${s.PercentProgress}%)`}`,
    settings,
    (s) => s.Status === "failed" || s.Status === "error",
  )
