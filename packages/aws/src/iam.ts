import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  type Role,
  UpdateAssumeRolePolicyCommand,
} from "@aws-sdk/client-iam"
import { Context, Effect, Layer } from "effect"
import { type AwsError, isNotFound } from "./aws-error.ts"
import { allPages, awsCall, idempotentWrite } from "./call.ts"
import { ClientSettings, clientOptions } from "./client-settings.ts"
import { clientsByScope } from "./private/clients-by-scope.ts"
import type { Scope } from "./scope.ts"

export type { Role as IamRole } from "@aws-sdk/client-iam"

/** A role to create: its name, trust policy, description, longest session and tags. */
export interface NewRole {
  readonly name: string
  readonly trustPolicy: unknown
  readonly description?: string
  readonly maxSessionDurationSeconds?: number
  readonly tags?: Readonly<Record<string, string>>
}

/**
 * The IAM operations Rampart uses on its own roles in one account (IAM is global; the scope's credentials say
 * which account). Policy documents go in and come out as parsed JSON: IAM hands them back URL-encoded, and that is
 * undone here. Reading a role that is not there answers undefined; removing something already gone answers
 * "not-found", so a resumed rollback can repeat it.
 */
export interface IamRoles {
  readonly getRole: (
    name: string,
  ) => Effect.Effect<(Role & { readonly trustPolicy: unknown }) | undefined, AwsError>
  readonly listRolePolicies: (roleName: string) => Effect.Effect<ReadonlyArray<string>, AwsError>
  readonly getRolePolicy: (roleName: string, policyName: string) => Effect.Effect<unknown, AwsError>
  /** Creates the role; answers its ARN. */
  readonly createRole: (role: NewRole) => Effect.Effect<string, AwsError>
  readonly updateTrustPolicy: (roleName: string, trustPolicy: unknown) => Effect.Effect<void, AwsError>
  readonly putRolePolicy: (
    roleName: string,
    policyName: string,
    document: unknown,
  ) => Effect.Effect<void, AwsError>
  readonly deleteRolePolicy: (
    roleName: string,
    policyName: string,
  ) => Effect.Effect<"deleted" | "not-found", AwsError>
  readonly deleteRole: (roleName: string) => Effect.Effect<"deleted" | "not-found", AwsError>
}

/** The IAM operations Rampart uses, per account session. */
export interface IamShape {
  readonly roles: (scope: Scope) => IamRoles
}

/** AWS Identity and Access Management. */
export class Iam extends Context.Service<Iam, IamShape>()("rampart/aws/Iam") {}

const service = "iam"

const parsedDocument = (text: string | undefined): unknown =>
  text === undefined ? undefined : JSON.parse(decodeURIComponent(text))

/** IAM through the SDK v3 client, one client per access key (IAM's endpoint is global, signed for us-east-1). */
export const iamLive: Layer.Layer<Iam, never, ClientSettings> = Layer.effect(
  Iam,
  Effect.gen(function* () {
    const settings = yield* ClientSettings
    const clientFor = yield* clientsByScope(
      service,
      (scope, connections) =>
        new IAMClient(clientOptions(settings, "us-east-1", scope.credentials, connections)),
    )
    return {
      roles: (scope) => {
        const client = clientFor({ ...scope, region: "us-east-1" })
        return {
          getRole: (RoleName) =>
            awsCall(service, "GetRole", (abortSignal) =>
              client.send(new GetRoleCommand({ RoleName }), { abortSignal }),
            ).pipe(
              Effect.map((r) =>
                r.Role === undefined
                  ? undefined
                  : { ...r.Role, trustPolicy: parsedDocument(r.Role.AssumeRolePolicyDocument) },
              ),
              Effect.catchIf(isNotFound, () => Effect.succeed(undefined)),
            ),
          listRolePolicies: (RoleName) =>
            allPages(
              (Marker) =>
                awsCall(service, "ListRolePolicies", (abortSignal) =>
                  client.send(new ListRolePoliciesCommand({ RoleName, Marker }), { abortSignal }),
                ),
              (r) => r.PolicyNames,
              (r) => (r.IsTruncated ? r.Marker : undefined),
            ),
          getRolePolicy: (RoleName, PolicyName) =>
            awsCall(service, "GetRolePolicy", (abortSignal) =>
              client.send(new GetRolePolicyCommand({ RoleName, PolicyName }), { abortSignal }),
            ).pipe(Effect.map((r) => parsedDocument(r.PolicyDocument))),
          createRole: (role) =>
            awsCall(service, "CreateRole", (abortSignal) =>
              client.send(
                new CreateRoleCommand({
                  RoleName: role.name,
                  AssumeRolePolicyDocument: JSON.stringify(role.trustPolicy),
                  Description: role.description,
                  MaxSessionDuration: role.maxSessionDurationSeconds,
                  Tags: Object.entries(role.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
                }),
                { abortSignal },
              ),
            ).pipe(Effect.map((r) => r.Role?.Arn ?? "")),
          updateTrustPolicy: (RoleName, trustPolicy) =>
            awsCall(service, "UpdateAssumeRolePolicy", (abortSignal) =>
              client.send(
                new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: JSON.stringify(trustPolicy) }),
                { abortSignal },
              ),
            ).pipe(Effect.asVoid),
          putRolePolicy: (RoleName, PolicyName, document) =>
            awsCall(service, "PutRolePolicy", (abortSignal) =>
              client.send(
                new PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument: JSON.stringify(document) }),
                { abortSignal },
              ),
            ).pipe(Effect.asVoid),
          deleteRolePolicy: (RoleName, PolicyName) =>
            awsCall(service, "DeleteRolePolicy", (abortSignal) =>
              client.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }), { abortSignal }),
            ).pipe(idempotentWrite("deleted", "not-found", isNotFound)),
          deleteRole: (RoleName) =>
            awsCall(service, "DeleteRole", (abortSignal) =>
              client.send(new DeleteRoleCommand({ RoleName }), { abortSignal }),
            ).pipe(idempotentWrite("deleted", "not-found", isNotFound)),
        }
      },
    }
  }),
)
