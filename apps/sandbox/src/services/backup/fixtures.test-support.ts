import { BackupClient } from "@aws-sdk/client-backup"
import { clientConfig, useSandbox } from "../../fixtures.test-support.ts"
import type { ServiceDefinition } from "../../operation.ts"
import type { SandboxOptions } from "../../sandbox.ts"
import { services } from "../index.ts"
import { kmsService } from "../kms/index.ts"
import { backupService } from "./index.ts"

/*
 * Test helpers for the Backup service. Backup (and KMS, whose keys vaults use) may not be registered in
 * `services/index.ts` yet, so the sandbox is started with them added when missing.
 */

/** The sandbox's services with KMS and Backup. */
export const servicesWithBackup: ReadonlyArray<ServiceDefinition> = [
  ...services,
  ...[kmsService, backupService].filter((service) => !services.includes(service)),
]

/** A sandbox for the file's tests, with Backup and KMS. */
export const useBackupSandbox = (options: Partial<SandboxOptions> = {}) =>
  useSandbox({ services: servicesWithBackup, ...options })

/** The SDK v3 Backup client as the test key (the management account's Admin role) in `region`. */
export const backupClient = (url: string, region = "us-east-1"): BackupClient =>
  new BackupClient(clientConfig(url, undefined, region))

/** One day of simulated time. */
export const dayMs = 24 * 60 * 60 * 1000

/** The management account the test key acts in. */
export const account = "999999999999"

/** An RDS instance of the test account, to back up. */
export const dbArn = (name: string, region = "us-east-1"): string =>
  `arn:aws:rds:${region}:${account}:db:${name}`

/** A role AWS Backup may assume. */
export const backupRole = `arn:aws:iam::${account}:role/service-role/AWSBackupDefaultServiceRole`
