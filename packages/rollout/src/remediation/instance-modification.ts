import type { DBInstance, DBInstanceModification } from "@rampart/aws"
import { Clock, Effect } from "effect"
import { waitForInstance } from "./instance-waits.ts"
import { journaledStep, type StepRecord } from "./journaled-step.ts"
import type { ActionContext, ActionResult, RemediationAction } from "./remediation-action.ts"
import { RemediationFailure } from "./remediation-failure.ts"
import type { RemediationActionId } from "./remediation-item.ts"
import type { RemediationPolicy } from "./remediation-policy.ts"
import { evaluateInstance, isResolved } from "./verification.ts"

/** What an in-place modification sets, and how to read the current values it replaces. */
export interface ModificationSpec {
  readonly id: RemediationActionId
  readonly answers: string
  readonly summary: string
  readonly notSupported: (instance: DBInstance) => string | undefined
  /** The settings to change, from the policy. */
  readonly change: (policy: RemediationPolicy) => Omit<DBInstanceModification, "instanceId">
  /** The same settings as the instance has them now: the journal's before-state. */
  readonly current: (instance: DBInstance) => Readonly<Record<string, unknown>>
}

const modifyStep = "modify"

/** Reads the instance the item names, refusing one whose identifier now belongs to another resource. */
export const readItemInstance = (context: ActionContext) =>
  Effect.gen(function* () {
    const { item, rds } = context
    const instance = yield* rds.describeDBInstance(item.instanceId)
    if (instance === undefined)
      return yield* Effect.fail(
        new RemediationFailure({ message: `DB instance ${item.instanceId} no longer exists; rescan` }),
      )
    if (instance.DbiResourceId !== undefined && instance.DbiResourceId !== item.resourceId)
      return yield* Effect.fail(
        new RemediationFailure({
          message: `DB instance ${item.instanceId} is now resource ${instance.DbiResourceId}, not ${item.resourceId} of the finding (deleted and recreated?); rescan`,
        }),
      )
    return instance
  })

const nowDate = Clock.currentTimeMillis.pipe(Effect.map((millis) => new Date(millis)))

/**
 * An action that changes settings of the instance in place with ModifyDBInstance (applied immediately): skipped
 * when the rule already holds, journaled, then verified once the instance is available with nothing pending.
 */
export const modificationAction = (spec: ModificationSpec): RemediationAction => ({
  id: spec.id,
  answers: spec.answers,
  summary: spec.summary,
  notSupported: spec.notSupported,
  run: (context) =>
    Effect.gen(function* () {
      const { item, rds, remediationId } = context
      const place = { accountId: item.accountId, region: item.region }
      const instance = yield* readItemInstance(context)
      const changedEarlier = context.journaledSteps.has(modifyStep)
      const before = evaluateInstance(instance, item.rule, place, yield* nowDate)
      if (isResolved(before) && !changedEarlier)
        return { outcome: "already-compliant", verification: before, steps: [] } satisfies ActionResult
      // Not yet compliant: wait for any change still applying (RDS refuses a new one), then make this one. Already
      // compliant after an earlier run of this remediation journaled the change: close its entry without a call.
      if (!isResolved(before)) yield* waitForInstance(rds, item.instanceId, context.waits)
      const change = spec.change(context.policy)
      const step = yield* journaledStep(
        remediationId,
        item,
        modifyStep,
        { before: spec.current(instance), after: change },
        isResolved(before)
          ? Effect.succeed("already-so" as const)
          : rds.modifyDBInstance({ instanceId: item.instanceId, ...change }).pipe(Effect.as("done" as const)),
      )
      const steps: ReadonlyArray<StepRecord> = [step]
      context.onStep(step)
      const settled = yield* waitForInstance(rds, item.instanceId, context.waits)
      const verification = evaluateInstance(settled, item.rule, place, yield* nowDate)
      if (!isResolved(verification))
        return yield* Effect.fail(
          new RemediationFailure({
            message: `${item.rule.name} is still ${verification.compliance} for ${item.instanceId} after ${spec.id}: ${verification.annotation ?? "no annotation"}`,
            verification,
          }),
        )
      return { outcome: "remediated", verification, steps } satisfies ActionResult
    }),
})

/** Why Aurora instances are left to their cluster for a setting the cluster holds. */
export const setOnCluster = (what: string) => (instance: DBInstance) =>
  instance.DBClusterIdentifier === undefined
    ? undefined
    : `not supported: ${what} of Aurora instance ${instance.DBInstanceIdentifier} is set on its cluster ${instance.DBClusterIdentifier}; change the cluster`
