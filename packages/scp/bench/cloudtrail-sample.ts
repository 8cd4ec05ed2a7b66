// Writes realistic CloudTrail log files for the replay benchmark: sessions of a few dozen principals across
// member accounts calling a mix of services in bursts, as real trails show, with the bulky members real events
// carry (user agents, TLS details, response elements) and the events replay must skip.
import { createWriteStream } from "node:fs"

/** A small deterministic generator, so that every run replays the same events. */
const random = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const memberAccounts = ["111111111111", "222222222222", "333333333333", "444444444444"] as const
export const managementAccount = "999999999999"

type Call = readonly [
  source: string,
  name: string,
  parameters?: (pick: () => number) => unknown,
  response?: unknown,
]

const instanceResponse = {
  instancesSet: {
    items: [
      {
        instanceId: "i-0abcdef1234567890",
        imageId: "ami-0123456789abcdef0",
        instanceState: { code: 0, name: "pending" },
        privateDnsName: "ip-10-0-1-23.eu-west-1.compute.internal",
        instanceType: "t3.micro",
        placement: { availabilityZone: "eu-west-1a", tenancy: "default" },
        subnetId: "subnet-0123456789abcdef0",
        vpcId: "vpc-0123456789abcdef0",
        privateIpAddress: "10.0.1.23",
        groupSet: { items: [{ groupId: "sg-0123456789abcdef0", groupName: "app" }] },
        networkInterfaceSet: { items: [{ networkInterfaceId: "eni-0123456789abcdef0", status: "in-use" }] },
      },
    ],
  },
}

const reads: ReadonlyArray<Call> = [
  ["ec2.amazonaws.com", "DescribeInstances", () => ({ instancesSet: {}, filterSet: {} })],
  ["ec2.amazonaws.com", "DescribeSecurityGroups", () => ({ securityGroupSet: {}, filterSet: {} })],
  ["ec2.amazonaws.com", "DescribeVpcs", () => ({ vpcSet: {}, filterSet: {} })],
  ["rds.amazonaws.com", "DescribeDBInstances", () => ({ maxRecords: 100 })],
  ["s3.amazonaws.com", "ListBuckets", () => ({ Host: "s3.eu-west-1.amazonaws.com" })],
  [
    "s3.amazonaws.com",
    "GetBucketLocation",
    () => ({ bucketName: "app-artifacts", Host: "app-artifacts.s3.amazonaws.com", location: "" }),
  ],
  [
    "s3.amazonaws.com",
    "GetObject",
    (pick) => ({
      bucketName: "app-data",
      Host: "app-data.s3.eu-west-1.amazonaws.com",
      key: `events/2026/11/20/part-${Math.floor(pick() * 500)}.parquet`,
    }),
  ],
  [
    "s3.amazonaws.com",
    "ListObjectsV2",
    () => ({
      bucketName: "app-data",
      "list-type": "2",
      prefix: "events/2026/11/",
      Host: "app-data.s3.eu-west-1.amazonaws.com",
    }),
  ],
  [
    "kms.amazonaws.com",
    "Decrypt",
    () => ({
      encryptionAlgorithm: "SYMMETRIC_DEFAULT",
      encryptionContext: {
        "aws:lambda:FunctionArn": "arn:aws:lambda:eu-west-1:111111111111:function:orders",
      },
    }),
  ],
  ["kms.amazonaws.com", "GenerateDataKey", () => ({ keyId: "alias/app", keySpec: "AES_256" })],
  ["logs.amazonaws.com", "DescribeLogGroups", () => ({ logGroupNamePrefix: "/aws/lambda/" })],
  [
    "monitoring.amazonaws.com",
    "GetMetricData",
    () => ({ startTime: "Nov 20, 2026, 7:00:00 AM", endTime: "Nov 20, 2026, 8:00:00 AM" }),
  ],
  ["iam.amazonaws.com", "GetRole", () => ({ roleName: "OrdersService" })],
  ["lambda.amazonaws.com", "GetFunction20150331v2", () => ({ functionName: "orders" })],
  ["dynamodb.amazonaws.com", "DescribeTable", () => ({ tableName: "orders" })],
  [
    "cloudtrail.amazonaws.com",
    "LookupEvents",
    () => ({
      maxResults: 50,
      lookupAttributes: [{ attributeKey: "EventName", attributeValue: "ConsoleLogin" }],
    }),
  ],
  ["config.amazonaws.com", "DescribeConfigRules", () => ({})],
  ["backup.amazonaws.com", "ListBackupVaults", () => ({ maxResults: 1000 })],
]

const createDbInstance = (encrypted: boolean | undefined, engine = "postgres"): Call => [
  "rds.amazonaws.com",
  "CreateDBInstance",
  (pick) => ({
    dBInstanceIdentifier: `orders-${Math.floor(pick() * 1000)}`,
    allocatedStorage: 20,
    dBInstanceClass: "db.t4g.micro",
    engine,
    masterUsername: "app",
    masterUserPassword: "HIDDEN_DUE_TO_SECURITY_REASONS",
    vpcSecurityGroupIds: ["sg-0123456789abcdef0"],
    dBSubnetGroupName: "private",
    backupRetentionPeriod: 7,
    multiAZ: false,
    ...(encrypted === undefined ? {} : { storageEncrypted: encrypted }),
  }),
  {
    dBInstanceIdentifier: "orders",
    dBInstanceClass: "db.t4g.micro",
    engine,
    dBInstanceStatus: "creating",
    masterUsername: "app",
    allocatedStorage: 20,
    preferredBackupWindow: "03:00-03:30",
    backupRetentionPeriod: 7,
    dBSecurityGroups: [],
    vpcSecurityGroups: [{ vpcSecurityGroupId: "sg-0123456789abcdef0", status: "active" }],
    dBParameterGroups: [{ dBParameterGroupName: "default.postgres16", parameterApplyStatus: "in-sync" }],
    storageEncrypted: encrypted === true,
    dbiResourceId: "db-ABCDEFGHIJKLMNOPQRSTUVWXY",
  },
]

const writes: ReadonlyArray<Call> = [
  [
    "ec2.amazonaws.com",
    "RunInstances",
    () => ({
      instancesSet: { items: [{ imageId: "ami-0123456789abcdef0", minCount: 1, maxCount: 1 }] },
      instanceType: "t3.micro",
    }),
    instanceResponse,
  ],
  [
    "s3.amazonaws.com",
    "PutObject",
    (pick) => ({
      bucketName: "app-data",
      Host: "app-data.s3.eu-west-1.amazonaws.com",
      key: `uploads/${Math.floor(pick() * 1e6)}.json`,
    }),
  ],
  ["lambda.amazonaws.com", "UpdateFunctionCode20150331v2", () => ({ functionName: "orders", publish: true })],
  [
    "iam.amazonaws.com",
    "PutRolePolicy",
    () => ({
      roleName: "OrdersService",
      policyName: "inline",
      policyDocument:
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}]}',
    }),
  ],
  [
    "cloudformation.amazonaws.com",
    "UpdateStack",
    () => ({
      stackName: "orders",
      templateURL: "https://s3.amazonaws.com/cfn/orders.yaml",
      capabilities: ["CAPABILITY_IAM"],
    }),
  ],
  [
    "sts.amazonaws.com",
    "AssumeRole",
    () => ({
      roleArn: "arn:aws:iam::222222222222:role/Deployer",
      roleSessionName: "ci",
      durationSeconds: 3600,
    }),
    {
      credentials: {
        accessKeyId: "ASIAEXAMPLE",
        sessionToken: "IQoJb3JpZ2luX2VjEXAMPLETOKEN",
        expiration: "Nov 20, 2026, 9:00:00 AM",
      },
    },
  ],
]

interface Profile {
  readonly role: string
  readonly path?: string
  readonly weight: number
  readonly writeShare: number
  readonly creates: ReadonlyArray<Call>
}

/** rds:CreateDBInstance as different callers send it: unencrypted, without the flag, encrypted, Aurora. */
const profiles: ReadonlyArray<Profile> = [
  {
    role: "Developer",
    weight: 30,
    writeShare: 0.05,
    creates: [createDbInstance(false), createDbInstance(undefined), createDbInstance(true)],
  },
  {
    role: "DataEngineer",
    weight: 20,
    writeShare: 0.03,
    creates: [createDbInstance(true), createDbInstance(undefined, "aurora-postgresql")],
  },
  { role: "Deployer", path: "/ci/", weight: 15, writeShare: 0.3, creates: [createDbInstance(true)] },
  { role: "RampartPipeline", weight: 5, writeShare: 0.2, creates: [createDbInstance(false)] },
  { role: "ReadOnly", weight: 20, writeShare: 0, creates: [] },
  {
    role: "AWSServiceRoleForRDS",
    path: "/aws-service-role/rds.amazonaws.com/",
    weight: 5,
    writeShare: 0,
    creates: [],
  },
  { role: "Admin", weight: 5, writeShare: 0.1, creates: [createDbInstance(false)] },
]

const userAgents = [
  "aws-cli/2.22.0 md/awscrt#0.22.0 ua/2.1 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe prompt/off",
  "aws-sdk-js/3.700.0 ua/2.1 os/linux#5.10.227-219.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 api/rds#3.700.0 m/E",
  "Boto3/1.35.60 md/Botocore#1.35.60 ua/2.0 os/linux#5.10.227 md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.60",
  "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.76.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.32.4 ua/2.1 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/rds#1.91.0",
]

const hex = (pick: () => number, length: number): string => {
  let out = ""
  for (let i = 0; i < length; i++) out += "0123456789abcdef"[Math.floor(pick() * 16)]
  return out
}
const uuid = (pick: () => number): string =>
  `${hex(pick, 8)}-${hex(pick, 4)}-4${hex(pick, 3)}-8${hex(pick, 3)}-${hex(pick, 12)}`

const roleIdentity = (
  profile: Profile,
  account: string,
  session: string,
  created: string,
  pick: () => number,
) => ({
  type: "AssumedRole",
  principalId: `AROA${hex(pick, 16).toUpperCase()}:${session}`,
  arn: `arn:aws:sts::${account}:assumed-role/${profile.role}/${session}`,
  accountId: account,
  accessKeyId: `ASIA${hex(pick, 16).toUpperCase()}`,
  sessionContext: {
    sessionIssuer: {
      type: "Role",
      principalId: `AROA${hex(pick, 16).toUpperCase()}`,
      arn: `arn:aws:iam::${account}:role${profile.path ?? "/"}${profile.role}`,
      accountId: account,
      userName: profile.role,
    },
    attributes: { creationDate: created, mfaAuthenticated: profile.role === "Admin" ? "true" : "false" },
  },
})

export interface SampleSummary {
  readonly events: number
  readonly bytes: number
}

/**
 * Writes `count` events as one CloudTrail log file (`{"Records": [...]}`). About 1 % are events replay skips
 * (service events, console sign-ins), 1 % are in the management account, a few in a thousand create RDS
 * instances, some unencrypted.
 */
export const writeSampleLog = async (file: string, count: number, seed = 7): Promise<SampleSummary> => {
  const pick = random(seed)
  const out = createWriteStream(file, { highWaterMark: 1 << 22 })
  let bytes = 0
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text)
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", resolve))
  }
  const totalWeight = profiles.reduce((sum, p) => sum + p.weight, 0)
  const choose = <T>(items: ReadonlyArray<T>): T => items[Math.floor(pick() * items.length)] as T
  let time = Date.UTC(2026, 10, 20, 0, 0, 0)
  let written = 0
  let buffer: string[] = []
  await write('{"Records":[')
  while (written < count) {
    // One session's burst of calls.
    let remaining = pick() * totalWeight
    let profile = profiles[0] as Profile
    for (const candidate of profiles) {
      profile = candidate
      remaining -= candidate.weight
      if (remaining < 0) break
    }
    const account = pick() < 0.01 ? managementAccount : choose(memberAccounts)
    const session = `${profile.role.toLowerCase()}-${Math.floor(pick() * 40)}`
    const created = new Date(time - Math.floor(pick() * 3_600_000)).toISOString().replace(/\.\d+Z$/, "Z")
    const identity = roleIdentity(profile, account, session, created, pick)
    const userAgent = choose(userAgents)
    const address = `203.0.113.${Math.floor(pick() * 250) + 1}`
    const burst = 1 + Math.floor(pick() * 40)
    for (let b = 0; b < burst && written < count; b++) {
      time += Math.floor(pick() * 400)
      const eventTime = new Date(time).toISOString().replace(/\.\d+Z$/, "Z")
      const roll = pick()
      const call: Call =
        profile.creates.length > 0 && roll < 0.004
          ? choose(profile.creates)
          : roll < profile.writeShare
            ? choose(writes)
            : choose(reads)
      const [source, name, parameters, response] = call
      const special = pick()
      const event = {
        eventVersion: "1.10",
        userIdentity: special < 0.004 ? { type: "AWSService", invokedBy: "lambda.amazonaws.com" } : identity,
        eventTime,
        eventSource: special < 0.007 && special >= 0.004 ? "kms.amazonaws.com" : source,
        eventName: special < 0.007 && special >= 0.004 ? "RotateKey" : name,
        awsRegion: "eu-west-1",
        sourceIPAddress: address,
        userAgent,
        ...(special > 0.995
          ? {
              errorCode: "AccessDenied",
              errorMessage: `User: ${identity.arn} is not authorized to perform: ${name}`,
            }
          : {}),
        requestParameters: parameters ? parameters(pick) : null,
        responseElements: response ?? null,
        requestID: uuid(pick),
        eventID: uuid(pick),
        readOnly: call !== undefined && reads.includes(call),
        eventType: special < 0.007 && special >= 0.004 ? "AwsServiceEvent" : "AwsApiCall",
        managementEvent: source !== "s3.amazonaws.com",
        recipientAccountId: account,
        eventCategory: source === "s3.amazonaws.com" && name !== "ListBuckets" ? "Data" : "Management",
        tlsDetails: {
          tlsVersion: "TLSv1.3",
          cipherSuite: "TLS_AES_128_GCM_SHA256",
          clientProvidedHostHeader: `${source.split(".")[0]}.eu-west-1.amazonaws.com`,
        },
      }
      buffer.push(JSON.stringify(event))
      written++
      if (buffer.length === 5000) {
        await write((written > 5000 ? "," : "") + buffer.join(","))
        buffer = []
      }
    }
  }
  if (buffer.length > 0) await write((written > buffer.length ? "," : "") + buffer.join(","))
  await write("]}")
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  )
  return { events: written, bytes }
}
