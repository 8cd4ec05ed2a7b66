import { Layer } from "effect"
import { ClusterWorkflowEngine, SingleRunner } from "effect/cluster"
import { Digest, WebCrypto } from "effect/crypto"

/**
 * Who runs workflows: one process (the embedded PGlite store, which only one process opens), or any number of
 * runner processes sharing a PostgreSQL server, registered in it.
 */
export type Runners = "one-process" | "shared"

/**
 * The engine rollouts run on: Effect Workflow on Effect Cluster, its messages and replies in the store's
 * database. A workflow killed mid-way resumes after its last completed activity when a runner starts again. With
 * `shared` runners (PostgreSQL), runners in several processes share the work, each workflow on one runner at a
 * time, and take over the workflows of a runner that stops. An activity that was in flight when its runner died
 * runs again, so every activity that changes AWS is journaled and idempotent.
 */
export const workflowEngineLayer = (runners: Runners) =>
  ClusterWorkflowEngine.layer.pipe(
    Layer.provideMerge(SingleRunner.layer({ runnerStorage: runners === "shared" ? "sql" : "memory" })),
    Layer.provide(Digest.layerWebCrypto.pipe(Layer.provide(WebCrypto.layer(globalThis.crypto)))),
  )
