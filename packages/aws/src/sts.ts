import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts"
import { Context, Effect, Layer } from "effect"
import { type AwsError, AwsFailure } from "./aws-error.ts"
import { awsCall } from "./call.ts"
import { type ClientCredentials, ClientSettings, clientOptions } from "./client-settings.ts"
import { clientsByScope } from "./private/clients-by-scope.ts"
import type { Scope } from "./scope.ts"

/** Who the credentials belong to. */
export interface CallerIdentity {
  readonly accountId: string
  readonly arn: string
  readonly userId: string
}

/** A role session to open. */
export interface AssumeRoleRequest {
  readonly roleArn: string
  /** Shown in the target account's CloudTrail as the session name; 2 to 64 characters of `\w+=,.@-`. */
  readonly sessionName: string
  /** The external id the role's trust policy requires, if it requires one. */
  readonly externalId?: string
  /** The session's lifetime; AWS's default is one hour, the role's maximum session duration its upper bound. */
  readonly durationSeconds?: number
}

/** The STS operations Rampart uses. Without a scope, calls go to the default Region with the default credentials. */
export interface StsShape {
  readonly getCallerIdentity: (scope?: Scope) => Effect.Effect<CallerIdentity, AwsError>
  /**
   * What time it is at AWS, from the Date header of an STS answer: the clock that stamps CloudTrail events, so
   * windows of events are measured on it rather than on this machine's clock (to the second; this machine's clock
   * when the header is missing).
   */
  readonly serverTime: (scope?: Scope) => Effect.Effect<Date, AwsError>
  /** Temporary credentials of the role session, with the time they expire. */
  readonly assumeRole: (
    request: AssumeRoleRequest,
    scope?: Scope,
  ) => Effect.Effect<ClientCredentials, AwsError>
}

/** AWS Security Token Service. */
export class Sts extends Context.Service<Sts, StsShape>()("rampart/aws/Sts") {}

const service = "sts"

/** STS through the SDK v3 client (regional endpoints), one client per Region and access key for the life of the layer. */
export const stsLive: Layer.Layer<Sts, never, ClientSettings> = Layer.effect(
  Sts,
  Effect.gen(function* () {
    const settings = yield* ClientSettings
    const clientFor = yield* clientsByScope(
      service,
      (scope, connections) =>
        new STSClient(clientOptions(settings, scope.region, scope.credentials, connections)),
    )
    const clientOf = (scope: Scope | undefined) => clientFor(scope ?? { region: settings.region })
    return {
      getCallerIdentity: (scope) =>
        awsCall(service, "GetCallerIdentity", (abortSignal) =>
          clientOf(scope).send(new GetCallerIdentityCommand({}), { abortSignal }),
        ).pipe(Effect.map((r) => ({ accountId: r.Account ?? "", arn: r.Arn ?? "", userId: r.UserId ?? "" }))),
      serverTime: (scope) =>
        awsCall(service, "GetCallerIdentity", (abortSignal) => {
          const command = new GetCallerIdentityCommand({})
          let date: string | undefined
          command.middlewareStack.add(
            (next) => async (args) => {
              const output = await next(args)
              date = (output.response as { headers?: Record<string, string> }).headers?.date
              return output
            },
            { step: "deserialize", name: "rampartServerTime" },
          )
          return clientOf(scope)
            .send(command, { abortSignal })
            .then(() => date)
        }).pipe(
          Effect.map((date) =>
            date === undefined || Number.isNaN(Date.parse(date)) ? new Date() : new Date(date),
          ),
        ),
      assumeRole: (request, scope) =>
        awsCall(service, "AssumeRole", (abortSignal) =>
          clientOf(scope).send(
            new AssumeRoleCommand({
              RoleArn: request.roleArn,
              RoleSessionName: request.sessionName,
              ExternalId: request.externalId,
              DurationSeconds: request.durationSeconds,
            }),
            { abortSignal },
          ),
        ).pipe(
          Effect.flatMap(({ Credentials: credentials }) =>
            credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined
              ? Effect.fail(
                  new AwsFailure({
                    service,
                    operation: "AssumeRole",
                    code: "MissingCredentials",
                    message: `STS answered AssumeRole of ${request.roleArn} without credentials`,
                    retryable: false,
                  }),
                )
              : Effect.succeed({
                  accessKeyId: credentials.AccessKeyId,
                  secretAccessKey: credentials.SecretAccessKey,
                  ...(credentials.SessionToken === undefined
                    ? {}
                    : { sessionToken: credentials.SessionToken }),
                  ...(credentials.Expiration === undefined ? {} : { expiration: credentials.Expiration }),
                }),
          ),
        ),
    }
  }),
)
