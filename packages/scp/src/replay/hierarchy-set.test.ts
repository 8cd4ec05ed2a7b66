import { describe, expect, it } from "vitest"
import { hierarchyFor, readHierarchySet } from "./hierarchy-set.ts"

const level = (id: string) => ({
  id,
  policies: [
    {
      name: "FullAWSAccess",
      document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
    },
  ],
})

describe("reading hierarchies for a replay", () => {
  it("takes one hierarchy for every account", () => {
    const read = readHierarchySet({ hierarchies: { levels: [level("r-root")] } }, "h.json")
    if (!read.ok) throw new Error(JSON.stringify(read.diagnostics))
    expect(hierarchyFor(read.set, "111111111111")?.levels[0]?.id).toBe("r-root")
    expect(hierarchyFor(read.set, "222222222222")?.levels[0]?.id).toBe("r-root")
  })

  it("takes one hierarchy per account", () => {
    const read = readHierarchySet(
      { hierarchies: { "111111111111": { levels: [level("r-root"), level("111111111111")] } } },
      "h.json",
    )
    if (!read.ok) throw new Error(JSON.stringify(read.diagnostics))
    expect(hierarchyFor(read.set, "111111111111")?.levels).toHaveLength(2)
    expect(hierarchyFor(read.set, "222222222222")).toBeUndefined()
  })

  it("reports bad account ids, bad policies and unknown members with their paths", () => {
    const read = readHierarchySet(
      {
        hierarchies: {
          prod: { levels: [level("r-root")] },
          "111111111111": {
            levels: [
              {
                id: "r-root",
                policies: [
                  {
                    name: "x",
                    document: {
                      Version: "2012-10-17",
                      Statement: [{ Effect: "Maybe", Action: "*", Resource: "*" }],
                    },
                  },
                ],
              },
            ],
          },
        },
      },
      "h.json",
    )
    expect(read.ok).toBe(false)
    if (read.ok) return
    expect(read.diagnostics.map((d) => d.path)).toEqual([
      'hierarchies["prod"]',
      'hierarchies["111111111111"].levels[0].policies[0].document.Statement[0].Effect',
    ])
    expect(readHierarchySet({ hierarchy: {} }, "h.json")).toMatchObject({
      ok: false,
      diagnostics: [{ path: "hierarchy" }],
    })
  })
})
