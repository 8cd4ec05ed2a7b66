import { isIP } from "node:net"
import type { ContextValue, Request } from "../request.ts"
import { type CloudTrailEvent, textOf } from "./cloudtrail-event.ts"
import { type Principal, principalOf } from "./principal.ts"
import { actionFor, serviceFor } from "./services/registry.ts"
import type { RequestDetails } from "./services/service-knowledge.ts"
import type { SkipReason } from "./skip-reason.ts"

/** A request replayed from CloudTrail: open world, with the keys known to be absent. */
export interface ReplayRequest extends Request {
  readonly world: "open"
  readonly absentKeys: ReadonlyArray<string>
}

/** The request an event stands for, with what replay reports about it. */
export interface DerivedRequest {
  readonly ok: true
  readonly request: ReplayRequest
  readonly principal: Principal
  /** AWS refused the call (`errorCode` AccessDenied…, UnauthorizedOperation…). */
  readonly deniedInReality: boolean
}

/** What deriving gives: the request, or why the event is not replayed. */
export type Derivation = DerivedRequest | { readonly ok: false; readonly reason: SkipReason }

/**
 * The parts of an event's request that cost little to find. Replay decides most events from these alone (an
 * equivalent request was evaluated before) and builds the whole request (`requestOf`) only for the others.
 */
export interface RequestParts {
  readonly ok: true
  readonly event: CloudTrailEvent
  readonly principal: Principal
  /** `rds:CreateDBInstance`; the same string object for every event of the action. */
  readonly action: string
  readonly account: string
  readonly region: string | undefined
  /** The resource ARN, or `*`. */
  readonly resource: string
  /** What the service's knowledge added: its condition keys, known and absent. */
  readonly details: RequestDetails
  /** AWS refused the call (`errorCode` AccessDenied…, UnauthorizedOperation…). */
  readonly deniedInReality: boolean
}

/** The cheap parts of an event's request, or why the event is not replayed. */
export type PartsDerivation = RequestParts | { readonly ok: false; readonly reason: SkipReason }

export interface DeriveOptions {
  /**
   * Lower-case condition keys the caller will look at. Keys that cost work per event (times, addresses) are
   * computed only when listed; undefined means every key.
   */
  readonly keys?: ReadonlySet<string>
  /** Whether resource ARNs matter (default true); when not, the resource is `*` and fewer parameters are parsed. */
  readonly resources?: boolean
}

const eventTypeSkips: Readonly<Record<string, SkipReason>> = {
  AwsServiceEvent: "service-event",
  AwsConsoleSignIn: "console-sign-in",
  AwsConsoleAction: "console-action",
  AwsCloudTrailInsight: "insight",
  AwsVpceEvent: "network-activity",
}

/** Actions that need no permission: no policy can deny them. */
const unauthorizedActions = new Set(["sts:GetCallerIdentity"])

const deniedCodes = /^(Client\.)?(AccessDenied|UnauthorizedOperation|UnauthorizedAccess|Forbidden)/

/** Private (RFC 1918) and unique-local addresses: seen for calls through VPC endpoints, where aws:SourceIp is unset. */
const privateAddress = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|f[cd][0-9a-f]{2}:)/i

const skip = (reason: SkipReason): { readonly ok: false; readonly reason: SkipReason } => ({
  ok: false,
  reason,
})

/**
 * Derives the request one CloudTrail event stands for. The action is the IAM prefix of the event source plus the
 * event name (with the per-service corrections in services/); the principal and its keys come from
 * `userIdentity` (principal.ts); the context holds only what the event shows: `aws:RequestedRegion`,
 * `aws:CurrentTime` / `aws:EpochTime`, `aws:SourceIp` for public addresses, `aws:SourceVpce` / `aws:VpcSourceIp`
 * through an endpoint, `aws:ViaAWSService` false for direct calls, and the service's keys. Every other key is
 * unknown (the request is open-world) unless listed as absent.
 *
 * Only API calls are replayed (`eventType` AwsApiCall, or none in old events), read-only ones and those made from
 * the console included, since SCPs apply to them; everything else gives a skip reason.
 */
export const deriveRequest = (event: CloudTrailEvent, options: DeriveOptions = {}): Derivation => {
  const parts = deriveParts(event, options)
  if (!parts.ok) return parts
  return guarded(() => ({
    ok: true,
    request: requestOf(parts, options),
    principal: parts.principal,
    deniedInReality: parts.deniedInReality,
  }))
}

/** Runs a derivation; a member the scan skipped over that turns out not to be JSON skips the event. */
const guarded = <T>(derivation: () => T): T | { readonly ok: false; readonly reason: SkipReason } => {
  try {
    return derivation()
  } catch (error) {
    if (error instanceof SyntaxError) return skip("malformed-event")
    throw error
  }
}

const noDetails: RequestDetails = {}

/** The first step of `deriveRequest`: whether the event is replayed and the parts of its request. */
export const deriveParts = (event: CloudTrailEvent, options: DeriveOptions = {}): PartsDerivation =>
  guarded((): PartsDerivation => {
    const eventType = event.eventType
    if (eventType !== "AwsApiCall" && eventType !== undefined) {
      return skip((typeof eventType === "string" && eventTypeSkips[eventType]) || "other-event-type")
    }
    const source = textOf(event.eventSource)
    const eventName = textOf(event.eventName)
    if (source === undefined || eventName === undefined) return skip("incomplete-event")
    const service = serviceFor(source)
    if (service === null) return skip("unknown-event-source")
    const { name, action } = actionFor(service, eventName)
    if (unauthorizedActions.has(action)) return skip("not-authorized-by-iam")
    const caller = principalOf(event.userIdentity)
    if (!caller.ok) return skip(caller.reason)
    const principal = caller.principal
    const recipient = textOf(event.recipientAccountId)
    const account = principal.account ?? recipient
    if (account === undefined) return skip("incomplete-event")
    const region = textOf(event.awsRegion)
    const resources = options.resources ?? true
    const details =
      service.details !== undefined &&
      (service.actionsWithDetails === undefined || service.actionsWithDetails.has(name)) &&
      (resources || (service.keys !== undefined && service.keys.length > 0))
        ? service.details({
            action: name,
            parameters: event.requestParameters,
            account,
            resourceAccount: recipient ?? account,
            region,
            partition: principal.partition,
          })
        : noDetails
    const errorCode = textOf(event.errorCode)
    return {
      ok: true,
      event,
      principal,
      action,
      account,
      region,
      resource: resources ? (details.resource ?? "*") : "*",
      details,
      deniedInReality: errorCode !== undefined && deniedCodes.test(errorCode),
    }
  })

/** The second step: the whole request, with every key the event shows. */
export const requestOf = (parts: RequestParts, options: DeriveOptions = {}): ReplayRequest => {
  const { event, principal, account, region, details } = parts
  const wants = options.keys
  const context: Record<string, ContextValue> = { ...principal.context, "aws:PrincipalAccount": account }
  const absentKeys: string[] = [...principal.absentKeys]
  if (region !== undefined) context["aws:RequestedRegion"] = region
  if (wants === undefined || timeKeys.some((key) => wants.has(key))) addTime(event, context)
  if (wants === undefined || networkKeys.some((key) => wants.has(key))) {
    addNetwork(event, principal, context, absentKeys)
  }
  if (details.context) Object.assign(context, details.context)
  if (details.absentKeys) absentKeys.push(...details.absentKeys)
  return {
    action: parts.action,
    resource: parts.resource,
    principalArn: principal.arn,
    account,
    ...(region !== undefined ? { region } : {}),
    context,
    world: "open",
    absentKeys,
  }
}

/** Keys the principal determines (principal.ts). */
export const principalKeys: ReadonlyArray<string> = [
  "aws:PrincipalArn",
  "aws:PrincipalType",
  "aws:PrincipalIsAWSService",
  "aws:userid",
  "aws:username",
  "aws:MultiFactorAuthPresent",
  "aws:TokenIssueTime",
]

/** Keys each event determines, beside the principal's and the services' (services/registry.ts `serviceKeys`). */
export const eventKeys: ReadonlyArray<string> = [
  "aws:PrincipalAccount",
  "aws:RequestedRegion",
  "aws:CurrentTime",
  "aws:EpochTime",
  "aws:SourceIp",
  "aws:SourceVpce",
  "aws:VpcSourceIp",
  "aws:ViaAWSService",
  "aws:CalledVia",
  "aws:CalledViaFirst",
  "aws:CalledViaLast",
]

/** Lower-case keys whose values cost work per event; `DeriveOptions.keys` decides whether they are computed. */
export const timeKeys: ReadonlyArray<string> = ["aws:currenttime", "aws:epochtime"]

export const networkKeys: ReadonlyArray<string> = [
  "aws:sourceip",
  "aws:sourcevpce",
  "aws:vpcsourceip",
  "aws:viaawsservice",
  "aws:calledvia",
  "aws:calledviafirst",
  "aws:calledvialast",
]

const addTime = (event: CloudTrailEvent, context: Record<string, ContextValue>): void => {
  const time = textOf(event.eventTime)
  const millis = time === undefined ? Number.NaN : Date.parse(time)
  if (time === undefined || Number.isNaN(millis)) return
  context["aws:CurrentTime"] = time
  context["aws:EpochTime"] = String(Math.floor(millis / 1000))
}

/**
 * Where the call came from. Through a VPC endpoint AWS sets `aws:SourceVpce` and `aws:VpcSourceIp` but not
 * `aws:SourceIp`; a private address without a recorded endpoint leaves `aws:SourceIp` unknown. A call made
 * directly (no `invokedBy`, an address as source) has `aws:ViaAWSService` false and no `aws:CalledVia*`; a call a
 * service made may have used the caller's credentials or the service's own role, so those keys stay unknown.
 */
const addNetwork = (
  event: CloudTrailEvent,
  principal: Principal,
  context: Record<string, ContextValue>,
  absentKeys: string[],
): void => {
  const address = textOf(event.sourceIPAddress)
  const isAddress = address !== undefined && isIP(address) !== 0
  const endpoint = textOf(event.vpcEndpointId)
  if (endpoint !== undefined) {
    context["aws:SourceVpce"] = endpoint
    if (isAddress) context["aws:VpcSourceIp"] = address
    absentKeys.push("aws:SourceIp")
  } else if (isAddress && !privateAddress.test(address)) context["aws:SourceIp"] = address
  if (principal.invokedBy === undefined && isAddress) {
    context["aws:ViaAWSService"] = "false"
    absentKeys.push("aws:CalledVia", "aws:CalledViaFirst", "aws:CalledViaLast")
  }
}
