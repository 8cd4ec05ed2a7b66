import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { rampartJsonSchema } from "./json-schema.ts"

describe("rampart.schema.json", () => {
  it("is up to date with the schema in code (run `npm run schema` after changing it)", () => {
    const committed = readFileSync(new URL("../rampart.schema.json", import.meta.url), "utf8")
    expect(committed).toBe(rampartJsonSchema())
  })

  it("rejects unknown keys and describes every top-level section for editors", () => {
    const schema = JSON.parse(rampartJsonSchema()) as {
      additionalProperties: boolean
      required: ReadonlyArray<string>
      properties: Record<string, { description?: string; additionalProperties?: boolean }>
    }
    expect(schema.additionalProperties).toBe(false)
    expect(schema.required).toEqual(["version", "organization", "roles", "guardrails", "waves"])
    expect(schema.properties.organization?.additionalProperties).toBe(false)
    expect(Object.keys(schema.properties)).toEqual([
      "version",
      "organization",
      "roles",
      "guardrails",
      "waves",
      "exceptions",
      "remediation",
    ])
  })
})
