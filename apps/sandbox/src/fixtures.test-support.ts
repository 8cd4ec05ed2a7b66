import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { type Sandbox, type SandboxOptions, startSandbox } from "./sandbox.ts"
import type { Scenario } from "./scenario/scenario.ts"

/** A small organization for tests: root, /Security (hub), /Workloads/Dev and /Workloads/Prod. */
export const testScenario: Scenario = {
  name: "test",
  regions: ["us-east-1", "eu-west-1"],
  organization: {
    id: "o-testorg0001",
    managementAccount: { id: "999999999999", name: "Management" },
    tree: [
      { ou: "Security", accounts: [{ id: "111111111111", name: "Hub" }] },
      {
        ou: "Workloads",
        children: [
          {
            ou: "Dev",
            accounts: [
              { id: "222222222222", name: "Dev One" },
              { id: "222222222223", name: "Dev Two" },
            ],
          },
          { ou: "Prod", accounts: [{ id: "333333333333", name: "Prod One" }] },
        ],
      },
    ],
  },
  accessKeys: [
    { accessKeyId: "test", secretAccessKey: "test", account: "999999999999", role: "Admin" },
    { accessKeyId: "dev", secretAccessKey: "dev-secret", account: "222222222222", role: "Developer" },
  ],
}

/** Starts a sandbox on a free port for the file's tests, and stops it after them. */
export const useSandbox = (options: Partial<SandboxOptions> = {}) => {
  const holder: { sandbox?: Sandbox } = {}
  const ready = startSandbox({
    scenario: testScenario,
    port: 0,
    stateDir: mkdtempSync(join(tmpdir(), "rampart-sandbox-")),
    ...options,
  }).then((s) => {
    holder.sandbox = s
    return s
  })
  afterAll(async () => {
    await (await ready).close()
  })
  return ready
}

/** Client settings pointing an SDK v3 client at the sandbox. */
export const clientConfig = (
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = {
    accessKeyId: "test",
    secretAccessKey: "test",
  },
  region = "us-east-1",
) => ({
  endpoint: url,
  region,
  credentials,
  maxAttempts: 1,
})
