import type { Server } from "node:http"
import { adminEndpoints } from "./admin.ts"
import { SandboxClock } from "./clock.ts"
import { type FaultSettings, Faults } from "./faults.ts"
import type { ServiceDefinition } from "./operation.ts"
import { type ActivityRunner, activityRunnerFor } from "./scenario/activity.ts"
import { applyOrganization } from "./scenario/apply-organization.ts"
import type { Scenario } from "./scenario/scenario.ts"
import { listen, type SandboxParts } from "./server.ts"
import { services as allServices } from "./services/index.ts"
import { SandboxStore } from "./state/store.ts"
import { TrailRecorder } from "./trail/recorder.ts"

export interface SandboxOptions {
  readonly scenario: Scenario
  /** Where state is kept across restarts; in memory only when not given. */
  readonly stateDir?: string
  /** Simulated seconds per real second (default 1). */
  readonly timeScale?: number
  readonly port?: number
  readonly host?: string
  readonly services?: ReadonlyArray<ServiceDefinition>
  /** Run the scenario's background activity (default true). */
  readonly activity?: boolean
  /** Where the sandbox says what it does (activity calls); silent when not given. */
  readonly log?: (line: string) => void
}

/** A running sandbox. */
export interface Sandbox {
  readonly url: string
  readonly parts: SandboxParts
  /** True when the state was read back from the state directory rather than built from the scenario. */
  readonly resumed: boolean
  readonly activity: ActivityRunner
  readonly close: () => Promise<void>
}

/**
 * Starts a sandbox: from the saved state when the state directory has one (a restart loses nothing), otherwise
 * from the scenario.
 */
export const startSandbox = async (options: SandboxOptions): Promise<Sandbox> => {
  // One definition per service: a later one (a test's variant) replaces an earlier one of the same name.
  const services = [...new Map((options.services ?? allServices).map((s) => [s.signingName, s])).values()]
  const store = new SandboxStore({
    ...(options.stateDir ? { stateDir: options.stateDir } : {}),
    partition: options.scenario.partition ?? "aws",
  })
  const clock = new SandboxClock({ timeScale: options.timeScale ?? 1 })
  const trail = new TrailRecorder(options.stateDir)
  const resumed = store.hasSavedState()
  if (resumed) {
    store.load()
    clock.resumeAt(store.savedClock)
    trail.load()
  } else {
    applyOrganization(store, options.scenario, clock.now())
    const seedContext = {
      store,
      now: clock.now(),
      partition: store.partition,
      regions: options.scenario.regions,
    }
    for (const service of services) {
      const section = options.scenario.resources?.[service.signingName]
      if (section !== undefined && service.seed) service.seed(section, seedContext)
    }
    store.flushAll(clock.now())
  }
  const faults = new Faults((options.scenario.faults ?? {}) as FaultSettings)
  const parts: SandboxParts = {
    store,
    clock,
    trail,
    faults,
    services,
    admin: adminEndpoints({ store, clock, faults, scenario: options.scenario.name }),
  }
  const { server, url } = await listen(parts, options.port ?? 4566, options.host ?? "127.0.0.1")
  // A resumed sandbox already has its past activity in the trail.
  const activity = activityRunnerFor(parts, options.scenario, {
    backfill: !resumed,
    ...(options.log ? { log: options.log } : {}),
  })
  if (options.activity !== false) activity.start()
  return {
    url,
    parts,
    resumed,
    activity,
    close: async () => {
      await activity.stop()
      store.flush(clock.now())
      const closed = new Promise<void>((resolve) => (server as Server).close(() => resolve()))
      server.closeAllConnections()
      await closed
    },
  }
}
