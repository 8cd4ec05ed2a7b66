import { describe, expect, it } from "vitest"
import { operationsAuthorizedBy, permissionOnlyActions } from "./permission-only-actions.ts"
import { actionParts } from "./private/action-pattern.ts"
import { judgeAction } from "./private/known-actions.ts"
import serviceActions from "./service-actions.json" with { type: "json" }

const operations = serviceActions as unknown as Record<string, ReadonlyArray<string>>
const isOperation = (action: string) => {
  const [service = "", name = ""] = action.split(":")
  return operations[service]?.some((n) => n.toLowerCase() === name.toLowerCase()) === true
}

describe("permission-only-actions", () => {
  it("lists only actions the SDK does not already name, each with an https source", () => {
    for (const { action, source } of permissionOnlyActions) {
      expect(isOperation(action), action).toBe(false)
      expect(source).toMatch(/^https:\/\//)
    }
  })

  it("renames only real SDK operations, to actions the linter knows", () => {
    for (const [operation, actions] of Object.entries(operationsAuthorizedBy)) {
      expect(isOperation(operation), operation).toBe(true)
      for (const action of actions) {
        const parts = actionParts(action)
        expect(parts && judgeAction(parts).kind, action).toBe("known")
      }
    }
  })
})
