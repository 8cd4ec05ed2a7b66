import { describe, expect, it } from "vitest"
import { crashesOnOddInput } from "../../bad-input.test-support.ts"
import { useSandbox } from "../../fixtures.test-support.ts"
import { services } from "../index.ts"
import { kmsService } from "./index.ts"

const sandbox = useSandbox({ services: [...services, kmsService] })

describe("KMS handlers on odd input", () => {
  it("answer ServiceErrors, never crash", async () => {
    expect(await crashesOnOddInput(sandbox, kmsService)).toEqual([])
  })
})
