import { describe, expect, it } from "vitest"
import { Faults } from "./faults.ts"

const call = (operation: string, account = "222222222201") => ({
  service: "config",
  operation,
  account,
  region: "eu-west-1",
})

/** How many of `count` back-to-back calls of each operation are throttled. */
const throttled = async (
  faults: Faults,
  operations: ReadonlyArray<string>,
  count: number,
  account?: string,
) => {
  let refused = 0
  for (let i = 0; i < count; i++)
    for (const operation of operations) if ((await faults.before(call(operation, account)))?.code) refused++
  return refused
}

describe("Faults", () => {
  it("throttles each API of an account and Region from its own bucket", async () => {
    const faults = new Faults({ throttles: [{ api: "config:*", ratePerSecond: 1, burst: 5 }] })
    // Five of each operation pass, the rest are refused with the service's throttling error.
    expect(await throttled(faults, ["DescribeConformancePacks", "DescribeConfigRules"], 8)).toBe(6)
    expect(await faults.before(call("DescribeConfigRules"))).toMatchObject({ code: "ThrottlingException" })
  })

  it("with shared, draws every API the pattern matches from one bucket per account and Region", async () => {
    const faults = new Faults({ throttles: [{ api: "config:*", ratePerSecond: 1, burst: 5, shared: true }] })
    expect(await throttled(faults, ["DescribeConformancePacks", "DescribeConfigRules"], 4)).toBe(3)
    // Another account has its own bucket.
    expect(await throttled(faults, ["DescribeConformancePacks"], 5, "222222222202")).toBe(0)
  })

  it("throttles a share of all calls at random with throttleRate, repeatably with a seed", async () => {
    const run = async () => {
      const faults = new Faults({ throttleRate: 0.1, seed: 7 })
      const refused: number[] = []
      for (let i = 0; i < 2_000; i++)
        if (
          (await faults.before({ ...call("DescribeConformancePacks"), service: "sts" }))?.code ===
          "Throttling"
        )
          refused.push(i)
      return refused
    }
    const first = await run()
    expect(first.length).toBeGreaterThan(150)
    expect(first.length).toBeLessThan(250)
    expect(await run()).toEqual(first)
  })
})
