import { describe, expect, it } from "vitest"
import { editDistance, nearest, suggestionFor } from "./suggestion.ts"

describe("suggestions", () => {
  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("rds-secuirty", "rds-security")).toBe(1)
    expect(editDistance("abc", "abc")).toBe(0)
    expect(editDistance("", "abc")).toBe(3)
  })

  it("suggests only close candidates", () => {
    expect(nearest("deny-unencrypted-rsd", ["deny-unencrypted-rds", "protect-backups"])).toBe(
      "deny-unencrypted-rds",
    )
    expect(nearest("completely-different", ["deny-unencrypted-rds"])).toBeUndefined()
  })

  it("lists what is accepted when nothing is close", () => {
    expect(suggestionFor("zzz", ["a", "b"])).toBe('use one of "a", "b"')
  })
})
