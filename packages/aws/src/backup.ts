import {
  BackupClient,
  type BackupPlansListMember,
  type BackupSelectionsListMember,
  type BackupVaultListMember,
  CreateBackupVaultCommand,
  DeleteBackupVaultCommand,
  DeleteBackupVaultLockConfigurationCommand,
  DescribeBackupVaultCommand,
  type DescribeBackupVaultOutput,
  GetBackupPlanCommand,
  type GetBackupPlanOutput,
  GetBackupSelectionCommand,
  type GetBackupSelectionOutput,
  GetBackupVaultAccessPolicyCommand,
  type GetBackupVaultAccessPolicyOutput,
  GetBackupVaultNotificationsCommand,
  type GetBackupVaultNotificationsOutput,
  ListBackupPlansCommand,
  ListBackupSelectionsCommand,
  ListBackupVaultsCommand,
  ListRecoveryPointsByBackupVaultCommand,
  PutBackupVaultLockConfigurationCommand,
  type RecoveryPointByBackupVault,
} from "@aws-sdk/client-backup"
import { Context, Effect, Layer } from "effect"
import { type AwsError, isNotFound } from "./aws-error.ts"
import { allPages, awsCall, hasCode, idempotentWrite } from "./call.ts"
import { ClientSettings, clientOptions } from "./client-settings.ts"
import { clientsByScope } from "./private/clients-by-scope.ts"
import { withoutMetadata } from "./private/without-metadata.ts"
import type { Scope } from "./scope.ts"

export type {
  BackupPlansListMember,
  BackupSelectionsListMember,
  BackupVaultListMember,
  DescribeBackupVaultOutput,
  GetBackupPlanOutput,
  GetBackupSelectionOutput,
  GetBackupVaultAccessPolicyOutput,
  GetBackupVaultNotificationsOutput,
  RecoveryPointByBackupVault,
} from "@aws-sdk/client-backup"

/** The AWS Backup reads of one account and Region. */
export interface BackupReader {
  readonly listBackupVaults: Effect.Effect<ReadonlyArray<BackupVaultListMember>, AwsError>
  readonly describeBackupVault: (vaultName: string) => Effect.Effect<DescribeBackupVaultOutput, AwsError>
  /** The vault's resource-based policy; undefined when the vault has none. */
  readonly getBackupVaultAccessPolicy: (
    vaultName: string,
  ) => Effect.Effect<GetBackupVaultAccessPolicyOutput | undefined, AwsError>
  /** The SNS topic and events the vault notifies; undefined when it notifies nothing. */
  readonly getBackupVaultNotifications: (
    vaultName: string,
  ) => Effect.Effect<GetBackupVaultNotificationsOutput | undefined, AwsError>
  /** The current plans (deleted ones are left out, as AWS Backup does by default). */
  readonly listBackupPlans: Effect.Effect<ReadonlyArray<BackupPlansListMember>, AwsError>
  /** The plan's current version, with its rules. */
  readonly getBackupPlan: (planId: string) => Effect.Effect<GetBackupPlanOutput, AwsError>
  readonly listBackupSelections: (
    planId: string,
  ) => Effect.Effect<ReadonlyArray<BackupSelectionsListMember>, AwsError>
  /** A selection with what it assigns: resources, tag conditions and exclusions. */
  readonly getBackupSelection: (
    planId: string,
    selectionId: string,
  ) => Effect.Effect<GetBackupSelectionOutput, AwsError>
  readonly listRecoveryPointsByBackupVault: (
    vaultName: string,
  ) => Effect.Effect<ReadonlyArray<RecoveryPointByBackupVault>, AwsError>
}

/** A backup vault to create. */
export interface NewVault {
  readonly name: string
  /** The KMS key that encrypts its recovery points (AWS Backup's own key when absent). */
  readonly kmsKeyArn?: string
  readonly tags?: Readonly<Record<string, string>>
}

/**
 * A vault lock: retention bounds for every recovery point, and for compliance mode the days during which the lock
 * may still be removed. Without `changeableForDays` the lock is in governance mode (removable by whoever may).
 */
export interface VaultLock {
  readonly vaultName: string
  readonly minRetentionDays: number
  readonly maxRetentionDays: number
  readonly changeableForDays?: number
}

/**
 * The AWS Backup changes a rollout makes in one account and Region. Creating a vault that exists answers
 * "already-exists"; deleting one that is gone answers "not-found"; both can be repeated by a resumed rollout. A
 * compliance-mode lock can no longer be removed once its changeable days have passed: AWS refuses, and so does
 * `deleteVaultLock` (with AWS's error).
 */
export interface BackupWriter {
  readonly createVault: (vault: NewVault) => Effect.Effect<"created" | "already-exists", AwsError>
  readonly putVaultLock: (lock: VaultLock) => Effect.Effect<void, AwsError>
  readonly deleteVaultLock: (vaultName: string) => Effect.Effect<void, AwsError>
  readonly deleteVault: (vaultName: string) => Effect.Effect<"deleted" | "not-found", AwsError>
}

/** The AWS Backup operations Rampart uses, per account session and Region. */
export interface BackupShape {
  readonly reader: (scope: Scope) => BackupReader
  readonly writer: (scope: Scope) => BackupWriter
}

/** AWS Backup. */
export class Backup extends Context.Service<Backup, BackupShape>()("rampart/aws/Backup") {}

const service = "backup"

/** AWS Backup through the SDK v3 client, one client per Region and access key for the life of the layer. */
export const backupLive: Layer.Layer<Backup, never, ClientSettings> = Layer.effect(
  Backup,
  Effect.gen(function* () {
    const settings = yield* ClientSettings
    const clientFor = yield* clientsByScope(
      service,
      (scope, connections) =>
        new BackupClient(clientOptions(settings, scope.region, scope.credentials, connections)),
    )
    return {
      reader: (scope) => {
        const client = clientFor(scope)
        return {
          listBackupVaults: allPages(
            (NextToken) =>
              awsCall(service, "ListBackupVaults", (abortSignal) =>
                client.send(new ListBackupVaultsCommand({ NextToken }), { abortSignal }),
              ),
            (r) => r.BackupVaultList,
            (r) => r.NextToken,
          ),
          describeBackupVault: (BackupVaultName) =>
            awsCall(service, "DescribeBackupVault", (abortSignal) =>
              client.send(new DescribeBackupVaultCommand({ BackupVaultName }), { abortSignal }),
            ).pipe(Effect.map(withoutMetadata)),
          getBackupVaultAccessPolicy: (BackupVaultName) =>
            awsCall(service, "GetBackupVaultAccessPolicy", (abortSignal) =>
              client.send(new GetBackupVaultAccessPolicyCommand({ BackupVaultName }), { abortSignal }),
            ).pipe(
              Effect.map((r): GetBackupVaultAccessPolicyOutput | undefined => withoutMetadata(r)),
              Effect.catchTag("NotFound", () => Effect.succeed(undefined)),
            ),
          getBackupVaultNotifications: (BackupVaultName) =>
            awsCall(service, "GetBackupVaultNotifications", (abortSignal) =>
              client.send(new GetBackupVaultNotificationsCommand({ BackupVaultName }), { abortSignal }),
            ).pipe(
              Effect.map((r): GetBackupVaultNotificationsOutput | undefined => withoutMetadata(r)),
              Effect.catchTag("NotFound", () => Effect.succeed(undefined)),
            ),
          listBackupPlans: allPages(
            (NextToken) =>
              awsCall(service, "ListBackupPlans", (abortSignal) =>
                client.send(new ListBackupPlansCommand({ NextToken }), { abortSignal }),
              ),
            (r) => r.BackupPlansList,
            (r) => r.NextToken,
          ),
          getBackupPlan: (BackupPlanId) =>
            awsCall(service, "GetBackupPlan", (abortSignal) =>
              client.send(new GetBackupPlanCommand({ BackupPlanId }), { abortSignal }),
            ).pipe(Effect.map(withoutMetadata)),
          listBackupSelections: (BackupPlanId) =>
            allPages(
              (NextToken) =>
                awsCall(service, "ListBackupSelections", (abortSignal) =>
                  client.send(new ListBackupSelectionsCommand({ BackupPlanId, NextToken }), { abortSignal }),
                ),
              (r) => r.BackupSelectionsList,
              (r) => r.NextToken,
            ),
          getBackupSelection: (BackupPlanId, SelectionId) =>
            awsCall(service, "GetBackupSelection", (abortSignal) =>
              client.send(new GetBackupSelectionCommand({ BackupPlanId, SelectionId }), { abortSignal }),
            ).pipe(Effect.map(withoutMetadata)),
          listRecoveryPointsByBackupVault: (BackupVaultName) =>
            allPages(
              (NextToken) =>
                awsCall(service, "ListRecoveryPointsByBackupVault", (abortSignal) =>
                  client.send(new ListRecoveryPointsByBackupVaultCommand({ BackupVaultName, NextToken }), {
                    abortSignal,
                  }),
                ),
              (r) => r.RecoveryPoints,
              (r) => r.NextToken,
            ),
        }
      },
      writer: (scope) => {
        const client = clientFor(scope)
        return {
          createVault: (vault) =>
            awsCall(service, "CreateBackupVault", (abortSignal) =>
              client.send(
                new CreateBackupVaultCommand({
                  BackupVaultName: vault.name,
                  EncryptionKeyArn: vault.kmsKeyArn,
                  BackupVaultTags: vault.tags === undefined ? undefined : { ...vault.tags },
                }),
                { abortSignal },
              ),
            ).pipe(idempotentWrite("created", "already-exists", hasCode("AlreadyExistsException"))),
          putVaultLock: (lock) =>
            awsCall(service, "PutBackupVaultLockConfiguration", (abortSignal) =>
              client.send(
                new PutBackupVaultLockConfigurationCommand({
                  BackupVaultName: lock.vaultName,
                  MinRetentionDays: lock.minRetentionDays,
                  MaxRetentionDays: lock.maxRetentionDays,
                  ChangeableForDays: lock.changeableForDays,
                }),
                { abortSignal },
              ),
            ).pipe(Effect.asVoid),
          deleteVaultLock: (BackupVaultName) =>
            awsCall(service, "DeleteBackupVaultLockConfiguration", (abortSignal) =>
              client.send(new DeleteBackupVaultLockConfigurationCommand({ BackupVaultName }), {
                abortSignal,
              }),
            ).pipe(Effect.asVoid),
          deleteVault: (BackupVaultName) =>
            awsCall(service, "DeleteBackupVault", (abortSignal) =>
              client.send(new DeleteBackupVaultCommand({ BackupVaultName }), { abortSignal }),
            ).pipe(idempotentWrite("deleted", "not-found", isNotFound)),
        }
      },
    }
  }),
)
