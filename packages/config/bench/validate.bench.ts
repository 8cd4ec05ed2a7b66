import { readFileSync } from "node:fs"
import { loadCatalog } from "@rampart/catalog"
import type { Benchmark } from "../../../test/bench/benchmark.ts"
import { quantile, sampleMilliseconds } from "../../../test/bench/benchmark.ts"
import { loadConfigText } from "../src/load.ts"

const example = readFileSync(new URL("../../../examples/rampart.yaml", import.meta.url), "utf8")

export const benchmarks: ReadonlyArray<Benchmark> = [
  {
    name: "validate: catalog load and example configuration",
    method:
      "Loads the shipped catalog (11 guardrails: parse metadata, policies and pack templates) 50 times, then checks " +
      "examples/rampart.yaml against it 200 times (parse, decode, every semantic check, SCP rendering), after " +
      "warm-up rounds, in one process; median and p95 wall time.",
    run: async () => {
      const catalogSamples = await sampleMilliseconds(() => loadCatalog(), 50)
      const loaded = loadCatalog()
      if (!loaded.ok) throw new Error("the catalog does not load")
      const now = new Date("2026-12-01T00:00:00Z")
      const configSamples = await sampleMilliseconds(() => {
        const result = loadConfigText(example, "rampart.yaml", { catalog: loaded.catalog, now })
        if (!result.ok) throw new Error("the example does not validate")
      }, 200)
      return [
        { metric: "catalog load, median", value: quantile(catalogSamples, 0.5), unit: "ms" },
        { metric: "catalog load, p95", value: quantile(catalogSamples, 0.95), unit: "ms" },
        { metric: "configuration check, median", value: quantile(configSamples, 0.5), unit: "ms" },
        { metric: "configuration check, p95", value: quantile(configSamples, 0.95), unit: "ms" },
      ]
    },
  },
]
