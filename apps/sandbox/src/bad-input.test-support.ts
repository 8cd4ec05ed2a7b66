import type { CallContext, Input, ServiceDefinition } from "./operation.ts"
import type { Sandbox } from "./sandbox.ts"
import { ServiceError } from "./service-error.ts"

/** Field names the IAM and KMS operations read, to be filled with odd values. */
const fields = [
  "RoleName",
  "Path",
  "AssumeRolePolicyDocument",
  "PolicyDocument",
  "PolicyName",
  "PolicyArn",
  "Tags",
  "TagKeys",
  "MaxItems",
  "Marker",
  "Description",
  "MaxSessionDuration",
  "VersionId",
  "Scope",
  "OnlyAttached",
  "PathPrefix",
  "PolicyUsageFilter",
  "AWSServiceName",
  "CustomSuffix",
  "DeletionTaskId",
  "KeyId",
  "AliasName",
  "TargetKeyId",
  "Policy",
  "Operations",
  "GranteePrincipal",
  "RetiringPrincipal",
  "Constraints",
  "Name",
  "GrantId",
  "GrantToken",
  "PendingWindowInDays",
  "RotationPeriodInDays",
  "Limit",
  "KeySpec",
  "KeyUsage",
  "CustomerMasterKeySpec",
  "Origin",
  "MultiRegion",
  "BypassPolicyLockoutSafetyCheck",
  "DryRun",
]

/** Values no well-behaved client sends. */
const oddValues: ReadonlyArray<unknown> = [
  null,
  5,
  -1,
  1.5,
  "",
  "x",
  "true",
  [],
  [null],
  [{}],
  [{ Key: 5, TagKey: null }],
  {},
  { a: null },
  true,
  "alias/aws/rds",
  "arn:aws:kms:us-east-1:999999999999:alias/aws/rds",
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:kms:",
  "{}",
  '{"Statement":[{}]}',
  "x".repeat(5000),
]

/** A small deterministic generator, so a failure can be replayed. */
const generator = (seed: number) => {
  let state = seed
  return (n: number): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state % n
  }
}

/**
 * Calls every operation's resource, condition keys and handler with odd inputs (every field the same odd value,
 * then random mixes) and returns the failures that were not ServiceErrors: a handler must never crash.
 */
export const crashesOnOddInput = async (
  sandbox: Promise<Sandbox>,
  service: ServiceDefinition,
): Promise<string[]> => {
  const { parts } = await sandbox
  const credential = parts.store.credentials.get("test")
  if (!credential) throw new Error("the test scenario has no `test` key")
  const context: CallContext = {
    caller: credential.principal,
    account: credential.principal.account,
    region: "us-east-1",
    partition: "aws",
    requestId: "robustness",
    store: parts.store,
    clock: parts.clock,
    accessKeyId: credential.accessKeyId,
    trail: parts.trail,
    services: parts.services,
  }
  const random = generator(42)
  const inputs: Input[] = [
    {},
    ...oddValues.map((value) => Object.fromEntries(fields.map((f) => [f, value]))),
    ...Array.from({ length: 150 }, () =>
      Object.fromEntries(
        fields.filter(() => random(2) === 0).map((f) => [f, oddValues[random(oddValues.length)]]),
      ),
    ),
  ]
  const crashes: string[] = []
  for (const operation of service.operations)
    for (const input of inputs)
      for (const step of [
        () => operation.resource?.(input, context),
        () => operation.conditionKeys?.(input, context),
        () => operation.handle(input, context),
      ]) {
        try {
          step()
        } catch (error) {
          if (!(error instanceof ServiceError))
            crashes.push(`${operation.name} ${JSON.stringify(input).slice(0, 200)}: ${String(error)}`)
        }
      }
  return crashes
}
