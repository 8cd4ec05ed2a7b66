import { type Catalog, loadCatalog } from "@rampart/catalog"
import { loadConfigText, type RampartConfig } from "@rampart/config"
import { findRollout } from "@rampart/store"
import { Data, Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import type { ConvergeSettings } from "./converge.ts"
import type { MemberAccess } from "./read-state.ts"

/**
 * What a rollout is started with, recorded with it: the configuration is pinned as text, so a rollout that runs
 * for days (or resumes after a crash) applies the file as it was when it started, whatever happens to it since.
 */
export interface RolloutSettings {
  readonly configFile: string
  readonly configText: string
  /** The catalog folder the configuration was checked against (Rampart's own when absent). */
  readonly catalogRoot?: string
  /** The configuration's waves, in order, as they were when the rollout started. */
  readonly waves: ReadonlyArray<string>
  /** The role in member accounts changes are made through (rampart.yaml's roles.bootstrap unless told). */
  readonly memberRole: string
  /** Every wave's soak replaced by this, for rehearsals; the waves' own soaks when absent. */
  readonly soakSeconds?: number
  /** How far back the impact gate reads CloudTrail. */
  readonly impactLookbackHours: number
  /** How long a conformance pack may take to deploy. */
  readonly packTimeoutSeconds: number
}

/** The rollout's inputs could not be read back. */
export class RolloutInputsUnavailable extends Data.TaggedError("RolloutInputsUnavailable")<{
  readonly message: string
}> {}

/** A rollout's inputs, read back from the store. */
export interface RolloutInputs {
  readonly rolloutId: string
  readonly startedBy: string
  readonly settings: RolloutSettings
  readonly config: RampartConfig
  readonly catalog: Catalog
  readonly converge: ConvergeSettings
}

/** The member access of a rollout: its member role, with the configuration's ExternalId rule and chain. */
export const memberAccessOf = (config: RampartConfig, memberRole: string): MemberAccess => ({
  roleName: memberRole,
  // Only Rampart's own roles require the ExternalId; the bootstrap roles AWS creates do not take one.
  ...(memberRole === config.roles.audit || memberRole === config.roles.remediation
    ? { externalId: config.roles.externalId }
    : {}),
  ...(config.roles.chain.length > 0 ? { chain: config.roles.chain } : {}),
  partition: config.organization.partition,
})

/**
 * Inputs already read back in this process, by rollout id: a rollout's record never changes, and every step of
 * every wave needs them, so the catalog and configuration are read once per rollout rather than once per step.
 */
const readBack = new Map<string, RolloutInputs>()
const readBackLimit = 64

/** Reads a rollout's record and turns its pinned configuration back into the inputs every step works from. */
export const rolloutInputs = (
  rolloutId: string,
): Effect.Effect<RolloutInputs, RolloutInputsUnavailable | SqlError, SqlClient> =>
  Effect.gen(function* () {
    const known = readBack.get(rolloutId)
    if (known !== undefined) return known
    const record = yield* findRollout(rolloutId)
    if (record === undefined)
      return yield* new RolloutInputsUnavailable({ message: `no rollout ${rolloutId}` })
    const settings = record.settings as RolloutSettings
    const catalog = loadCatalog(settings.catalogRoot)
    if (!catalog.ok)
      return yield* new RolloutInputsUnavailable({
        message: `the catalog does not load: ${catalog.diagnostics[0]?.message ?? ""}`,
      })
    const loaded = loadConfigText(settings.configText, settings.configFile, {
      catalog: catalog.catalog,
      now: new Date(),
    })
    if (!loaded.ok)
      return yield* new RolloutInputsUnavailable({
        message: `the configuration the rollout started with no longer checks: ${loaded.diagnostics[0]?.message ?? ""}`,
      })
    const config = loaded.config
    const inputs: RolloutInputs = {
      rolloutId,
      startedBy: record.startedBy,
      settings,
      config,
      catalog: catalog.catalog,
      converge: {
        access: memberAccessOf(config, settings.memberRole),
        homeRegion: config.organization.homeRegion,
        packTimeoutMillis: settings.packTimeoutSeconds * 1000,
        packPollMillis: 1000,
      },
    }
    if (readBack.size >= readBackLimit) readBack.delete(readBack.keys().next().value as string)
    readBack.set(rolloutId, inputs)
    return inputs
  })
