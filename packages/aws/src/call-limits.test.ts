import { describe, expect, it } from "vitest"
import { defaultCallLimits, formatCallLimit, parseCallLimit, withCallLimits } from "./call-limits.ts"

describe("call limits", () => {
  it("reads limits as written on the command line, and writes them back the same way", () => {
    for (const text of [
      "config=20/s",
      "sts:AssumeRole=50/s,burst=10",
      "organizations=concurrency=2",
      "config:GetConformancePackComplianceDetails=5.5/s,burst=3,concurrency=4",
    ]) {
      const limit = parseCallLimit(text)
      expect(typeof limit).toBe("object")
      expect(formatCallLimit(limit as Exclude<typeof limit, string>)).toBe(text)
    }
    expect(parseCallLimit("sts:AssumeRole=50/s,burst=10")).toEqual({
      service: "sts",
      operation: "AssumeRole",
      perSecond: 50,
      burst: 10,
    })
  })

  it("explains what is wrong with a limit it cannot read", () => {
    for (const text of ["config", "config=", "config=fast", "config=0/s", "Config=1/s", "config=1/s,burst=0"])
      expect(parseCallLimit(text)).toMatch(/is not a limit/)
    expect(parseCallLimit("sts:assumeRole=1/s")).toMatch(/not an operation name/)
    expect(parseCallLimit("config=burst=4")).toMatch(/a burst needs a rate/)
  })

  it("replaces the defaults for the same service and operation only", () => {
    const limits = withCallLimits(defaultCallLimits, [
      { service: "config", perSecond: 5 },
      { service: "config", operation: "DescribeConformancePacks", concurrency: 1 },
    ])
    expect(limits.filter((l) => l.service === "config")).toEqual([
      { service: "config", perSecond: 5 },
      { service: "config", operation: "DescribeConformancePacks", concurrency: 1 },
    ])
    expect(limits.find((l) => l.service === "sts")).toEqual({ service: "sts", perSecond: 100 })
  })
})
