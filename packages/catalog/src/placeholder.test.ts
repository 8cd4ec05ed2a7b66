import { describe, expect, it } from "vitest"
import { placeholdersIn, RenderError, renderPlaceholders } from "./placeholder.ts"

const values: Record<string, string | ReadonlyArray<string>> = { name: "Hub", list: ["a", "b"] }
const lookup = (name: string) => values[name]

describe("placeholders", () => {
  it("replaces a whole-string placeholder by the value, keeping lists as lists", () => {
    expect(renderPlaceholders({ k: "{{list}}", n: "{{ name }}" }, lookup)).toEqual({
      k: ["a", "b"],
      n: "Hub",
    })
  })

  it("splices a list placeholder standing inside a list", () => {
    expect(renderPlaceholders(["x", "{{list}}"], lookup)).toEqual(["x", "a", "b"])
  })

  it("interpolates inside longer strings and leaves IAM policy variables alone", () => {
    expect(renderPlaceholders("role/{{name}}-${aws:username}", lookup)).toBe("role/Hub-${aws:username}")
  })

  it("refuses a missing value and a list inside a longer string", () => {
    expect(() => renderPlaceholders("{{missing}}", lookup)).toThrow(RenderError)
    expect(() => renderPlaceholders("x-{{list}}", lookup)).toThrow(/a list cannot be placed/)
  })

  it("finds placeholders with their paths", () => {
    expect(placeholdersIn({ a: ["{{x}}", "y-{{z}}"] })).toEqual([
      { name: "x", path: ["a", 0] },
      { name: "z", path: ["a", 1] },
    ])
  })
})
