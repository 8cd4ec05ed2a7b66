import type { AwsError, OrganizationTree } from "@rampart/aws"
import type { Wave } from "@rampart/model"
import { Context, type Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import type { GateDecision } from "./gates/gate-decision.ts"
import type { Change } from "./plan.ts"
import type { RolloutInputs } from "./rollout-inputs.ts"

/** What one gate decided, with what it found (plain JSON) for the rollout's status. */
export interface GateOutcome extends GateDecision {
  readonly detail?: unknown
}

/** The checks a wave runs before it attaches SCPs and after its soak. */
export interface WaveChecksShape {
  /**
   * Before SCPs are attached: the wave's accounts' recent CloudTrail replayed against the SCPs they would have;
   * anything newly denied and not acknowledged fails it.
   */
  readonly impact: (
    inputs: RolloutInputs,
    wave: Wave,
    changes: ReadonlyArray<Change>,
    tree: OrganizationTree,
  ) => Effect.Effect<GateOutcome, AwsError | SqlError>
  /** Before the wave changes anything: what its health gates compare with afterwards (plain JSON). */
  readonly baseline: (
    inputs: RolloutInputs,
    wave: Wave,
    accounts: ReadonlyArray<string>,
  ) => Effect.Effect<unknown, AwsError | SqlError>
  /**
   * After the soak: the health gates of the wave (new SCP denials since `startedAt`, compliance regression
   * against the baseline).
   */
  readonly health: (
    inputs: RolloutInputs,
    wave: Wave,
    accounts: ReadonlyArray<string>,
    startedAt: Date,
    baseline: unknown,
  ) => Effect.Effect<ReadonlyArray<GateOutcome>, AwsError | SqlError>
}

/** The wave checks a rollout runs with. */
export class WaveChecks extends Context.Service<WaveChecks, WaveChecksShape>()(
  "rampart/rollout/WaveChecks",
) {}
