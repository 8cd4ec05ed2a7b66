import type { DBInstance } from "@rampart/aws"
import { Clock, Effect } from "effect"
import { cutoverSteps } from "./cutover.ts"
import { encryptedCopyId, encryptedSnapshotId, sourceSnapshotId } from "./identifiers.ts"
import { readItemInstance } from "./instance-modification.ts"
import { waitForInstance, waitForSnapshot } from "./instance-waits.ts"
import { journaledStep, type StepRecord } from "./journaled-step.ts"
import type { ActionResult, RemediationAction } from "./remediation-action.ts"
import { RemediationFailure } from "./remediation-failure.ts"
import { evaluateInstance, isResolved } from "./verification.ts"

/** The tag that marks an instance as the encrypted copy Rampart restored for a source. */
export const encryptedCopyTag = "rampart:encrypted-copy-of"
/** The tag that names the remediation that made a snapshot or copy. */
export const remediationTag = "rampart:remediation"

const nowDate = Clock.currentTimeMillis.pipe(Effect.map((millis) => new Date(millis)))

const tagOf = (instance: DBInstance, key: string): string | undefined =>
  instance.TagList?.find((tag) => tag.Key === key)?.Value

/** Why an instance cannot be encrypted by snapshot and restore here; undefined when it can. */
const notSupported = (instance: DBInstance): string | undefined => {
  const id = instance.DBInstanceIdentifier
  if (instance.DBClusterIdentifier !== undefined)
    return `not supported: Aurora instance ${id} takes its encryption from cluster ${instance.DBClusterIdentifier}; encrypt the cluster (CreateDBClusterSnapshot, RestoreDBClusterFromSnapshot with KmsKeyId, then create its instances), which Rampart does not automate`
  const replicaOf =
    instance.ReadReplicaSourceDBInstanceIdentifier ?? instance.ReadReplicaSourceDBClusterIdentifier
  if (replicaOf !== undefined)
    return `not supported: ${id} is a read replica of ${replicaOf}; encrypt the source, then create the replica again from the encrypted instance`
  return undefined
}

/**
 * Encrypts an instance the only way RDS allows: snapshot it, copy the snapshot with the policy's KMS key (the copy
 * is encrypted), restore the copy under `<source>-rampart-encrypted` with the source's settings, wait until it is
 * available and verify it with the rule. The source is never deleted or changed; the result says how to cut over.
 * Each step is journaled and repeatable (names are fixed per source and remediation), so a resumed run goes on
 * from the step it reached, and a source whose encrypted copy exists is not copied again.
 */
export const encryptRds: RemediationAction = {
  id: "encrypt-rds",
  answers: "RDS_STORAGE_ENCRYPTED",
  summary:
    "Snapshot, copy the snapshot with the remediation KMS key, restore it as <source>-rampart-encrypted; cut over by hand.",
  notSupported,
  run: (context) =>
    Effect.gen(function* () {
      const { item, rds, remediationId, waits } = context
      const place = { accountId: item.accountId, region: item.region }
      const source = yield* readItemInstance(context)
      const sourceVerdict = evaluateInstance(source, item.rule, place, yield* nowDate)
      if (isResolved(sourceVerdict))
        return { outcome: "already-compliant", verification: sourceVerdict, steps: [] } satisfies ActionResult
      const unsupported = notSupported(source)
      if (unsupported !== undefined)
        return yield* Effect.fail(new RemediationFailure({ message: unsupported }))
      const copyId = encryptedCopyId(item.instanceId)
      const snapshotId = sourceSnapshotId(item.instanceId, remediationId)
      const encryptedId = encryptedSnapshotId(item.instanceId, remediationId)
      const tags = { [remediationTag]: remediationId, [encryptedCopyTag]: item.instanceId }
      const steps: StepRecord[] = []
      const record = (step: StepRecord) => {
        steps.push(step)
        context.onStep(step)
      }
      /** The journaled restore of the encrypted copy, whatever makes it (the call, or finding it made). */
      const restoreStep = <E, R>(mutation: Effect.Effect<"done" | "already-so", E, R>) =>
        journaledStep(
          remediationId,
          item,
          "restore",
          { before: { instance: null }, after: { instance: copyId, snapshot: encryptedId } },
          mutation,
        )
      const existing = yield* rds.describeDBInstance(copyId)
      if (existing === undefined) {
        // The snapshot needs the source available (not being modified by an earlier action).
        yield* waitForInstance(rds, item.instanceId, waits)
        record(
          yield* journaledStep(
            remediationId,
            item,
            "snapshot",
            {
              before: { storageEncrypted: source.StorageEncrypted ?? false },
              after: { snapshot: snapshotId },
            },
            rds
              .createDBSnapshot({ instanceId: item.instanceId, snapshotId, tags })
              .pipe(Effect.map((r) => (r === "created" ? "done" : "already-so"))),
          ),
        )
        yield* waitForSnapshot(rds, snapshotId, waits)
        record(
          yield* journaledStep(
            remediationId,
            item,
            "copy",
            {
              before: { snapshot: snapshotId },
              after: { snapshot: encryptedId, kmsKeyId: context.policy.kmsKeyAlias },
            },
            rds
              .copyDBSnapshot({
                sourceSnapshotId: snapshotId,
                targetSnapshotId: encryptedId,
                kmsKeyId: context.policy.kmsKeyAlias,
                tags,
              })
              .pipe(Effect.map((r) => (r === "created" ? "done" : "already-so"))),
          ),
        )
        const copy = yield* waitForSnapshot(rds, encryptedId, waits)
        if (copy.Encrypted !== true)
          return yield* Effect.fail(
            new RemediationFailure({
              message: `snapshot copy ${encryptedId} is not encrypted; check the KMS key`,
            }),
          )
        record(
          yield* restoreStep(
            rds
              .restoreDBInstanceFromDBSnapshot({
                instanceId: copyId,
                snapshotId: encryptedId,
                like: source,
                tags,
              })
              .pipe(Effect.map((r) => (r === "created" ? "done" : "already-so"))),
          ),
        )
      } else if (tagOf(existing, encryptedCopyTag) !== item.instanceId) {
        return yield* Effect.fail(
          new RemediationFailure({
            message: `an instance named ${copyId} exists that Rampart did not restore from ${item.instanceId} (it lacks the tag ${encryptedCopyTag}=${item.instanceId}); rename or remove it`,
          }),
        )
      } else if (context.journaledSteps.has("restore")) {
        // Stopped between the restore call and its journaled outcome: the copy is there, so close the entry.
        record(yield* restoreStep(Effect.succeed("already-so" as const)))
      }
      const replacement = yield* waitForInstance(rds, copyId, waits)
      const verification = evaluateInstance(replacement, item.rule, place, yield* nowDate)
      if (!isResolved(verification))
        return yield* Effect.fail(
          new RemediationFailure({
            message: `the copy ${copyId} is ${verification.compliance} for ${item.rule.name}: ${verification.annotation ?? "no annotation"}`,
            verification,
          }),
        )
      const madeBy = tagOf(replacement, remediationTag) ?? remediationId
      const takenAt = (yield* rds.describeDBSnapshot(sourceSnapshotId(item.instanceId, madeBy)))
        ?.SnapshotCreateTime
      return {
        outcome: steps.length > 0 || madeBy === remediationId ? "remediated" : "already-compliant",
        verification,
        steps,
        replacement: copyId,
        cutover: cutoverSteps(source, replacement, {
          source: sourceSnapshotId(item.instanceId, madeBy),
          encrypted: encryptedSnapshotId(item.instanceId, madeBy),
          ...(takenAt === undefined ? {} : { takenAt: takenAt.toISOString() }),
        }),
      } satisfies ActionResult
    }),
}
