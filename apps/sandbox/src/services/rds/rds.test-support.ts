import { CreateAliasCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms"
import { RDSClient } from "@aws-sdk/client-rds"
import { clientConfig, testScenario, useSandbox } from "../../fixtures.test-support.ts"
import type { Scenario } from "../../scenario/scenario.ts"

/**
 * Starts a sandbox with every registered service (RDS resolves its keys through KMS) and an optional scenario.
 * RDS refuses KMS keys that do not exist: create them with `createKmsKey` or seed them in `resources.kms`.
 */
export const useRdsSandbox = (scenario: Partial<Scenario> = {}) =>
  useSandbox({ scenario: { ...testScenario, ...scenario } })

/** The management account's admin key of the test scenario (account 999999999999). */
export const adminKey = { accessKeyId: "test", secretAccessKey: "test" }
/** The Developer key of the test scenario (account 222222222222, under /Workloads/Dev). */
export const devKey = { accessKeyId: "dev", secretAccessKey: "dev-secret" }

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

/** An RDS SDK v3 client pointed at the sandbox. */
export const rdsClient = (
  url: string,
  credentials: Credentials = adminKey,
  region = "us-east-1",
): RDSClient => new RDSClient(clientConfig(url, credentials, region))

/** A KMS SDK v3 client pointed at the sandbox. */
export const kmsClient = (
  url: string,
  credentials: Credentials = adminKey,
  region = "us-east-1",
): KMSClient => new KMSClient(clientConfig(url, credentials, region))

/**
 * Creates a customer managed key through the sandbox's KMS (CreateKey, then CreateAlias when `alias` is given), in
 * the account of `credentials` (the admin key's management account by default) and `region`.
 */
export const createKmsKey = async (
  url: string,
  options: { alias?: string; credentials?: Credentials; region?: string; description?: string } = {},
): Promise<{ keyId: string; arn: string }> => {
  const kms = kmsClient(url, options.credentials, options.region)
  const created = await kms.send(new CreateKeyCommand({ Description: options.description ?? "RDS test key" }))
  const keyId = created.KeyMetadata?.KeyId
  const arn = created.KeyMetadata?.Arn
  if (keyId === undefined || arn === undefined) throw new Error("CreateKey answered without KeyMetadata")
  if (options.alias !== undefined)
    await kms.send(new CreateAliasCommand({ AliasName: options.alias, TargetKeyId: keyId }))
  return { keyId, arn }
}

export const minutes = (count: number): number => count * 60_000
