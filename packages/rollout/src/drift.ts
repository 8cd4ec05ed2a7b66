import {
  type AwsError,
  type Backup,
  type ConfigService,
  type CredentialBroker,
  type Iam,
  type Organizations,
  readOrganizationTree,
} from "@rampart/aws"
import { lastAppliedStates } from "@rampart/store"
import { Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { scpNamePrefix } from "./desired-state.ts"
import { changeSummary } from "./plan.ts"
import { type MemberAccess, readLiveState, type Unreadable, withUnattachedScps } from "./read-state.ts"
import { type ResourceState, satisfies } from "./resource-state.ts"

/** A resource that is no longer what Rampart last set it to. */
export interface Drift {
  readonly key: string
  /** The rollout that last set it, and when. */
  readonly rolloutId: string
  readonly appliedAt?: string
  readonly expected: ResourceState
  readonly live: ResourceState
  /** What putting it back would do, in words. */
  readonly reconcile: string
}

export interface DriftReport {
  /** Resources Rampart has set, all checked. */
  readonly checked: number
  readonly drift: ReadonlyArray<Drift>
  /** Resources whose live state could not be read: their drift is unknown. */
  readonly unreadable: ReadonlyArray<Unreadable>
}

const where = (state: ResourceState): string => {
  switch (state.kind) {
    case "scp-attachment":
      return state.targetId
    case "scp-policy":
      return state.name
    case "role":
      return state.account
    default:
      return `${state.account} ${state.region}`
  }
}

/**
 * Out-of-band changes: every resource compared with the state the journal says Rampart last applied to it (a
 * rollout's change, or a rollback's restoration). A Rampart SCP detached or edited, a pack deleted, a vault lock
 * removed, a role's trust or permissions changed: each is listed with what putting it back would do. Read-only.
 */
export const detectDrift = (
  access: MemberAccess,
  homeRegion: string,
): Effect.Effect<
  DriftReport,
  AwsError | SqlError,
  Organizations | CredentialBroker | ConfigService | Backup | Iam | SqlClient
> =>
  Effect.gen(function* () {
    const applied = yield* lastAppliedStates()
    const tree = yield* readOrganizationTree.pipe(Effect.flatMap((t) => withUnattachedScps(t, scpNamePrefix)))
    const expected = applied.map((entry) => ({ entry, state: entry.after as ResourceState }))
    const live = yield* readLiveState(
      expected.map((e) => e.state),
      tree,
      access,
      homeRegion,
    )
    const drift: Drift[] = []
    for (const { entry, state } of expected) {
      const now = live.states.get(entry.target)
      if (now === undefined || satisfies(now, state)) continue
      drift.push({
        key: entry.target,
        rolloutId: entry.rolloutId,
        ...(entry.appliedAt !== undefined ? { appliedAt: entry.appliedAt } : {}),
        expected: state,
        live: now,
        reconcile: changeSummary(now, state, where(state)),
      })
    }
    return { checked: applied.length, drift, unreadable: live.unreadable }
  })
