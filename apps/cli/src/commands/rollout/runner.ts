import { Sts } from "@rampart/aws"
import { isSettled, rolloutRunnerLayer, settledStatuses, waveChecksLive } from "@rampart/rollout"
import { findRollout, type RolloutEvent, rolloutEvents } from "@rampart/store"
import { Effect, Layer } from "effect"
import type { Output } from "../../output.ts"
import { rolloutAwsLayer } from "../../rollout-layers.ts"
import { storeLayer, storeUrl } from "../../store-location.ts"

/**
 * Everything a rollout command runs with: AWS, the store, the wave checks, and a workflow runner in this process
 * (one process on the embedded store; shared with other runner processes on PostgreSQL).
 */
export const rolloutLayer = (options: Readonly<Record<string, unknown>>) => {
  const aws = rolloutAwsLayer(options)
  const store = storeLayer(options)
  const shared = storeUrl(options) !== undefined
  const base = Layer.mergeAll(aws, store, waveChecksLive.pipe(Layer.provide(aws)))
  return rolloutRunnerLayer(shared ? "shared" : "one-process").pipe(Layer.provideMerge(base))
}

/** Who is acting: the caller's AWS identity (an assumed role's session name tells people apart). */
export const callerIdentity = Sts.use((sts) => sts.getCallerIdentity()).pipe(
  Effect.map((identity) => identity.arn),
)

const describe = (event: RolloutEvent): string => {
  const detail = event.detail as Record<string, unknown> | undefined
  const wave = event.wave !== undefined ? `wave ${event.wave}: ` : ""
  switch (event.kind) {
    case "gate-passed":
    case "gate-failed":
      return `${wave}${String(detail?.gate)} gate ${event.kind === "gate-passed" ? "passed" : "FAILED"}: ${String(detail?.reason)}`
    case "wave-planned":
      return `${wave}${String(detail?.changes)} changes planned`
    case "wave-applied":
      return `${wave}applied ${String(detail?.applied)}, already applied ${String(detail?.alreadyApplied)}, ${(detail?.failures as unknown[] | undefined)?.length ?? 0} failed`
    case "change-failed":
      return `${wave}failed: ${String(detail?.summary)}`
    case "soak-started":
      return `${wave}soaking ${String(detail?.seconds)} s`
    case "approval-requested":
      return `${wave}waiting for approval (rampart rollout approve ${event.rolloutId})`
    case "paused":
      return `${wave}paused: ${String(detail?.reason)} (rampart rollout resume ${event.rolloutId})`
    case "halted":
      return `${wave}halted: ${String(detail?.reason)}`
    case "rollback-started":
      return `rolling back: ${String(detail?.reason)}`
    case "rollback-skipped":
      return `could not restore ${String(detail?.key)}: ${String(detail?.message)}`
    case "rolled-back":
      return `rolled back: ${String(detail?.restored)} restored, ${(detail?.skipped as unknown[] | undefined)?.length ?? 0} skipped`
    default:
      return `${wave}${event.kind.replaceAll("-", " ")}${event.actor ? ` by ${event.actor}` : ""}`
  }
}

/**
 * Keeps this process's runner going until the rollout needs a person (an approval, a paused step) or is over,
 * printing what happens. With `untilFinished`, waits through parked states too (another process approves or
 * resumes, on a shared PostgreSQL store).
 */
export const followRollout = (
  rolloutId: string,
  out: Output,
  options: { readonly untilFinished: boolean; readonly quiet: boolean; readonly eventsSeen: number },
) =>
  Effect.gen(function* () {
    let seen = options.eventsSeen
    for (;;) {
      const record = yield* findRollout(rolloutId)
      const events = yield* rolloutEvents(rolloutId)
      if (!options.quiet)
        for (const event of events.slice(seen)) out.stderr(`${event.at.slice(11, 19)} ${describe(event)}\n`)
      seen = events.length
      if (record === undefined) return
      const finished = (settledStatuses as ReadonlyArray<string>).includes(record.status)
      if (finished || (!options.untilFinished && isSettled(record, events))) return
      yield* Effect.sleep("250 millis")
    }
  })
