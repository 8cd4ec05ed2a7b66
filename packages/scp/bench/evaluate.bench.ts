import type { Benchmark } from "../../../test/bench/benchmark.ts"
import { compileHierarchy } from "../src/evaluate/hierarchy-evaluator.ts"
import type { Hierarchy, NamedPolicy } from "../src/hierarchy.ts"
import { parsePolicy } from "../src/parse.ts"
import type { Request } from "../src/request.ts"

/** Per service: actions that change things (what guardrails deny) and reads (most of real traffic). */
const services: Readonly<
  Record<string, { readonly writes: ReadonlyArray<string>; readonly reads: ReadonlyArray<string> }>
> = {
  rds: {
    writes: [
      "CreateDBInstance",
      "DeleteDBInstance",
      "ModifyDBInstance",
      "CreateDBCluster",
      "DeleteDBSnapshot",
    ],
    reads: ["DescribeDBInstances", "DescribeDBClusters", "DescribeDBSnapshots", "ListTagsForResource"],
  },
  backup: {
    writes: [
      "DeleteBackupVault",
      "DeleteRecoveryPoint",
      "PutBackupVaultLockConfiguration",
      "DeleteBackupPlan",
    ],
    reads: ["ListBackupVaults", "DescribeBackupVault", "ListRecoveryPointsByBackupVault"],
  },
  config: {
    writes: [
      "StopConfigurationRecorder",
      "DeleteConfigRule",
      "DeleteConformancePack",
      "DeleteDeliveryChannel",
    ],
    reads: ["DescribeConfigRules", "GetComplianceDetailsByConfigRule", "DescribeConformancePacks"],
  },
  iam: {
    writes: ["AttachRolePolicy", "DeleteRole", "PutRolePolicy", "UpdateAssumeRolePolicy"],
    reads: ["GetRole", "ListRoles", "ListAttachedRolePolicies"],
  },
  s3: {
    writes: ["DeleteBucket", "PutBucketPolicy", "DeleteBucketPolicy"],
    reads: ["GetObject", "ListBucket", "PutObject"],
  },
  ec2: {
    writes: ["TerminateInstances", "DeleteVpc", "DeleteFlowLogs"],
    reads: ["DescribeInstances", "DescribeVpcs", "RunInstances"],
  },
  kms: {
    writes: ["ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy"],
    reads: ["Decrypt", "GenerateDataKey", "DescribeKey"],
  },
  cloudtrail: {
    writes: ["StopLogging", "DeleteTrail", "UpdateTrail"],
    reads: ["LookupEvents", "DescribeTrails", "GetTrailStatus"],
  },
}
const serviceNames = Object.keys(services)

/** A deterministic pseudo-random sequence, so every run measures the same work. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
  return seed / 2_147_483_648
}

const policy = (name: string, statements: ReadonlyArray<Record<string, unknown>>): NamedPolicy => {
  const parsed = parsePolicy({ Version: "2012-10-17", Statement: statements }, { kind: "scp", file: name })
  if (!parsed.document) throw new Error(JSON.stringify(parsed.diagnostics))
  return { name, document: parsed.document }
}

/** root + 3 OUs + account; each level FullAWSAccess and 4 more policies, 5 policies of 20 statements each. */
const buildHierarchy = (): Hierarchy => {
  const next = random(7)
  const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(next() * list.length)] as T
  const statement = (level: number, p: number, s: number): Record<string, unknown> => {
    const service = pick(serviceNames)
    const kind = next()
    const writes = services[service]?.writes ?? []
    const actions =
      kind < 0.6 ? [`${service}:${pick(writes)}`, `${service}:${pick(writes)}`] : [`${service}:Delete*`]
    const exempt = pick([
      ["Pipeline", "BreakGlass"],
      ["Pipeline"],
      ["BreakGlass", "Admin"],
      ["DataAdmin", "Pipeline", "BreakGlass"],
    ])
    const regions = pick([
      ["eu-west-1", "eu-central-1"],
      ["eu-west-1"],
      ["us-east-1", "eu-west-1", "eu-central-1"],
    ])
    const principals = {
      ArnNotLike: { "aws:PrincipalArn": exempt.map((role) => `arn:aws:iam::*:role/${role}`) },
    }
    const roll = next()
    const condition =
      roll < 0.45
        ? principals
        : roll < 0.8
          ? { StringNotEquals: { "aws:RequestedRegion": regions }, ...principals }
          : { StringNotEquals: { "aws:RequestedRegion": regions } }
    return {
      Sid: `L${level}P${p}S${s}`,
      Effect: "Deny",
      Action: [...new Set(actions)],
      Resource: "*",
      Condition: condition,
    }
  }
  const full = policy("FullAWSAccess", [
    { Sid: "FullAccess", Effect: "Allow", Action: "*", Resource: "*" },
    ...Array.from({ length: 19 }, (_, s) => ({
      Sid: `AllowExtra${s}`,
      Effect: "Allow",
      Action: `${pick(serviceNames)}:*`,
      Resource: "*",
    })),
  ])
  const ids = ["r-root", "ou-workloads", "ou-prod", "ou-payments", "222222222222"]
  return {
    managementAccountId: "999999999999",
    levels: ids.map((id, level) => ({
      id,
      policies: [
        full,
        ...Array.from({ length: 4 }, (_, p) =>
          policy(
            `Guardrail${p}`,
            Array.from({ length: 20 }, (_, s) => statement(level, p, s)),
          ),
        ),
      ],
    })),
  }
}

const buildRequests = (count: number, readShare: number): Request[] => {
  const next = random(11)
  const pick = <T>(list: ReadonlyArray<T>): T => list[Math.floor(next() * list.length)] as T
  return Array.from({ length: count }, () => {
    const service = pick(serviceNames)
    const role = pick(["Developer", "Pipeline", "DataEngineer", "BreakGlass"])
    const region = pick([
      "eu-west-1",
      "eu-west-1",
      "eu-west-1",
      "eu-west-1",
      "eu-central-1",
      "eu-central-1",
      "us-east-1",
    ])
    const principalArn = `arn:aws:iam::222222222222:role/${role}`
    const actions = next() < readShare ? services[service]?.reads : services[service]?.writes
    return {
      action: `${service}:${pick(actions ?? [])}`,
      principalArn,
      account: "222222222222",
      region,
      context: {
        "aws:PrincipalArn": principalArn,
        "aws:PrincipalAccount": "222222222222",
        "aws:RequestedRegion": region,
      },
    }
  })
}

export const benchmarks: ReadonlyArray<Benchmark> = [
  {
    name: "scp: decisions per second through a hierarchy",
    method:
      "root + 3 OUs + account, 5 policies of 20 statements at each level (FullAWSAccess padded to 20 Allow " +
      "statements, 4 guardrails of 20 Deny statements on the write actions of 8 services; conditions drawn from 4 exempt-principal " +
      "lists (ArnNotLike) and 3 region lists (StringNotEquals), alone or combined, as guardrails repeat them): " +
      "500 statements. 100,000 requests (8 services, 80 % reads and 20 % writes, 4 roles, 3 regions weighted " +
      "4:2:1 as a European organization's traffic would be), and 100,000 write-only requests, each set evaluated " +
      "10 times over after " +
      "one warm-up pass, one thread; no memoisation. Decisions per second = 1,000,000 / wall time.",
    run: async () => {
      const compiled = compileHierarchy(buildHierarchy())
      const measure = (requests: ReadonlyArray<Request>) => {
        const tally: Record<string, number> = {}
        for (const r of requests) {
          const d = compiled.evaluate(r).decision
          tally[d] = (tally[d] ?? 0) + 1
        }
        const start = process.hrtime.bigint()
        let sink = 0
        for (let round = 0; round < 10; round++)
          for (const r of requests) sink += compiled.evaluate(r).decidedBy.length
        const seconds = Number(process.hrtime.bigint() - start) / 1e9
        if (sink < 0) throw new Error("unreachable")
        return {
          perSecond: (requests.length * 10) / seconds,
          denied: ((tally.ExplicitDeny ?? 0) / requests.length) * 100,
        }
      }
      const mixed = measure(buildRequests(100_000, 0.8))
      const writes = measure(buildRequests(100_000, 0))
      return [
        {
          metric: "decisions per second, 80 % reads",
          value: mixed.perSecond,
          unit: "/s",
          target: { text: "≥ 1,000,000 /s", met: mixed.perSecond >= 1_000_000 },
        },
        { metric: "mean time per decision, 80 % reads", value: 1e9 / mixed.perSecond, unit: "ns" },
        { metric: "explicitly denied, 80 % reads", value: mixed.denied, unit: "%" },
        {
          metric: "decisions per second, writes only (every request meets guardrail statements)",
          value: writes.perSecond,
          unit: "/s",
        },
        { metric: "explicitly denied, writes only", value: writes.denied, unit: "%" },
      ]
    },
  },
]
