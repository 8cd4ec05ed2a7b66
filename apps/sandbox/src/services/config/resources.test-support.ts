import {
  type ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service"
import type { ConfigurationItem } from "@rampart/model"
import { testScenario } from "../../fixtures.test-support.ts"
import type { ServiceDefinition } from "../../operation.ts"
import type { Scenario } from "../../scenario/scenario.ts"
import { services } from "../index.ts"

/*
 * Test scaffolding for the sandbox's own extension point: a service that only provides configuration items, so
 * Config's tests control the resources their rules judge without depending on the RDS or Backup services.
 */

const held = new Map<string, ConfigurationItem[]>()

/** Replaces the resources recorded in an account and Region. */
export const setResources = (
  account: string,
  region: string,
  items: ReadonlyArray<ConfigurationItem>,
): void => {
  held.set(`${account}/${region}`, [...items])
}

/** A service that records the resources `setResources` holds. */
export const testResourcesService: ServiceDefinition = {
  signingName: "testresources",
  actionPrefix: "testresources",
  eventSource: "testresources.amazonaws.com",
  protocol: "awsJson1_1",
  targetPrefix: "TestResources",
  operations: [],
  configurationItems: (_store, account, region) =>
    (held.get(`${account}/${region}`) ?? []).map((item) => ({
      ...item,
      accountId: account,
      awsRegion: region,
    })),
}

/** An RDS DB instance as Config records it; compliant with the rds-security pack unless `configuration` says otherwise. */
export const dbInstance = (
  account: string,
  region: string,
  name: string,
  configuration: Readonly<Record<string, unknown>> = {},
): ConfigurationItem => ({
  resourceType: "AWS::RDS::DBInstance",
  resourceId: `db-${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
  resourceName: name,
  arn: `arn:aws:rds:${region}:${account}:db:${name}`,
  accountId: account,
  awsRegion: region,
  configuration: {
    dBInstanceIdentifier: name,
    engine: "postgres",
    storageEncrypted: true,
    backupRetentionPeriod: 7,
    multiAZ: true,
    publiclyAccessible: false,
    deletionProtection: true,
    iAMDatabaseAuthenticationEnabled: true,
    enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    monitoringInterval: 60,
    autoMinorVersionUpgrade: true,
    ...configuration,
  },
})

/** Access keys of every account of the test organization (`<account>` / `secret-<account>`, role Admin). */
export const accountKeys = (account: string) => ({
  accessKeyId: `key-${account}`,
  secretAccessKey: `secret-${account}`,
})

/** The test scenario with an access key for every account. */
export const scenarioWithKeys = (extra: Partial<Scenario> = {}): Scenario => ({
  ...testScenario,
  accessKeys: [
    ...testScenario.accessKeys,
    ...["111111111111", "222222222222", "222222222223", "333333333333", "999999999999"].map((account) => ({
      ...accountKeys(account),
      account,
      role: "Admin",
    })),
  ],
  ...extra,
})

/** Turns Config on in the client's account and Region: a recorder, a delivery channel, recording. */
export const turnOnConfig = async (client: ConfigServiceClient): Promise<void> => {
  await client.send(
    new PutConfigurationRecorderCommand({
      ConfigurationRecorder: { name: "default", roleARN: "arn:aws:iam::123456789012:role/config-role" },
    }),
  )
  await client.send(
    new PutDeliveryChannelCommand({ DeliveryChannel: { name: "default", s3BucketName: "config-bucket" } }),
  )
  await client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }))
}

/**
 * The sandbox's registered services plus `extra`, each once: tests name the services they need, which stays
 * right once those services are registered in `services/index.ts` too.
 */
export const withServices = (
  ...extra: ReadonlyArray<ServiceDefinition>
): ReadonlyArray<ServiceDefinition> => [
  ...services,
  ...extra.filter(
    (service) => !services.some((registered) => registered.signingName === service.signingName),
  ),
]
