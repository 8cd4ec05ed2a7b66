import {
  type AwsError,
  type Backup,
  type ConfigService,
  type CredentialBroker,
  type Iam,
  type Organizations,
  type OrganizationTree,
  readOrganizationTree,
} from "@rampart/aws"
import type { Catalog } from "@rampart/catalog"
import type { RampartConfig } from "@rampart/config"
import { lastAppliedStates } from "@rampart/store"
import { Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import { type DesiredState, desiredState, scpNamePrefix } from "./desired-state.ts"
import { type Plan, planChanges, staleScps, wantedResources } from "./plan.ts"
import { type MemberAccess, readLiveState, withUnattachedScps } from "./read-state.ts"
import type { ResourceState } from "./resource-state.ts"

export interface OrganizationPlan {
  readonly plan: Plan
  readonly desired: DesiredState
  readonly tree: OrganizationTree
}

export interface PlanOptions {
  /** Only this wave's changes (the others are neither read nor listed). */
  readonly wave?: string
  /** Member accounts read at once. */
  readonly concurrency?: number
}

/**
 * Reads the organization and every resource the configuration asks for, and plans the changes: the one place
 * `rampart plan` and each wave of a rollout get their changes from. Read-only.
 */
export const planOrganization = (
  config: RampartConfig,
  catalog: Catalog,
  access: MemberAccess,
  now: Date,
  options: PlanOptions = {},
): Effect.Effect<
  OrganizationPlan,
  AwsError | SqlError,
  Organizations | CredentialBroker | ConfigService | Backup | Iam | SqlClient
> =>
  Effect.gen(function* () {
    const tree = yield* readOrganizationTree.pipe(Effect.flatMap((t) => withUnattachedScps(t, scpNamePrefix)))
    const desired = desiredState(config, catalog, tree, now)
    const wanted = [...wantedResources(desired), ...staleScps(desired, tree)].filter(
      (w) => options.wave === undefined || w.wave === options.wave,
    )
    const applied = yield* lastAppliedStates()
    const lastApplied = new Map(applied.map((entry) => [entry.target, entry.after as ResourceState]))
    const live = yield* readLiveState(
      wanted.map((w) => w.state),
      tree,
      access,
      config.organization.homeRegion,
      options.concurrency,
    )
    const plan = planChanges(desired, wanted, live, now, lastApplied)
    return {
      plan:
        options.wave === undefined
          ? plan
          : { ...plan, waves: plan.waves.filter((w) => w.wave === options.wave) },
      desired,
      tree,
    }
  })
