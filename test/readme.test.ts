import { readFileSync } from "node:fs"
import { runCli } from "@rampart/cli"
import { describe, expect, it } from "vitest"

const root = new URL("../", import.meta.url).pathname
const readme = readFileSync(`${root}README.md`, "utf8")

const commandsIn = async (...path: string[]): Promise<ReadonlyArray<string>> => {
  const out: string[] = []
  await runCli([...path, "--help"], {
    stdout: (t) => out.push(t),
    stderr: () => undefined,
    interactive: false,
  })
  const text = out.join("")
  const section = text.split("Commands:\n")[1]?.split("\n\n")[0] ?? ""
  return section
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0] ?? "")
    .filter((name) => name !== "")
}

describe("README", () => {
  it("gives exactly the two set-up commands, and CI runs the test one verbatim", () => {
    const blocks = [...readme.matchAll(/```sh\n([^`]+)```/g)].map((m) => m[1]?.trim())
    expect(blocks).toEqual(["npm install && npm start", "npm install && npm test"])
    const ci = readFileSync(`${root}.ci/run`, "utf8")
    expect(ci.split("\n").filter((line) => !line.startsWith("#"))).toContain("npm install && npm test")
  })

  it("documents every command the CLI has", async () => {
    const top = await commandsIn()
    expect(top.length).toBeGreaterThan(0)
    for (const name of top) {
      const subcommands = await commandsIn(name)
      const documented =
        subcommands.length > 0 ? subcommands.map((sub) => `rampart ${name} ${sub}`) : [`rampart ${name}`]
      for (const command of documented) expect(readme, `README lacks ${command}`).toContain(`\`${command}`)
    }
  })
})
