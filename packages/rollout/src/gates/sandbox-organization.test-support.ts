import {
  type CloudTrail,
  type ConfigService,
  type CredentialBroker,
  CredentialBroker as CredentialBrokerService,
  cloudTrailLive,
  configLive,
  credentialBrokerLive,
  type Iam,
  iamLive,
  type Organizations,
  type OrganizationTree,
  organizationsLive,
  type Sts,
  stsLive,
} from "@rampart/aws"
import { loadCatalog, renderGuardrail } from "@rampart/catalog"
import { effectiveScps } from "@rampart/collector"
import { loadConfigFile } from "@rampart/config"
import { type HierarchySet, readHierarchySet } from "@rampart/scp"
import { Effect, Layer } from "effect"
import { sandboxSettings } from "../../../aws/src/sandbox.test-support.ts"
import type { ScopeFor } from "./wave-events.ts"

export type GateServices = CloudTrail | ConfigService | CredentialBroker | Iam | Organizations | Sts

/** Runs a program against the sandbox at `url` with the services the gates use, as the management account. */
export const runOn = <A, E>(url: string, program: Effect.Effect<A, E, GateServices>): Promise<A> => {
  const layer = Layer.mergeAll(
    cloudTrailLive,
    configLive,
    iamLive,
    organizationsLive,
    credentialBrokerLive(),
  ).pipe(Layer.provideMerge(stsLive), Layer.provide(sandboxSettings(url)))
  return Effect.runPromise(program.pipe(Effect.provide(layer)))
}

/** Sessions through a role of each member account, as a rollout reads them (OrganizationAccountAccessRole here). */
export const scopeThrough = (roleName: string): Effect.Effect<ScopeFor, never, CredentialBroker> =>
  Effect.gen(function* () {
    const broker = yield* CredentialBrokerService
    return (account, region) =>
      broker
        .credentialsFor({ account, roleName, region })
        .pipe(Effect.map((credentials) => ({ region, credentials })))
  })

/** examples/rampart.yaml, loaded as the CLI loads it. */
export const exampleConfig = () => {
  const catalog = loadCatalog()
  if (!catalog.ok) throw new Error("the catalog does not load")
  const loaded = loadConfigFile(new URL("../../../../examples/rampart.yaml", import.meta.url).pathname, {
    catalog: catalog.catalog,
    now: new Date("2026-12-01T00:00:00Z"),
  })
  if (!loaded.ok)
    throw new Error(`examples/rampart.yaml does not load: ${JSON.stringify(loaded.diagnostics)}`)
  return { config: loaded.config, catalog: catalog.catalog }
}

/** A catalog SCP rendered with examples/rampart.yaml's context and parameters. */
export const renderedScp = (id: string): unknown => {
  const { config, catalog } = exampleConfig()
  const guardrail = catalog.byId.get(id)
  const use = config.guardrails.find((g) => g.id === id)
  if (guardrail === undefined || use === undefined) throw new Error(`${id} is not configured`)
  const rendered = renderGuardrail(guardrail, use.parameters, config.context)
  if (rendered.kind !== "scp") throw new Error(`${id} is not an SCP`)
  return rendered.document
}

const setOf = (value: unknown): HierarchySet => {
  const read = readHierarchySet(value, "sandbox organization")
  if (!read.ok) throw new Error(`hierarchies do not read: ${JSON.stringify(read.diagnostics)}`)
  return read.set
}

/**
 * The SCPs in force on every account of the organization as read, and the same with `scp` attached to the OU at
 * `ouPath` as well: the current and proposed hierarchies of a wave targeting that OU.
 */
export const hierarchiesWith = (
  tree: OrganizationTree,
  ouPath: string,
  scp: { readonly name: string; readonly document: unknown },
): { readonly current: HierarchySet; readonly proposed: HierarchySet } => {
  const ou = tree.ous.find((o) => o.path === ouPath)
  if (ou === undefined) throw new Error(`no OU ${ouPath}`)
  const current = effectiveScps(tree)
  const proposed = Object.fromEntries(
    Object.entries(current).map(([account, hierarchy]) => [
      account,
      {
        ...hierarchy,
        levels: hierarchy.levels.map((level) =>
          level.id === ou.id ? { ...level, policies: [...level.policies, scp] } : level,
        ),
      },
    ]),
  )
  return { current: setOf({ hierarchies: current }), proposed: setOf({ hierarchies: proposed }) }
}

/** The accounts directly in an OU. */
export const accountsIn = (tree: OrganizationTree, ouPath: string): ReadonlyArray<string> =>
  tree.accounts.filter((a) => a.ouPath === ouPath).map((a) => a.id)
