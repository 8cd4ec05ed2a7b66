import { describe, expect, it } from "vitest"
import { firstErrorOffset, parseJsonText } from "./json-source.ts"

describe("parseJsonText", () => {
  it("gives the position of errors the parser words without one", () => {
    const result = parseJsonText('{\n  "a": tru\n}', "f.json")
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.position).toEqual({ line: 2, column: 11 })
  })

  it("keeps the parser's own position when it gives one", () => {
    const result = parseJsonText('{"a" 1}', "f.json")
    expect(result.ok ? undefined : result.error.position).toEqual({ line: 1, column: 6 })
  })

  it("returns the value of valid JSON", () => {
    expect(parseJsonText('{"a": [1, "x", null]}', "f.json")).toEqual({
      ok: true,
      value: { a: [1, "x", null] },
    })
  })
})

describe("firstErrorOffset", () => {
  const cases: ReadonlyArray<readonly [string, number]> = [
    ['{"a": tru}', 9],
    ["[1, 2,]", 6],
    ['{"a": 1 "b": 2}', 8],
    ['{"a": "x\\q"}', 9],
    ["", 0],
    ["[1] x", 4],
  ]
  for (const [text, offset] of cases)
    it(`finds offset ${offset} in ${JSON.stringify(text)}`, () => expect(firstErrorOffset(text)).toBe(offset))
})
