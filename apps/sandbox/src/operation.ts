import type { ConfigurationItem } from "@rampart/model"
import type { ContextValue } from "@rampart/scp"
import type { SandboxClock } from "./clock.ts"
import type { Principal } from "./identity/principal.ts"
import type { MemberNames } from "./protocol/xml.ts"
import type { SandboxStore } from "./state/store.ts"
import type { TrailRecorder } from "./trail/recorder.ts"

/** The decoded parameters of a call: JSON body, query form or REST path, query and body merged. */
export type Input = Readonly<Record<string, unknown>>

/** Everything a handler may use: the caller, where the call goes, the state and the clock. */
export interface CallContext {
  readonly caller: Principal
  /** The account the call acts in: the caller's. */
  readonly account: string
  readonly region: string
  readonly partition: string
  readonly requestId: string
  readonly store: SandboxStore
  readonly clock: SandboxClock
  /** The operation's own access key (for STS answers that need it). */
  readonly accessKeyId: string
  /** The CloudTrail events recorded so far (for LookupEvents). */
  readonly trail: TrailRecorder
  /** Every service of the sandbox (Config reads the others' recorded resources through them). */
  readonly services: ReadonlyArray<ServiceDefinition>
}

/** What a service's scenario loader gets: the store, the clock time, and its own section of the scenario. */
export interface SeedContext {
  readonly store: SandboxStore
  readonly now: number
  readonly partition: string
  readonly regions: ReadonlyArray<string>
}

/** How a restJson1 operation is addressed. */
export interface HttpBinding {
  readonly method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH"
  /** `/backup-vaults/{backupVaultName}`; `{name+}` takes the rest of the path. */
  readonly path: string
  /** Query parameter -> input field. */
  readonly query?: Readonly<Record<string, string>>
  /** Status of a successful answer (200 when not given). */
  readonly status?: number
}

/** One API operation of a service. */
export interface Operation {
  readonly name: string
  /** Read-only calls are recorded in CloudTrail with `readOnly: true`. */
  readonly readOnly: boolean
  /** The IAM action when it is not `<prefix>:<name>`. */
  readonly action?: string
  /** The resource ARN(s) the call is authorized against; `*` when not given. */
  readonly resource?: (input: Input, context: CallContext) => string
  /** Service condition keys of the call (`rds:StorageEncrypted`, ...), for SCPs and identity policies. */
  readonly conditionKeys?: (input: Input, context: CallContext) => Readonly<Record<string, ContextValue>>
  /** awsQuery: element names of list members in the answer. */
  readonly xmlMembers?: MemberNames
  /** restJson1: the HTTP binding. */
  readonly http?: HttpBinding
  /** Fields of the input that must not be written to CloudTrail (secrets). */
  readonly redact?: ReadonlyArray<string>
  /** Does the work; throws ServiceError for AWS errors. The result is the answer's payload. */
  readonly handle: (input: Input, context: CallContext) => unknown
}

/** A service: its wire protocol, names and operations. */
export interface ServiceDefinition {
  /** The SigV4 signing name (`sts`, `organizations`, `config`, ...). */
  readonly signingName: string
  /** The IAM action prefix (`sts`, `organizations`, `config`, ...). */
  readonly actionPrefix: string
  /** The CloudTrail event source (`sts.amazonaws.com`). */
  readonly eventSource: string
  readonly protocol: "awsJson1_1" | "awsQuery" | "restJson1"
  /** awsJson1_1: the X-Amz-Target prefix (`AWSOrganizationsV20161128`). */
  readonly targetPrefix?: string
  /** awsQuery: the XML namespace of answers. */
  readonly xmlNamespace?: string
  /** Services whose calls are recorded in us-east-1 whatever the signing region (IAM, Organizations). */
  readonly global?: boolean
  /** awsJson1_1: the key of the message in error bodies (`message` or `Message`). */
  readonly errorMessageKey?: string
  readonly operations: ReadonlyArray<Operation>
  /**
   * Loads this service's resources from the scenario's `resources.<signingName>` section into a new sandbox.
   * Throws ScenarioError (with the path inside the section) for a section it cannot read.
   */
  readonly seed?: (section: unknown, context: SeedContext) => void
  /**
   * The resources of one account and region as AWS Config records them, at simulated time `now`; Config
   * evaluates its rules over these.
   */
  readonly configurationItems?: (
    store: SandboxStore,
    account: string,
    region: string,
    now: number,
  ) => ReadonlyArray<ConfigurationItem>
}
