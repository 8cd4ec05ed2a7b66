import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { rampartAgainst, root, sandboxUp, stopped } from "./sandbox-process.test-support.ts"

const run = (url: string, ...args: string[]) => rampartAgainst(url, ["evaluate", ...args], "eu-west-1")

interface Result {
  readonly ruleName: string
  readonly resourceType: string
  readonly accountId: string
  readonly compliance: string
  readonly annotation?: string
}

describe("rampart evaluate", () => {
  it("judges an account's resources with the packs' rules without AWS Config, through an assumed role", async () => {
    const sandbox = await sandboxUp(["--scenario", "small", "--no-activity"])
    try {
      const failing = run(
        sandbox.url,
        "--config",
        join(root, "examples/rampart.yaml"),
        "--account",
        "222222222202",
        "--role",
        "OrganizationAccountAccessRole",
        "--pack",
        "rds-security",
        "--json",
      )
      const error = await failing.then(
        () => undefined,
        (e: { code: number; stdout: string }) => e,
      )
      expect(error?.code).toBe(1)
      const { results } = JSON.parse(error?.stdout ?? "{}") as { results: ReadonlyArray<Result> }
      const encryption = results.find((r) => r.ruleName === "rampart-rds-storage-encrypted")
      expect(encryption).toMatchObject({
        accountId: "222222222202",
        compliance: "NON_COMPLIANT",
        annotation: expect.stringContaining("storageEncrypted=false"),
      })

      const production = run(
        sandbox.url,
        "--account",
        "222222222209",
        "--role",
        "OrganizationAccountAccessRole",
        "--pack",
        "rds-security",
        "--json",
      )
      const outcome = await production.then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code: number; stdout: string }) => e,
      )
      const prodResults = (JSON.parse(outcome.stdout) as { results: ReadonlyArray<Result> }).results
      expect(prodResults.find((r) => r.ruleName === "rampart-rds-storage-encrypted")?.compliance).toBe(
        "COMPLIANT",
      )
    } finally {
      await stopped(sandbox.child)
    }
  }, 60_000)

  it("refuses bad input with exit 2", async () => {
    await expect(run("http://127.0.0.1:9", "--account", "12345")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("is not a 12-digit account id"),
    })
    await expect(run("http://127.0.0.1:9", "--pack", "rds-securty")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('did you mean "rds-security"?'),
    })
  })
})
