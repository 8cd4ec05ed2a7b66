import { describe, expect, it } from "vitest"
import { crashesOnOddInput } from "../../bad-input.test-support.ts"
import { useSandbox } from "../../fixtures.test-support.ts"
import { services } from "../index.ts"
import { iamService } from "./index.ts"

const sandbox = useSandbox({ services: [...services, iamService] })

describe("IAM handlers on odd input", () => {
  it("answer ServiceErrors, never crash", async () => {
    expect(await crashesOnOddInput(sandbox, iamService)).toEqual([])
  })

  it("the check itself notices a handler that crashes", async () => {
    const crashing = {
      ...iamService,
      operations: [
        {
          name: "Crash",
          readOnly: true,
          handle: (input: Readonly<Record<string, unknown>>) => (input.RoleName as string).length,
        },
      ],
    }
    expect((await crashesOnOddInput(sandbox, crashing)).length).toBeGreaterThan(0)
  })
})
