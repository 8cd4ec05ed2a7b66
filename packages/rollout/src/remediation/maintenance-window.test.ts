import { describe, expect, it } from "vitest"
import { isInWindow, nextWindowOpening } from "./maintenance-window.ts"

const at = (text: string) => Date.parse(text)
const weekend = { days: ["sat", "sun"], start: "02:00", end: "06:00" }
// 2026-11-21 is a Saturday, 2026-11-23 a Monday.

describe("maintenance window", () => {
  it("is open from the start to the end on the listed days only, in UTC", () => {
    expect(isInWindow(weekend, at("2026-11-21T02:00:00Z"))).toBe(true)
    expect(isInWindow(weekend, at("2026-11-22T05:59:59Z"))).toBe(true)
    expect(isInWindow(weekend, at("2026-11-22T06:00:00Z"))).toBe(false)
    expect(isInWindow(weekend, at("2026-11-21T01:59:59Z"))).toBe(false)
    expect(isInWindow(weekend, at("2026-11-23T03:00:00Z"))).toBe(false)
  })

  it("answers the next opening: now when open, else the next listed day's start", () => {
    expect(nextWindowOpening(weekend, at("2026-11-21T03:00:00Z"))).toBe(at("2026-11-21T03:00:00Z"))
    expect(nextWindowOpening(weekend, at("2026-11-21T01:59:57Z"))).toBe(at("2026-11-21T02:00:00Z"))
    expect(nextWindowOpening(weekend, at("2026-11-22T07:00:00Z"))).toBe(at("2026-11-28T02:00:00Z"))
    expect(nextWindowOpening(weekend, at("2026-11-24T12:00:00Z"))).toBe(at("2026-11-28T02:00:00Z"))
  })

  it("runs past midnight into the next day when the end is before the start", () => {
    const friday = { days: ["fri"], start: "22:00", end: "02:00" }
    expect(isInWindow(friday, at("2026-11-20T23:30:00Z"))).toBe(true)
    expect(isInWindow(friday, at("2026-11-21T01:30:00Z"))).toBe(true)
    expect(isInWindow(friday, at("2026-11-21T02:00:00Z"))).toBe(false)
    expect(isInWindow(friday, at("2026-11-21T23:30:00Z"))).toBe(false)
    expect(nextWindowOpening(friday, at("2026-11-21T02:00:00Z"))).toBe(at("2026-11-27T22:00:00Z"))
  })

  it("never opens without days", () => {
    expect(
      nextWindowOpening({ days: [], start: "02:00", end: "06:00" }, at("2026-11-21T03:00:00Z")),
    ).toBeUndefined()
  })
})
