// Runs every project's typecheck, lint and tests through Nx, then prints one closing line with the test counts
// read from each project's Vitest JSON report, and exits with Nx's status.
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const projects = [
  ...["apps", "packages"].flatMap((group) =>
    existsSync(join(root, group))
      ? readdirSync(join(root, group)).map((name) => join(root, group, name))
      : [],
  ),
  join(root, "test"),
]
const reportName = ".vitest-report.json"
for (const project of projects) rmSync(join(project, reportName), { force: true })

const nx = spawnSync(
  "nx",
  ["run-many", "-t", "typecheck", "lint", "test", "--outputStyle=static", ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true", NX_TUI: "false" },
  },
)

let passed = 0
let failed = 0
let skipped = 0
let files = 0
for (const project of projects) {
  const report = join(project, reportName)
  if (!existsSync(report)) continue
  const json = JSON.parse(readFileSync(report, "utf8")) as {
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
    numTodoTests: number
    numTotalTestSuites: number
  }
  passed += json.numPassedTests
  failed += json.numFailedTests
  skipped += json.numPendingTests + json.numTodoTests
  files += 1
}
const status = nx.status ?? 1
console.log(`\n${files} projects reported tests.${status === 0 ? "" : " Some checks failed: see above."}`)
console.log(`Tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
process.exit(status)
