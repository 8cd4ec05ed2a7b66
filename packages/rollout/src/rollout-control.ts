import {
  createRollout,
  findRollout,
  type RolloutEvent,
  type RolloutRecord,
  recordRolloutEvent,
  rolloutEvents,
  setRolloutStatus,
} from "@rampart/store"
import { Data, Effect, Layer } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { DurableDeferred, type WorkflowEngine } from "effect/workflow"
import type { ConvergeServices } from "./converge.ts"
import { type Restoration, rollBack } from "./journaled-change.ts"
import { type RolloutInputsUnavailable, type RolloutSettings, rolloutInputs } from "./rollout-inputs.ts"
import {
  approvalSignal,
  parkedKinds,
  RolloutWorkflow,
  resumeSignal,
  rolloutWorkflowLayer,
} from "./rollout-workflow.ts"
import { type Runners, workflowEngineLayer } from "./workflow-engine.ts"

/** A request about a rollout that cannot be honoured as asked; nothing was changed. */
export class RolloutRefused extends Data.TaggedError("RolloutRefused")<{ readonly message: string }> {}

/** The workflow engine with the rollout workflow registered: what a process needs to run rollouts. */
export const rolloutRunnerLayer = (runners: Runners) =>
  rolloutWorkflowLayer.pipe(Layer.provideMerge(workflowEngineLayer(runners)))

/** Statuses in which the rollout needs nothing more from a runner until a person acts. */
export const settledStatuses = ["completed", "halted", "rolled-back", "failed"] as const

/** Whether a rollout is parked or finished: nothing moves until a person acts (or ever). */
export const isSettled = (record: RolloutRecord, events: ReadonlyArray<RolloutEvent>): boolean => {
  if ((settledStatuses as ReadonlyArray<string>).includes(record.status)) return true
  const last = events.at(-1)?.kind
  if (record.status === "waiting-for-approval") return last === parkedKinds.approval
  if (record.status === "paused") return last === parkedKinds.paused
  return false
}

const existing = (rolloutId: string) =>
  findRollout(rolloutId).pipe(
    Effect.flatMap((record) =>
      record === undefined
        ? Effect.fail(new RolloutRefused({ message: `no rollout ${rolloutId}` }))
        : Effect.succeed(record),
    ),
  )

/**
 * Records a rollout and starts its workflow. The id is the idempotency key: starting the same id again is refused
 * (resume it instead). The inputs are checked before anything is recorded.
 */
export const startRollout = (
  rolloutId: string,
  startedBy: string,
  settings: RolloutSettings,
): Effect.Effect<
  void,
  RolloutRefused | RolloutInputsUnavailable | SqlError,
  SqlClient | WorkflowEngine.WorkflowEngine
> =>
  Effect.gen(function* () {
    const created = yield* createRollout({ id: rolloutId, startedBy, settings }, new Date())
    if (!created)
      return yield* new RolloutRefused({
        message: `rollout ${rolloutId} exists already; resume it, or choose another id`,
      })
    yield* rolloutInputs(rolloutId)
    yield* recordRolloutEvent({ rolloutId, kind: "started", actor: startedBy }, new Date())
    yield* RolloutWorkflow.execute({ rolloutId }, { discard: true })
  })

/**
 * Approves the wave a rollout waits for. The approver must not be the person who started the rollout: a
 * rollout is approved by a second pair of eyes.
 */
export const approveRollout = (
  rolloutId: string,
  approver: string,
): Effect.Effect<string, RolloutRefused | SqlError, SqlClient | WorkflowEngine.WorkflowEngine> =>
  Effect.gen(function* () {
    const record = yield* existing(rolloutId)
    const events = yield* rolloutEvents(rolloutId)
    const asked = [...events].reverse().find((e) => e.kind === parkedKinds.approval)
    if (record.status !== "waiting-for-approval" || asked?.wave === undefined)
      return yield* new RolloutRefused({
        message: `rollout ${rolloutId} is ${record.status}, not waiting for an approval`,
      })
    if (approver === record.startedBy)
      return yield* new RolloutRefused({
        message: `${approver} started rollout ${rolloutId} and cannot approve it: another person must`,
      })
    const wave = asked.wave
    yield* recordRolloutEvent({ rolloutId, kind: "approved", wave, actor: approver }, new Date())
    yield* setRolloutStatus(rolloutId, "running", new Date(), `wave ${wave} approved by ${approver}`)
    const token = yield* DurableDeferred.tokenFromPayload(approvalSignal(wave), {
      workflow: RolloutWorkflow,
      payload: { rolloutId },
    })
    yield* DurableDeferred.succeed(approvalSignal(wave), { token, value: approver })
    return wave
  })

/** Asks a running rollout to pause before its next wave. */
export const pauseRollout = (
  rolloutId: string,
  actor: string,
): Effect.Effect<void, RolloutRefused | SqlError, SqlClient> =>
  Effect.gen(function* () {
    const record = yield* existing(rolloutId)
    if (record.status !== "running" && record.status !== "waiting-for-approval")
      return yield* new RolloutRefused({
        message: `rollout ${rolloutId} is ${record.status}; only a running rollout pauses`,
      })
    yield* recordRolloutEvent({ rolloutId, kind: "pause-requested", actor }, new Date())
    yield* setRolloutStatus(
      rolloutId,
      "paused",
      new Date(),
      `pause requested by ${actor}; takes effect before the next wave`,
    )
  })

/**
 * Resumes a rollout: a paused one is released from where it parked, and in every case the workflow is run again
 * from the store, which carries on after the last completed step (after a crash, after a runner stopped).
 */
export const resumeRollout = (
  rolloutId: string,
  actor: string,
): Effect.Effect<void, RolloutRefused | SqlError, SqlClient | WorkflowEngine.WorkflowEngine> =>
  Effect.gen(function* () {
    const record = yield* existing(rolloutId)
    if ((settledStatuses as ReadonlyArray<string>).includes(record.status))
      return yield* new RolloutRefused({
        message: `rollout ${rolloutId} is ${record.status}; there is nothing to resume`,
      })
    const events = yield* rolloutEvents(rolloutId)
    const parked = [...events].reverse().find((e) => e.kind === parkedKinds.paused)
    const signal = (parked?.detail as { signal?: string } | undefined)?.signal
    yield* recordRolloutEvent({ rolloutId, kind: "resumed", actor }, new Date())
    if (record.status === "paused") {
      yield* setRolloutStatus(rolloutId, "running", new Date(), `resumed by ${actor}`)
      if (signal !== undefined) {
        const token = yield* DurableDeferred.tokenFromPayload(resumeSignal(signal), {
          workflow: RolloutWorkflow,
          payload: { rolloutId },
        })
        yield* DurableDeferred.succeed(resumeSignal(signal), { token, value: undefined })
      }
    }
    yield* RolloutWorkflow.execute({ rolloutId }, { discard: true })
  })

/**
 * Rolls a rollout back at once, whatever it is doing: its workflow is stopped, then every resource it changed is
 * restored to its journaled before-state (see `rollBack`). Repeating it after an interruption finishes the job.
 */
export const rollBackRollout = (
  rolloutId: string,
  actor: string,
  onRestored: (restoration: Restoration) => Effect.Effect<void> = () => Effect.void,
): Effect.Effect<
  ReadonlyArray<Restoration>,
  RolloutRefused | RolloutInputsUnavailable | SqlError | Effect.Error<ReturnType<typeof rollBack>>,
  SqlClient | WorkflowEngine.WorkflowEngine | ConvergeServices
> =>
  Effect.gen(function* () {
    const record = yield* existing(rolloutId)
    if (record.status === "rolled-back")
      return yield* new RolloutRefused({ message: `rollout ${rolloutId} is rolled back already` })
    const inputs = yield* rolloutInputs(rolloutId)
    yield* recordRolloutEvent(
      { rolloutId, kind: "rollback-started", actor, detail: { reason: `asked by ${actor}` } },
      new Date(),
    )
    yield* setRolloutStatus(rolloutId, "rolling-back", new Date(), `rollback asked by ${actor}`)
    const executionId = yield* RolloutWorkflow.executionId({ rolloutId })
    yield* RolloutWorkflow.interrupt(executionId)
    const restorations = yield* rollBack(rolloutId, inputs.converge, new Date(), onRestored)
    const skipped = restorations.filter((r) => r.outcome === "skipped")
    yield* recordRolloutEvent(
      {
        rolloutId,
        kind: "rolled-back",
        actor,
        detail: { restored: restorations.length - skipped.length, skipped },
      },
      new Date(),
    )
    yield* setRolloutStatus(rolloutId, "rolled-back", new Date(), `rolled back by ${actor}`)
    return restorations
  })
