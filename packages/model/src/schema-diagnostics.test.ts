import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { decodeWithDiagnostics } from "./schema-diagnostics.ts"
import { parseYamlText } from "./yaml-source.ts"

const Wave = Schema.Struct({
  name: Schema.String,
  targets: Schema.Array(Schema.String),
  soak: Schema.optional(Schema.String),
})
const File = Schema.Struct({ waves: Schema.Array(Wave) })

const decode = (text: string) => {
  const parsed = parseYamlText(text, "rampart.yaml")
  if (!parsed.ok) throw new Error("fixture is not YAML")
  return decodeWithDiagnostics(File, parsed.source.value, parsed.source, "config")
}

describe("decodeWithDiagnostics", () => {
  it("decodes a valid value", () => {
    expect(decode("waves:\n  - name: a\n    targets: ['/X']\n")).toEqual({
      ok: true,
      value: { waves: [{ name: "a", targets: ["/X"] }] },
    })
  })

  it("rejects an unknown key, at the key's position, with the nearest accepted key", () => {
    const result = decode("waves:\n  - name: a\n    targets: ['/X']\n    soaks: 1h\n")
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.diagnostics).toEqual([
      {
        severity: "error",
        code: "config.unknown-key",
        file: "rampart.yaml",
        path: "waves[0].soaks",
        message: 'unknown key "soaks"',
        value: "soaks",
        fix: 'did you mean "soak"?',
        position: { line: 4, column: 5 },
      },
    ])
  })

  it("reports every wrong type with the value found and a missing key at its parent", () => {
    const result = decode("waves:\n  - name: 3\n    targets: ['/X']\n  - name: b\n")
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.diagnostics.map((d) => [d.code, d.path, d.value])).toEqual([
      ["config.invalid-value", "waves[0].name", 3],
      ["config.missing-key", "waves[1].targets", undefined],
    ])
    expect(result.diagnostics[0]?.position).toEqual({ line: 2, column: 11 })
  })
})
