import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ConfigServiceClient, DeleteConformancePackCommand } from "@aws-sdk/client-config-service"
import {
  DetachPolicyCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations"
import { CreateDBInstanceCommand, RDSClient } from "@aws-sdk/client-rds"
import { describe, expect, it } from "vitest"
import { parseDocument } from "yaml"
import {
  attachments,
  callsOf,
  memberCredentials,
  person,
  rampartRun,
  runChild,
  spawnRampart,
} from "./rollout.test-support.ts"
import { root, sandboxUp, stopped } from "./sandbox-process.test-support.ts"

const example = join(root, "examples/rampart.yaml")

interface StatusView {
  readonly rollout: { readonly status: string; readonly message?: string }
  readonly waves: ReadonlyArray<{
    readonly name: string
    readonly state: string
    readonly gates: ReadonlyArray<{
      readonly gate: string
      readonly passed: boolean
      readonly reason: string
    }>
    readonly approvedBy?: string
  }>
  readonly restorations: { readonly restored: number; readonly skipped: ReadonlyArray<unknown> }
}

const waveState = (view: StatusView, name: string) => view.waves.find((w) => w.name === name)

/** examples/rampart.yaml with one more exception: the Payments CI may go on creating unencrypted databases. */
const withPaymentsException = (dir: string): string => {
  const document = parseDocument(readFileSync(example, "utf8"))
  const exceptions = document.get("exceptions") as { add: (value: unknown) => void }
  exceptions.add(
    document.createNode({
      guardrail: "deny-unencrypted-rds",
      account: "222222222202",
      principals: ["arn:aws:iam::222222222202:role/CiDeploy"],
      owner: "payments-platform@example.com",
      reason: "The Payments CI template sets StorageEncrypted from January; tracked in PAY-881.",
      expires: "2027-01-31",
    }),
  )
  const file = join(dir, "rampart.yaml")
  writeFileSync(file, document.toString())
  return file
}

const until = async (check: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting")
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
}

describe("rampart plan and rampart rollout on the small scenario", () => {
  it("plans, passes the canary, stops on the impact gate, passes with an exception, rolls back on new SCP denials, and restores the attachments exactly", async () => {
    const sandbox = await sandboxUp(["--scenario", "small", "--time-scale", "60"])
    const dir = mkdtempSync(join(tmpdir(), "rampart-rollout-"))
    const store = ["--data-dir", join(dir, "store")]
    try {
      const untouched = await attachments(sandbox.url)

      // The plan lists the changes per wave and exits 1 because there are some.
      const plan = await rampartRun(sandbox.url, ["plan", "--config", example, ...store, "--json"])
      expect(plan.code).toBe(1)
      const planned = JSON.parse(plan.stdout) as {
        waves: Array<{ wave: string; changes: Array<{ key: string; summary: string }> }>
        unreadable: Array<{ key: string }>
      }
      expect(planned.waves.map((w) => w.wave)).toEqual(["canary", "sandbox", "workloads-dev", "wider"])
      const canaryKeys = planned.waves[0]?.changes.map((c) => c.key) ?? []
      expect(canaryKeys).toContain("role:222222222201:RampartAudit")
      expect(canaryKeys).toContain("pack:222222222201:eu-west-1:rampart-rds-security")
      expect(canaryKeys).toContain("scp-attachment:rampart-222222222201-1@222222222201")
      // us-east-1 has no Config recorder in this scenario: its packs are reported, not planned.
      expect(planned.unreadable.map((u) => u.key)).toContain(
        "pack:222222222201:us-east-1:rampart-rds-security",
      )

      // The canary and sandbox waves pass; the rollout then waits for someone to approve workloads-dev.
      const first = await rampartRun(sandbox.url, [
        "rollout",
        "start",
        "--config",
        example,
        "--rollout-id",
        "r1",
        "--soak",
        "2s",
        ...store,
        "--json",
      ])
      expect(first.code, first.stderr).toBe(0)
      const afterStart = JSON.parse(first.stdout) as StatusView
      expect(afterStart.rollout.status).toBe("waiting-for-approval")
      expect(waveState(afterStart, "canary")?.state).toBe("completed")
      expect(waveState(afterStart, "canary")?.gates.every((g) => g.passed)).toBe(true)
      expect(waveState(afterStart, "sandbox")?.state).toBe("completed")
      expect(waveState(afterStart, "workloads-dev")?.state).toBe("waiting-for-approval")
      expect((await attachments(sandbox.url))["222222222201"]).toEqual([
        "FullAWSAccess",
        "rampart-222222222201-1",
      ])

      // Whoever started it cannot approve it.
      const selfApproval = await rampartRun(sandbox.url, ["rollout", "approve", "r1", ...store])
      expect(selfApproval.code).toBe(2)
      expect(selfApproval.stderr).toContain("cannot approve it")

      // Approved by someone else, workloads-dev replays its accounts' CloudTrail: the Payments CI would be denied.
      // (Sessions are made just before use: the sandbox's clock runs 60 times faster than the test's.)
      const approved = await rampartRun(
        sandbox.url,
        ["rollout", "approve", "r1", ...store, "--json"],
        await person(sandbox.url, "alice"),
      )
      expect(approved.code).toBe(1)
      const halted = JSON.parse(approved.stdout) as StatusView
      expect(halted.rollout.status).toBe("halted")
      const impact = waveState(halted, "workloads-dev")?.gates.find((g) => g.gate === "impact")
      expect(impact?.passed).toBe(false)
      expect(impact?.reason).toContain("arn:aws:iam::222222222202:role/CiDeploy calling rds:CreateDBInstance")
      expect(waveState(halted, "workloads-dev")?.approvedBy).toContain("assumed-role/Admin/alice")
      const beforeSecond = await attachments(sandbox.url)
      expect(beforeSecond).not.toEqual(untouched)

      // An exception for the Payments CI (owner, reason, expiry) is written into the SCP; the rerun passes the
      // impact gate, and during its soak an operator in Checkout Dev is refused an unencrypted database.
      const config = withPaymentsException(dir)
      const second = await rampartRun(sandbox.url, [
        "rollout",
        "start",
        "--config",
        config,
        "--rollout-id",
        "r2",
        "--soak",
        "20s",
        ...store,
        "--json",
      ])
      expect(second.code, second.stderr).toBe(0)
      expect((JSON.parse(second.stdout) as StatusView).rollout.status).toBe("waiting-for-approval")
      const approval = spawnRampart(
        sandbox.url,
        ["rollout", "approve", "r2", ...store, "--json"],
        await person(sandbox.url, "alice"),
      )
      const outcome = runChild(approval)
      const devOu = (planned.waves[2]?.changes ?? [])
        .find((c) => c.key.startsWith("scp-attachment:"))
        ?.key.split("@")[1] as string
      await Promise.race([
        until(
          async () => ((await attachments(sandbox.url))[devOu] ?? []).some((n) => n.startsWith("rampart-")),
          120_000,
        ),
        outcome.then((run) => {
          throw new Error(`the approval ended before the wave attached its SCP: ${run.stdout}${run.stderr}`)
        }),
      ])
      const rds = new RDSClient({
        endpoint: sandbox.url,
        region: "eu-west-1",
        credentials: await memberCredentials(sandbox.url, "222222222203"),
      })
      await expect(
        rds.send(
          new CreateDBInstanceCommand({
            DBInstanceIdentifier: "checkout-scratch",
            DBInstanceClass: "db.t4g.micro",
            Engine: "postgres",
            AllocatedStorage: 20,
            MasterUsername: "checkout",
            MasterUserPassword: "not-a-secret-password",
          }),
        ),
      ).rejects.toThrow(/service control policy/)
      const rolledBack = await outcome
      expect(rolledBack.code, rolledBack.stderr).toBe(1)
      const view = JSON.parse(rolledBack.stdout) as StatusView
      expect(view.rollout.status).toBe("rolled-back")
      const gates = waveState(view, "workloads-dev")?.gates ?? []
      expect(gates.find((g) => g.gate === "impact")?.passed).toBe(true)
      expect(gates.find((g) => g.gate === "scp-denials")?.passed).toBe(false)
      expect(view.restorations.restored).toBeGreaterThan(0)
      // The attachments are exactly what they were before the second rollout.
      expect(await attachments(sandbox.url)).toEqual(beforeSecond)

      // Rolling the first rollout back restores the organization as it was before Rampart.
      const undo = await rampartRun(
        sandbox.url,
        ["rollout", "rollback", "r1", ...store, "--json"],
        await person(sandbox.url, "bob"),
      )
      expect(undo.code, undo.stderr).toBe(0)
      expect((JSON.parse(undo.stdout) as StatusView).rollout.status).toBe("rolled-back")
      expect(await attachments(sandbox.url)).toEqual(untouched)
      const afterAll = await rampartRun(sandbox.url, ["plan", "--config", example, ...store, "--json"])
      expect((JSON.parse(afterAll.stdout) as { changeCount: number }).changeCount).toBe(
        (JSON.parse(plan.stdout) as { changeCount: number }).changeCount,
      )
    } finally {
      await stopped(sandbox.child)
    }
  }, 600_000)

  it("resumes a rollout killed with SIGKILL in the middle of a wave without applying anything twice, and puts back what drifts", async () => {
    const sandbox = await sandboxUp(["--scenario", "small", "--time-scale", "60", "--no-activity"])
    const dir = mkdtempSync(join(tmpdir(), "rampart-rollout-kill-"))
    const store = ["--data-dir", join(dir, "store")]
    try {
      const start = spawnRampart(sandbox.url, [
        "rollout",
        "start",
        "--config",
        example,
        "--rollout-id",
        "k1",
        "--soak",
        "1s",
        ...store,
      ])
      const exited = runChild(start)
      // Killed once the sandbox wave has begun changing its accounts.
      await until(async () => (await callsOf(sandbox.url, "444444444401", "CreateRole")) > 0, 180_000)
      start.kill("SIGKILL")
      await exited
      const resumed = await rampartRun(sandbox.url, ["rollout", "resume", "k1", ...store, "--json"])
      expect(resumed.code, resumed.stderr).toBe(0)
      const view = JSON.parse(resumed.stdout) as StatusView
      expect(view.rollout.status).toBe("waiting-for-approval")
      expect(waveState(view, "sandbox")?.state).toBe("completed")
      // Every role, vault, policy and attachment was made exactly once.
      for (const account of ["222222222201", "444444444401", "444444444402", "444444444403"]) {
        expect(await callsOf(sandbox.url, account, "CreateRole")).toBe(2)
        expect(await callsOf(sandbox.url, account, "CreateBackupVault", "eu-west-1")).toBe(1)
      }
      expect(await callsOf(sandbox.url, "999999999999", "CreatePolicy")).toBe(2)
      expect(await callsOf(sandbox.url, "999999999999", "AttachPolicy")).toBe(2)

      // Out-of-band changes: the canary's SCP detached, a pack deleted in a sandbox account.
      const organizations = new OrganizationsClient({
        endpoint: sandbox.url,
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
      })
      const canaryPolicy = (
        await organizations.send(
          new ListPoliciesForTargetCommand({ TargetId: "222222222201", Filter: "SERVICE_CONTROL_POLICY" }),
        )
      ).Policies?.find((p) => p.Name === "rampart-222222222201-1")
      await organizations.send(
        new DetachPolicyCommand({ PolicyId: canaryPolicy?.Id, TargetId: "222222222201" }),
      )
      const config = new ConfigServiceClient({
        endpoint: sandbox.url,
        region: "eu-west-1",
        credentials: await memberCredentials(sandbox.url, "444444444401"),
      })
      await config.send(new DeleteConformancePackCommand({ ConformancePackName: "rampart-rds-security" }))
      const drift = await rampartRun(sandbox.url, ["drift", "--config", example, ...store, "--json"])
      expect(drift.code, drift.stderr).toBe(1)
      const found = JSON.parse(drift.stdout) as { drift: Array<{ key: string; reconcile: string }> }
      expect(found.drift.map((d) => d.key).sort()).toEqual([
        "pack:444444444401:eu-west-1:rampart-rds-security",
        "scp-attachment:rampart-222222222201-1@222222222201",
      ])
      expect(found.drift.map((d) => d.reconcile)).toContain(
        "attach SCP rampart-222222222201-1 to 222222222201",
      )
      // Reconciling is a rollout of the configuration: it puts both back and waits again at workloads-dev.
      const reconcile = await rampartRun(sandbox.url, [
        "drift",
        "--reconcile",
        "--config",
        example,
        "--soak",
        "1s",
        ...store,
        "--json",
      ])
      expect(reconcile.code, reconcile.stderr).toBe(0)
      expect((JSON.parse(reconcile.stdout) as StatusView).rollout.status).toBe("waiting-for-approval")
      const after = await rampartRun(sandbox.url, ["drift", "--config", example, ...store, "--json"])
      expect(after.code, after.stdout).toBe(0)
    } finally {
      await stopped(sandbox.child)
    }
  }, 600_000)
})
