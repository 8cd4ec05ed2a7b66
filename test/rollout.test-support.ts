import { type ChildProcess, spawn } from "node:child_process"
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail"
import {
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations"
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts"
import { rampart, sandboxEnvironment } from "./sandbox-process.test-support.ts"

/** What a finished `rampart` run said. */
export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `rampart` against a sandbox with the given credentials and answers its exit status and output. */
export const rampartRun = (
  url: string,
  args: ReadonlyArray<string>,
  credentials?: Readonly<Record<string, string>>,
): Promise<Run> => runChild(spawnRampart(url, args, credentials))

/** Starts `rampart` against a sandbox, for tests that stop it half-way. */
export const spawnRampart = (
  url: string,
  args: ReadonlyArray<string>,
  credentials?: Readonly<Record<string, string>>,
): ChildProcess =>
  spawn(process.execPath, [rampart, ...args], { env: { ...sandboxEnvironment(url), ...credentials } })

export const runChild = (child: ChildProcess): Promise<Run> =>
  new Promise((resolve) => {
    let stdout = ""
    let stderr = ""
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString()
    })
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

const admin = { accessKeyId: "test", secretAccessKey: "test" }

/** Another person in the management account: the Admin role assumed under their own session name. */
export const person = async (url: string, name: string): Promise<Record<string, string>> => {
  const sts = new STSClient({ endpoint: url, region: "us-east-1", credentials: admin })
  const session = await sts.send(
    new AssumeRoleCommand({ RoleArn: "arn:aws:iam::999999999999:role/Admin", RoleSessionName: name }),
  )
  return {
    AWS_ACCESS_KEY_ID: session.Credentials?.AccessKeyId ?? "",
    AWS_SECRET_ACCESS_KEY: session.Credentials?.SecretAccessKey ?? "",
    AWS_SESSION_TOKEN: session.Credentials?.SessionToken ?? "",
  }
}

/** Credentials of OrganizationAccountAccessRole in a member account, as an operator in it would have. */
export const memberCredentials = async (url: string, account: string) => {
  const sts = new STSClient({ endpoint: url, region: "eu-west-1", credentials: admin })
  const session = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
      RoleSessionName: "operator",
    }),
  )
  return {
    accessKeyId: session.Credentials?.AccessKeyId ?? "",
    secretAccessKey: session.Credentials?.SecretAccessKey ?? "",
    sessionToken: session.Credentials?.SessionToken ?? "",
  }
}

/** Every SCP attachment of the organization, as `target: [policy names]`, sorted: what a rollback must restore. */
export const attachments = async (url: string): Promise<Record<string, string[]>> => {
  const organizations = new OrganizationsClient({ endpoint: url, region: "us-east-1", credentials: admin })
  const root = (await organizations.send(new ListRootsCommand({}))).Roots?.[0]?.Id ?? ""
  const targets: string[] = [root]
  for (let i = 0; i < targets.length; i++) {
    const children = await organizations.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: targets[i] as string }),
    )
    targets.push(...(children.OrganizationalUnits ?? []).map((o) => o.Id ?? ""))
  }
  const accounts = [
    "999999999999",
    "111111111111",
    "111111111112",
    "222222222201",
    "222222222202",
    "222222222214",
  ]
  const result: Record<string, string[]> = {}
  for (const target of [...targets, ...accounts]) {
    const policies = await organizations.send(
      new ListPoliciesForTargetCommand({ TargetId: target, Filter: "SERVICE_CONTROL_POLICY" }),
    )
    result[target] = (policies.Policies ?? []).map((p) => p.Name ?? "").sort()
  }
  return result
}

/** How many times an API was called successfully in an account, from the sandbox's CloudTrail. */
export const callsOf = async (url: string, account: string, eventName: string, region = "us-east-1") => {
  const credentials = account === "999999999999" ? admin : await memberCredentials(url, account)
  const trail = new CloudTrailClient({ endpoint: url, region, credentials })
  let count = 0
  let NextToken: string | undefined
  do {
    const page = await trail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: eventName }],
        StartTime: new Date(Date.now() - 86_400_000),
        EndTime: new Date(Date.now() + 30 * 86_400_000),
        NextToken,
      }),
    )
    count += (page.Events ?? []).filter((e) => !JSON.parse(e.CloudTrailEvent ?? "{}").errorCode).length
    NextToken = page.NextToken
  } while (NextToken)
  return count
}
