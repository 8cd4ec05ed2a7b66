// A runner process for the engine tests: runs one workflow of six journaled steps and logs what it applies.
// Usage: node engine-fixture.test-support.ts LOG (DATABASE_URL or DATA_DIR names the store).
import { appendFileSync } from "node:fs"
import { databaseLayer } from "@rampart/store"
import { Effect, Layer, Schema } from "effect"
import { Activity, Workflow } from "effect/workflow"
import { workflowEngineLayer } from "./workflow-engine.ts"

const log = (line: string) => appendFileSync(process.argv[2] as string, `${line}\n`)

const Steps = Workflow.make("EngineFixture", {
  payload: { id: Schema.String },
  idempotencyKey: ({ id }) => id,
  success: Schema.Number,
})

const step = (n: number) =>
  Activity.make({
    name: `step-${n}`,
    success: Schema.Number,
    execute: Effect.gen(function* () {
      log(`start ${n} ${process.pid}`)
      yield* Effect.sleep("300 millis")
      log(`end ${n} ${process.pid}`)
      return n
    }),
  })

const StepsLayer = Steps.toLayer(() =>
  Effect.gen(function* () {
    let sum = 0
    for (let n = 1; n <= 6; n++) sum += yield* step(n)
    return sum
  }),
)

const store = process.env.DATABASE_URL
  ? databaseLayer({ url: process.env.DATABASE_URL })
  : databaseLayer({ dataDir: process.env.DATA_DIR as string })

const program = Steps.execute({ id: "fixture-1" }).pipe(
  Effect.tap((sum) => Effect.sync(() => log(`result ${sum}`))),
)
await Effect.runPromise(
  program.pipe(
    Effect.provide(
      StepsLayer.pipe(
        Layer.provideMerge(workflowEngineLayer(process.env.DATABASE_URL ? "shared" : "one-process")),
        Layer.provide(store),
      ),
    ),
  ) as Effect.Effect<number>,
)
process.exit(0)
