// `npm run bench`: runs every `bench/*.bench.ts` of the apps and packages and writes BENCHMARKS.md.
// Usage: npm run bench [-- NAME-FILTER]
import { existsSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import type { Benchmark, Measurement } from "./benchmark.ts"
import { describeMachine } from "./machine.ts"

const root = new URL("../../", import.meta.url).pathname
const filter = process.argv[2]
const files = ["apps", "packages"].flatMap((group) =>
  readdirSync(join(root, group)).flatMap((project) => {
    const folder = join(root, group, project, "bench")
    return existsSync(folder)
      ? readdirSync(folder)
          .filter((f) => f.endsWith(".bench.ts"))
          .map((f) => join(folder, f))
      : []
  }),
)

const results: Array<{
  readonly file: string
  readonly benchmark: Benchmark
  readonly measurements: ReadonlyArray<Measurement>
}> = []
for (const file of files.sort()) {
  const module = (await import(pathToFileURL(file).href)) as { readonly benchmarks: ReadonlyArray<Benchmark> }
  for (const benchmark of module.benchmarks) {
    if (filter && !benchmark.name.includes(filter)) continue
    process.stderr.write(`bench: ${benchmark.name} ...\n`)
    const measurements = await benchmark.run()
    for (const m of measurements)
      process.stderr.write(
        `  ${m.metric}: ${format(m.value)} ${m.unit}${m.target ? ` (target ${m.target.text}: ${m.target.met ? "met" : "NOT met"})` : ""}\n`,
      )
    results.push({ file: file.slice(root.length), benchmark, measurements })
  }
}

function format(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toPrecision(3)
}

const lines = [
  "# Benchmarks",
  "",
  "Written by `npm run bench`; do not edit by hand. Numbers from one run on a shared machine: compare ratios",
  "measured in the same run rather than absolute values across runs.",
  "",
  `- When: ${new Date().toISOString()}`,
  `- Machine: ${describeMachine()}`,
  "",
]
for (const { file, benchmark, measurements } of results) {
  lines.push(
    `## ${benchmark.name}`,
    "",
    `Source: \`${file}\``,
    "",
    `Method: ${benchmark.method}`,
    "",
    "| metric | value | target |",
    "| --- | --- | --- |",
  )
  for (const m of measurements)
    lines.push(
      `| ${m.metric} | ${format(m.value)} ${m.unit} | ${m.target ? `${m.target.text} (${m.target.met ? "met" : "**not met**"})` : "—"} |`,
    )
  lines.push("")
}
if (!filter) writeFileSync(join(root, "BENCHMARKS.md"), `${lines.join("\n")}`)
process.stderr.write(
  filter ? "bench: filtered run, BENCHMARKS.md left as it was\n" : "bench: wrote BENCHMARKS.md\n",
)
