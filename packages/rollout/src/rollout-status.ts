import {
  findRollout,
  type JournalEntry,
  type RolloutEvent,
  type RolloutRecord,
  rolloutEvents,
  rolloutJournal,
} from "@rampart/store"
import { Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { restoreAction } from "./journaled-change.ts"
import type { RolloutSettings } from "./rollout-inputs.ts"
import type { GateOutcome } from "./wave-checks.ts"

/** Where one target (an account, or an OU for SCPs) of a wave stands. */
export interface TargetStatus {
  readonly target: string
  readonly applied: number
  readonly failed: number
  readonly rolledBack: number
  readonly pending: number
  readonly messages: ReadonlyArray<string>
}

export type WaveState =
  | "pending"
  | "waiting-for-approval"
  | "running"
  | "soaking"
  | "completed"
  | "halted"
  | "gate-failed"
  | "rolled-back"

/** One wave of a rollout: where it stands, its gates, and its targets. */
export interface WaveStatus {
  readonly name: string
  readonly state: WaveState
  readonly startedAt?: string
  readonly approvedBy?: string
  readonly plannedChanges?: number
  readonly gates: ReadonlyArray<GateOutcome>
  readonly targets: ReadonlyArray<TargetStatus>
}

/** A rollout as `rampart rollout status` shows it. */
export interface RolloutStatusView {
  readonly rollout: RolloutRecord
  readonly waves: ReadonlyArray<WaveStatus>
  readonly restorations: {
    readonly restored: number
    readonly skipped: ReadonlyArray<{ readonly key: string; readonly message?: string }>
  }
  readonly events: ReadonlyArray<RolloutEvent>
}

const targetOf = (entry: JournalEntry): string => {
  const [kind, rest = ""] = entry.target.split(/:(.*)/s)
  if (kind === "scp-attachment" || kind === "scp-policy") return rest.split("@")[1] ?? rest
  return rest.split(":")[0] ?? rest
}

/** The waves of a rollout, their gates and targets, from its events and journal. */
export const rolloutStatusView = (
  rolloutId: string,
): Effect.Effect<RolloutStatusView | undefined, SqlError, SqlClient> =>
  Effect.gen(function* () {
    const rollout = yield* findRollout(rolloutId)
    if (rollout === undefined) return undefined
    const events = yield* rolloutEvents(rolloutId)
    const journal = yield* rolloutJournal(rolloutId)
    const settings = rollout.settings as RolloutSettings
    const waveNames = settings.waves
    const waves = waveNames.map((name): WaveStatus => {
      const mine = events.filter((e) => e.wave === name)
      const kinds = new Set(mine.map((e) => e.kind))
      const gates = mine
        .filter((e) => e.kind === "gate-passed" || e.kind === "gate-failed")
        .map((e) => e.detail as GateOutcome)
      const entries = journal.filter((j) => j.wave === name && j.action !== restoreAction)
      const byTarget = new Map<string, JournalEntry[]>()
      for (const entry of entries)
        byTarget.set(targetOf(entry), [...(byTarget.get(targetOf(entry)) ?? []), entry])
      const state: WaveState = kinds.has("wave-completed")
        ? "completed"
        : kinds.has("gate-failed")
          ? rollout.status === "rolled-back" || rollout.status === "rolling-back"
            ? "rolled-back"
            : "gate-failed"
          : kinds.has("halted")
            ? "halted"
            : kinds.has("soak-started")
              ? "soaking"
              : kinds.has("wave-started")
                ? "running"
                : kinds.has("approval-requested")
                  ? "waiting-for-approval"
                  : "pending"
      const planned = mine.find((e) => e.kind === "wave-planned")?.detail as { changes?: number } | undefined
      const started = mine.find((e) => e.kind === "wave-started")
      const approved = mine.find((e) => e.kind === "approved")
      return {
        name,
        state,
        ...(started ? { startedAt: started.at } : {}),
        ...(approved?.actor ? { approvedBy: approved.actor } : {}),
        ...(planned?.changes !== undefined ? { plannedChanges: planned.changes } : {}),
        gates,
        targets: [...byTarget].map(([target, list]) => ({
          target,
          applied: list.filter((e) => e.status === "applied").length,
          failed: list.filter((e) => e.status === "failed").length,
          rolledBack: list.filter((e) => e.status === "rolled-back").length,
          pending: list.filter((e) => e.status === "intended").length,
          messages: list.flatMap((e) => (e.message !== undefined ? [`${e.target}: ${e.message}`] : [])),
        })),
      }
    })
    const restores = journal.filter((j) => j.action === restoreAction)
    return {
      rollout,
      waves,
      restorations: {
        restored: restores.filter((r) => r.status === "applied").length,
        skipped: restores
          .filter((r) => r.status === "skipped")
          .map((r) => ({ key: r.target, ...(r.message !== undefined ? { message: r.message } : {}) })),
      },
      events,
    }
  })
