import { describe, expect, it } from "vitest"
import { parseYamlText } from "./yaml-source.ts"

describe("parseYamlText", () => {
  it("reports a syntax error with its line and column", () => {
    const result = parseYamlText("a: 1\nb: [1, 2\nc: 3\n", "f.yaml")
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors[0]).toMatchObject({ code: "yaml.syntax", file: "f.yaml" })
    expect(result.errors[0]?.position?.line).toBeGreaterThanOrEqual(2)
  })

  it("rejects duplicate keys instead of keeping the last one", () => {
    const result = parseYamlText("a: 1\na: 2\n", "f.yaml")
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors[0]?.position).toEqual({ line: 2, column: 1 })
    expect(result.errors[0]?.fix).toContain("duplicate")
  })

  it("rejects tags it was not told about", () => {
    const result = parseYamlText("a: !Ref X\n", "f.yaml")
    expect(result.ok).toBe(false)
  })

  it("finds the position of values and of keys by path", () => {
    const result = parseYamlText("waves:\n  - name: canary\n    targets:\n      - '/Sandbox'\n", "f.yaml")
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.source.value).toEqual({ waves: [{ name: "canary", targets: ["/Sandbox"] }] })
    expect(result.source.positionOf(["waves", 0, "targets", 0])).toEqual({ line: 4, column: 9 })
    expect(result.source.positionOf(["waves", 0, "targets"], { key: true })).toEqual({ line: 3, column: 5 })
  })
})
