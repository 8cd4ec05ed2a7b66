import {
  CloudTrailClient,
  DescribeTrailsCommand,
  type Event,
  GetTrailStatusCommand,
  type GetTrailStatusResponse,
  LookupEventsCommand,
  type Trail,
} from "@aws-sdk/client-cloudtrail"
import { Context, Effect, Layer } from "effect"
import type { AwsError } from "./aws-error.ts"
import { allPages, awsCall } from "./call.ts"
import { ClientSettings, clientOptions } from "./client-settings.ts"
import { clientsByScope } from "./private/clients-by-scope.ts"
import { withoutMetadata } from "./private/without-metadata.ts"
import type { Scope } from "./scope.ts"

export type { Event as CloudTrailEvent, GetTrailStatusResponse, Trail } from "@aws-sdk/client-cloudtrail"

/** Which management events LookupEvents returns: a time range, optionally one event name (`CreateDBInstance`). */
export interface EventQuery {
  readonly startTime: Date
  readonly endTime: Date
  readonly eventName?: string
}

/** The CloudTrail reads of one account and Region. */
export interface CloudTrailReader {
  /**
   * The trails this Region knows, including shadow trails: multi-Region trails homed in another Region and the
   * organization's trail, which the management account owns.
   */
  readonly describeTrails: Effect.Effect<ReadonlyArray<Trail>, AwsError>
  /** Whether a trail is logging, and its latest deliveries; a trail is named by name or, for a shadow, by ARN. */
  readonly getTrailStatus: (trail: string) => Effect.Effect<GetTrailStatusResponse, AwsError>
  /** The management events of the last 90 days in a time range, all pages, newest first. */
  readonly lookupEvents: (query: EventQuery) => Effect.Effect<ReadonlyArray<Event>, AwsError>
}

/** The CloudTrail operations Rampart uses: reads, per account session and Region. */
export interface CloudTrailShape {
  readonly reader: (scope: Scope) => CloudTrailReader
}

/** AWS CloudTrail. */
export class CloudTrail extends Context.Service<CloudTrail, CloudTrailShape>()("rampart/aws/CloudTrail") {}

const service = "cloudtrail"

/** CloudTrail through the SDK v3 client, one client per Region and access key for the life of the layer. */
export const cloudTrailLive: Layer.Layer<CloudTrail, never, ClientSettings> = Layer.effect(
  CloudTrail,
  Effect.gen(function* () {
    const settings = yield* ClientSettings
    const clientFor = yield* clientsByScope(
      service,
      (scope, connections) =>
        new CloudTrailClient(clientOptions(settings, scope.region, scope.credentials, connections)),
    )
    return {
      reader: (scope) => {
        const client = clientFor(scope)
        return {
          describeTrails: awsCall(service, "DescribeTrails", (abortSignal) =>
            client.send(new DescribeTrailsCommand({}), { abortSignal }),
          ).pipe(Effect.map((r) => r.trailList ?? [])),
          getTrailStatus: (Name) =>
            awsCall(service, "GetTrailStatus", (abortSignal) =>
              client.send(new GetTrailStatusCommand({ Name }), { abortSignal }),
            ).pipe(Effect.map(withoutMetadata)),
          lookupEvents: (query) =>
            allPages(
              (NextToken) =>
                awsCall(service, "LookupEvents", (abortSignal) =>
                  client.send(
                    new LookupEventsCommand({
                      StartTime: query.startTime,
                      EndTime: query.endTime,
                      ...(query.eventName === undefined
                        ? {}
                        : {
                            LookupAttributes: [
                              { AttributeKey: "EventName", AttributeValue: query.eventName },
                            ],
                          }),
                      NextToken,
                    }),
                    { abortSignal },
                  ),
                ),
              (r) => r.Events,
              (r) => r.NextToken,
            ),
        }
      },
    }
  }),
)
