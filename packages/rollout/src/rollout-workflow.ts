import { type CredentialBroker, type Organizations, type OrganizationTree, Sts } from "@rampart/aws"
import type { Wave } from "@rampart/model"
import { findRollout, type RolloutStatus, recordRolloutEvent, setRolloutStatus } from "@rampart/store"
import { Effect, Schema } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import { Activity, DurableClock, DurableDeferred, Workflow } from "effect/workflow"
import type { ConvergeServices } from "./converge.ts"
import { rollBack } from "./journaled-change.ts"
import { planOrganization } from "./organization-plan.ts"
import type { Change } from "./plan.ts"
import { type RolloutInputs, rolloutInputs } from "./rollout-inputs.ts"
import { applyWave, type WaveApplyResult } from "./wave-apply.ts"
import { type GateOutcome, WaveChecks } from "./wave-checks.ts"

/** A rollout: its waves, one after the other, each gated, as one durable workflow per rollout id. */
export const RolloutWorkflow = Workflow.make("RampartRollout", {
  payload: { rolloutId: Schema.String },
  idempotencyKey: ({ rolloutId }) => rolloutId,
  success: Schema.String,
})

/** A step of a rollout that failed for a reason a person has to deal with; the rollout parks until resumed. */
export class StepFailed extends Schema.TaggedError<StepFailed>()("StepFailed", { message: Schema.String }) {}

/** Where a rollout parks, by name: approvals carry the approver, resumptions nothing. */
export const approvalSignal = (wave: string) =>
  DurableDeferred.make(`approval:${wave}`, { success: Schema.String })
export const resumeSignal = (name: string) => DurableDeferred.make(`resume:${name}`)

/** Event kinds a rollout records. */
export const parkedKinds = { approval: "approval-requested", paused: "paused" } as const

type Services = ConvergeServices | SqlClient | WaveChecks | Organizations | CredentialBroker | Sts

const failed = (error: unknown): StepFailed =>
  new StepFailed({
    message:
      typeof error === "object" && error !== null && "message" in error
        ? `${(error as { _tag?: string })._tag ?? "Error"}: ${String((error as { message: unknown }).message)}`
        : String(error),
  })

const at = () => new Date()

const event = (rolloutId: string, kind: string, wave: string | undefined, detail?: unknown) =>
  recordRolloutEvent(
    { rolloutId, kind, ...(wave !== undefined ? { wave } : {}), ...(detail !== undefined ? { detail } : {}) },
    at(),
  )

const status = (rolloutId: string, value: RolloutStatus, message?: string) =>
  setRolloutStatus(rolloutId, value, at(), message)

/** The body of a step, given the rollout's inputs. */
type StepBody<A> = (inputs: RolloutInputs) => Effect.Effect<A, unknown, Services>

const waveOf = (inputs: RolloutInputs, name: string): Wave =>
  inputs.config.waves.find((w) => w.name === name) as Wave

/** The changes a wave's plan step found, with what the gates need of the tree. */
interface WavePlanResult {
  readonly changes: ReadonlyArray<Change>
  readonly accounts: ReadonlyArray<string>
  readonly unreadable: ReadonlyArray<{ readonly key: string; readonly reason: string }>
  readonly tree: OrganizationTree
}

/**
 * The rollout workflow. Per wave: wait for approval where the wave asks for it; plan the wave against the
 * organization as it is now; read the health baseline; run the impact gate when the wave attaches SCPs; apply
 * (max concurrency, error budget); soak; run the health gates. A failed gate rolls the whole rollout back or halts
 * it, as the wave says. A step that fails (AWS unreachable, a plan problem) parks the rollout as paused with the
 * reason, until `rampart rollout resume`. Every side effect is an activity, so a resumed workflow replays the
 * completed ones from the store and carries on from the first that did not complete.
 */
export const rolloutWorkflowLayer = RolloutWorkflow.toLayer(({ rolloutId }) =>
  Effect.gen(function* () {
    /** Runs a step as an activity; when it fails, parks the rollout and tries again once resumed. */
    const step = <S extends Schema.Top>(name: string, success: S, body: StepBody<S["Type"]>) =>
      Effect.gen(function* () {
        for (let attempt = 1; ; attempt++) {
          const activity = Activity.make({
            name: `${name}#${attempt}`,
            success,
            error: StepFailed,
            execute: rolloutInputs(rolloutId).pipe(
              Effect.flatMap((inputs) => body(inputs)),
              Effect.mapError(failed),
            ) as Effect.Effect<S["Type"], StepFailed, Services>,
          })
          const result = yield* Effect.result(activity)
          if (result._tag === "Success") return result.success as S["Type"]
          const signal = `${name}#${attempt}`
          yield* Activity.make({
            name: `park:${signal}`,
            execute: Effect.all([
              status(rolloutId, "paused", `${name} failed: ${result.failure.message}`),
              event(rolloutId, parkedKinds.paused, undefined, { signal, reason: result.failure.message }),
            ]).pipe(Effect.orDie),
          })
          yield* DurableDeferred.await(resumeSignal(signal))
        }
      })
    const note = (name: string, body: (inputs: RolloutInputs) => Effect.Effect<void, unknown, Services>) =>
      step(name, Schema.Void, body)

    const waves = yield* step("waves", Schema.Array(Schema.String), (inputs) =>
      Effect.succeed(inputs.config.waves.map((w) => w.name)),
    )
    const rollBackAll = (reason: string) =>
      Effect.gen(function* () {
        yield* note("rollback-started", () =>
          Effect.all([
            status(rolloutId, "rolling-back", reason),
            event(rolloutId, "rollback-started", undefined, { reason }),
          ]),
        )
        yield* note("rollback", (inputs) =>
          rollBack(rolloutId, inputs.converge, at(), (r) =>
            r.outcome === "skipped"
              ? event(rolloutId, "rollback-skipped", undefined, r).pipe(Effect.orDie)
              : Effect.void,
          ).pipe(
            Effect.flatMap((restorations) =>
              Effect.all([
                status(rolloutId, "rolled-back", reason),
                event(rolloutId, "rolled-back", undefined, {
                  restored: restorations.filter((r) => r.outcome !== "skipped").length,
                  skipped: restorations.filter((r) => r.outcome === "skipped"),
                }),
              ]),
            ),
          ),
        )
        return "rolled-back"
      })
    const halt = (wave: string, reason: string) =>
      note(`halt:${wave}`, () =>
        Effect.all([status(rolloutId, "halted", reason), event(rolloutId, "halted", wave, { reason })]),
      ).pipe(Effect.as("halted"))
    const gateFailed = (wave: string, onGateFailure: Wave["onGateFailure"], outcome: GateOutcome) =>
      onGateFailure === "rollback"
        ? rollBackAll(`wave ${wave}: ${outcome.gate} gate failed: ${outcome.reason}`)
        : halt(wave, `${outcome.gate} gate failed: ${outcome.reason}`)

    for (const wave of waves) {
      const settings = yield* step(
        `settings:${wave}`,
        Schema.Struct({
          approval: Schema.Boolean,
          soakSeconds: Schema.Number,
          onGateFailure: Schema.Literals(["rollback", "halt"]),
        }),
        (inputs) => {
          const w = waveOf(inputs, wave)
          return Effect.succeed({
            approval: w.approval,
            soakSeconds: inputs.settings.soakSeconds ?? w.soakSeconds,
            onGateFailure: w.onGateFailure,
          })
        },
      )
      // A pause asked for with `rampart rollout pause` takes effect here, between waves.
      const pauseAsked = yield* step(`checkpoint:${wave}`, Schema.Boolean, () =>
        findRollout(rolloutId).pipe(
          Effect.map((r) => r?.status === "paused"),
          Effect.tap((paused) =>
            paused
              ? event(rolloutId, parkedKinds.paused, wave, {
                  signal: `checkpoint:${wave}`,
                  reason: "paused by request",
                })
              : Effect.void,
          ),
        ),
      )
      if (pauseAsked) yield* DurableDeferred.await(resumeSignal(`checkpoint:${wave}`))
      if (settings.approval) {
        yield* note(`approval-requested:${wave}`, () =>
          Effect.all([
            status(rolloutId, "waiting-for-approval", `wave ${wave} waits for approval`),
            event(rolloutId, parkedKinds.approval, wave, { signal: wave }),
          ]),
        )
        yield* DurableDeferred.await(approvalSignal(wave))
        yield* note(`approved:${wave}`, () => status(rolloutId, "running"))
      }
      // The wave's start on AWS's clock, which stamps the CloudTrail events its health gates count.
      const startedAt = yield* step(`start:${wave}`, Schema.String, () =>
        Effect.gen(function* () {
          const now = yield* Sts.use((sts) => sts.serverTime())
          yield* status(rolloutId, "running", `wave ${wave}`)
          yield* event(rolloutId, "wave-started", wave, { awsTime: now.toISOString() })
          return now.toISOString()
        }),
      )
      const planned = JSON.parse(
        yield* step(`plan:${wave}`, Schema.String, (inputs) =>
          Effect.gen(function* () {
            const { plan, desired, tree } = yield* planOrganization(
              inputs.config,
              inputs.catalog,
              inputs.converge.access,
              at(),
              { wave },
            )
            if (plan.problems.length > 0) return yield* new StepFailed({ message: plan.problems.join("; ") })
            const changes = plan.waves[0]?.changes ?? []
            const accounts = [...desired.accountWaves].filter(([, w]) => w === wave).map(([a]) => a)
            yield* event(rolloutId, "wave-planned", wave, {
              changes: changes.length,
              unreadable: plan.unreadable,
              irreversible: changes.flatMap((c) => (c.irreversible ? [c.irreversible] : [])),
            })
            const result: WavePlanResult = {
              changes,
              accounts,
              unreadable: plan.unreadable,
              tree,
            }
            return JSON.stringify(result)
          }),
        ),
      ) as WavePlanResult
      const baseline = yield* step(`baseline:${wave}`, Schema.String, (inputs) =>
        WaveChecks.use((checks) => checks.baseline(inputs, waveOf(inputs, wave), planned.accounts)).pipe(
          Effect.map((b) => JSON.stringify(b ?? null)),
        ),
      )
      if (planned.changes.some((c) => c.after.kind === "scp-attachment" || c.after.kind === "scp-policy")) {
        const impact = JSON.parse(
          yield* step(`impact:${wave}`, Schema.String, (inputs) =>
            WaveChecks.use((checks) =>
              checks.impact(inputs, waveOf(inputs, wave), planned.changes, planned.tree),
            ).pipe(
              Effect.tap((outcome) =>
                event(rolloutId, outcome.passed ? "gate-passed" : "gate-failed", wave, outcome),
              ),
              Effect.map((outcome) => JSON.stringify(outcome)),
            ),
          ),
        ) as GateOutcome
        // Nothing is applied yet: a failed impact gate stops the rollout here, whatever the wave's onGateFailure.
        if (!impact.passed) return yield* halt(wave, `impact gate: ${impact.reason}`)
      }
      const applied = JSON.parse(
        yield* step(`apply:${wave}`, Schema.String, (inputs) =>
          applyWave(rolloutId, waveOf(inputs, wave), planned.changes, inputs.converge, at(), (progress) =>
            progress.outcome === "failed"
              ? event(rolloutId, "change-failed", wave, {
                  key: progress.change.key,
                  summary: progress.change.summary,
                }).pipe(Effect.orDie)
              : Effect.void,
          ).pipe(
            Effect.tap((result) => event(rolloutId, "wave-applied", wave, result)),
            Effect.map((result) => JSON.stringify(result)),
          ),
        ),
      ) as WaveApplyResult
      if (applied.budgetExceeded) {
        const first = applied.failures[0]
        const outcome: GateOutcome = {
          gate: "error-budget",
          passed: false,
          reason: `${applied.failedAccounts.length} of ${applied.accounts} accounts failed, the error budget allows ${applied.errorBudget}${applied.failures.length > applied.failedAccounts.length ? ", and an SCP change failed" : ""}; first failure: ${first?.key ?? ""}: ${first?.message ?? ""}`,
          detail: applied.failures,
        }
        yield* note(`apply-gate:${wave}`, () => event(rolloutId, "gate-failed", wave, outcome))
        return yield* gateFailed(wave, settings.onGateFailure, outcome)
      }
      if (settings.soakSeconds > 0) {
        yield* note(`soak-started:${wave}`, () =>
          event(rolloutId, "soak-started", wave, { seconds: settings.soakSeconds }),
        )
        yield* DurableClock.sleep({ name: `soak:${wave}`, duration: `${settings.soakSeconds} seconds` })
      }
      const gates = JSON.parse(
        yield* step(`health:${wave}`, Schema.String, (inputs) =>
          WaveChecks.use((checks) =>
            checks.health(
              inputs,
              waveOf(inputs, wave),
              planned.accounts,
              new Date(startedAt),
              JSON.parse(baseline),
            ),
          ).pipe(
            Effect.tap((outcomes) =>
              Effect.forEach(
                outcomes,
                (o) => event(rolloutId, o.passed ? "gate-passed" : "gate-failed", wave, o),
                { discard: true },
              ),
            ),
            Effect.map((outcomes) => JSON.stringify(outcomes)),
          ),
        ),
      ) as ReadonlyArray<GateOutcome>
      const failedGate = gates.find((g) => !g.passed)
      if (failedGate !== undefined) return yield* gateFailed(wave, settings.onGateFailure, failedGate)
      yield* note(`wave-done:${wave}`, () => event(rolloutId, "wave-completed", wave))
    }
    yield* note("completed", () =>
      Effect.all([status(rolloutId, "completed"), event(rolloutId, "completed", undefined)]),
    )
    return "completed"
  }),
)
