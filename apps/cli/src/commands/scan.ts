import {
  type AwsError,
  type ClientCredentials,
  ConfigService,
  CredentialBroker,
  configLive,
  credentialBrokerLive,
  organizationsLive,
  Sts,
  stsLive,
  walkOrganization,
} from "@rampart/aws"
import { type Catalog, loadCatalog } from "@rampart/catalog"
import {
  collectFromAggregator,
  collectFromConfig,
  runScan,
  type ScanTarget,
  withExceptions,
} from "@rampart/collector"
import { loadConfigFile, type RampartConfig } from "@rampart/config"
import { isAccountId, isRegion } from "@rampart/model"
import { migrate } from "@rampart/store"
import { Effect, Layer, Stream } from "effect"
import { awsOptions, awsSettings } from "../aws-settings.ts"
import { type Command, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { printDiagnostics, printJson } from "../output.ts"
import { progressReporter } from "../progress.ts"
import { storeLayer, storeOptions } from "../store-location.ts"
import { UsageError } from "../usage-error.ts"

const list = (value: unknown): ReadonlyArray<string> =>
  ((value as ReadonlyArray<string> | undefined) ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "")

/** The hub's session: the caller's own when it runs in the hub, else the hub role assumed from it (after the chain). */
const hubCredentials = (config: RampartConfig) =>
  Effect.gen(function* () {
    const caller = yield* Sts.use((sts) => sts.getCallerIdentity())
    if (caller.accountId === config.organization.hubAccountId) return undefined
    return yield* CredentialBroker.use((broker) =>
      broker.credentialsFor({
        account: config.organization.hubAccountId,
        roleName: config.roles.hub,
        ...(config.roles.chain.length > 0 ? { chain: config.roles.chain } : {}),
      }),
    )
  })

/** Collection through the hub's aggregator: the one named, or the only one in the hub's home region. */
const aggregatorCollection = (config: RampartConfig, catalog: Catalog, named: string | undefined) =>
  Effect.gen(function* () {
    const region = config.organization.homeRegion
    const credentials: ClientCredentials | undefined = yield* hubCredentials(config)
    const hub = credentials === undefined ? { region } : { region, credentials }
    const found = yield* ConfigService.use((service) => service.reader(hub).describeConfigurationAggregators)
    const names = found.map((a) => a.ConfigurationAggregatorName ?? "")
    const where = `the hub (${config.organization.hubAccountId}, ${region})`
    if (named !== undefined && !names.includes(named))
      return yield* Effect.fail(
        new UsageError({
          message: `${where} has no Config aggregator named ${named}${names.length > 0 ? `; it has ${names.join(", ")}` : ""}`,
        }),
      )
    if (named === undefined && names.length !== 1)
      return yield* Effect.fail(
        new UsageError({
          message:
            names.length === 0
              ? `${where} has no Config aggregator; create one or scan with --mode roles`
              : `${where} has ${names.length} Config aggregators (${names.join(", ")}); name one with --aggregator`,
        }),
      )
    const aggregatorName = named ?? (names[0] as string)
    const packRules = new Map(
      catalog.guardrails.flatMap((g) =>
        g.kind === "conformance-pack" ? [[g.id, g.template.rules.map((r) => r.configRuleName)] as const] : [],
      ),
    )
    return yield* collectFromAggregator({ aggregatorName, hub, packRules })
  })

export const scanCommand: Command = {
  name: "scan",
  summary:
    "Collect compliance findings from every account and region through the audit role, into the store.",
  description:
    "Reads the organization (management credentials from the standard AWS environment), assumes the audit role in\n" +
    "each account (with the external id) and reads AWS Config's conformance pack results; --mode aggregator reads the\n" +
    "same results centrally from the hub's Config aggregator (as the hub role). Each account and region is\n" +
    "stored as soon as it is collected; rerun with --scan-id to resume a scan that was interrupted. An account that\n" +
    "cannot be read (role missing, trust refused, SCP denial, Config off, throttled) is a finding of its own.",
  options: {
    config: {
      type: "string",
      short: "c",
      valueName: "FILE",
      default: "rampart.yaml",
      description: "The configuration (regions, roles).",
    },
    ous: {
      type: "string",
      multiple: true,
      valueName: "PATHS",
      description: "Only accounts under these OU paths.",
    },
    accounts: { type: "string", multiple: true, valueName: "IDS", description: "Only these accounts." },
    regions: {
      type: "string",
      multiple: true,
      valueName: "LIST",
      description: "Regions (default: organization.regions of the configuration).",
    },
    mode: {
      type: "string",
      valueName: "MODE",
      default: "roles",
      description:
        "roles: through the audit role in each account. aggregator: centrally, through the hub's AWS Config aggregator.",
    },
    aggregator: {
      type: "string",
      valueName: "NAME",
      description:
        "With --mode aggregator: the aggregator in the hub's home region (default: the only one there).",
    },
    role: {
      type: "string",
      valueName: "NAME",
      description: "The role to assume in each account (default: roles.audit).",
    },
    "scan-id": { type: "string", valueName: "ID", description: "Resume this scan (or name a new one)." },
    concurrency: {
      type: "string",
      valueName: "N",
      default: "32",
      description: "Accounts and regions collected at once.",
    },
    ...awsOptions,
    ...storeOptions,
    ...jsonOption,
  },
  examples: [
    "rampart scan --config rampart.yaml --ous /Workloads/Prod",
    "rampart scan --scan-id scan-2026-11-22T06-00 # resume",
    "rampart scan --mode aggregator --aggregator rampart-organization",
  ],
  run: async ({ options, out }) => {
    const mode = options.mode as string
    if (mode !== "roles" && mode !== "aggregator")
      throw new UsageError({ message: `--mode must be roles or aggregator, not "${mode}"` })
    if (options.aggregator !== undefined && mode !== "aggregator")
      throw new UsageError({ message: "--aggregator goes with --mode aggregator" })
    const settings = awsSettings(options)
    const concurrency = Number(options.concurrency)
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new UsageError({ message: `--concurrency must be a whole number of at least 1` })
    const loaded = loadCatalog()
    if (!loaded.ok) {
      printDiagnostics(out, loaded.diagnostics)
      return ExitCode.badInput
    }
    const config = loadConfigFile(options.config as string, { catalog: loaded.catalog, now: new Date() })
    if (!config.ok) {
      printDiagnostics(out, config.diagnostics)
      return ExitCode.badInput
    }
    const regions =
      list(options.regions).length > 0 ? list(options.regions) : config.config.organization.regions
    const bad = regions.find((r) => !isRegion(r))
    if (bad !== undefined) throw new UsageError({ message: `--regions: "${bad}" is not a region name` })
    const accounts = list(options.accounts)
    const badAccount = accounts.find((a) => !isAccountId(a))
    if (badAccount !== undefined)
      throw new UsageError({ message: `--accounts: "${badAccount}" is not a 12-digit account id` })
    const ous = list(options.ous)
    const scanId =
      (options["scan-id"] as string | undefined) ?? `scan-${new Date().toISOString().replace(/[:.]/g, "-")}`
    const roles = config.config.roles
    const access = {
      roleName: (options.role as string | undefined) ?? roles.audit,
      externalId: roles.externalId,
      ...(roles.chain.length > 0 ? { chain: roles.chain } : {}),
    }

    const aws = Layer.mergeAll(organizationsLive, configLive, credentialBrokerLive()).pipe(
      Layer.provideMerge(stsLive),
      Layer.provide(settings),
    )
    const store = storeLayer(options)
    const progress = progressReporter(out, "accounts×regions")
    const program = Effect.gen(function* () {
      // Accounts are scanned as the organization walk finds them.
      const targets = walkOrganization().pipe(
        Stream.map((level) =>
          level.accounts
            .filter((a) => a.status === "ACTIVE")
            .filter((a) => accounts.length === 0 || accounts.includes(a.id))
            .filter(
              (a) => ous.length === 0 || ous.some((ou) => a.ouPath === ou || a.ouPath.startsWith(`${ou}/`)),
            )
            .flatMap((a): ScanTarget[] =>
              regions.map((region) => ({ accountId: a.id, region, ouPath: a.ouPath })),
            ),
        ),
      )
      const collectFindings =
        mode === "aggregator"
          ? yield* aggregatorCollection(
              config.config,
              loaded.catalog,
              options.aggregator as string | undefined,
            )
          : collectFromConfig(access)
      // Findings carry the exception from rampart.yaml that covers them, if any.
      const covered = withExceptions(config.config.exceptions, new Date())
      const collect = (target: ScanTarget) =>
        collectFindings(target).pipe(Effect.map((findings) => findings.map(covered)))
      yield* migrate
      return yield* runScan(scanId, mode, targets, collect, {
        concurrency,
        onProgress: progress.update,
      })
    })
    const outcome = await Effect.runPromise(
      Effect.result(program.pipe(Effect.provide(Layer.merge(aws, store)))),
    )
    progress.finish()
    if (outcome._tag === "Failure") {
      if (outcome.failure instanceof UsageError) throw outcome.failure
      const error = outcome.failure as AwsError | { readonly _tag: string; readonly message: string }
      out.stderr(`rampart scan: ${error._tag}: ${error.message}\nRerun with --scan-id ${scanId} to resume.\n`)
      return ExitCode.failure
    }
    const summary = outcome.success
    if (options.json) printJson(out, summary)
    else
      out.stdout(
        `scan ${summary.scanId}${summary.resumed ? " (resumed)" : ""}: ${summary.collected} collected, ${summary.skipped} already done, ${summary.failed} could not be read, ${summary.findings} findings stored\n`,
      )
    return ExitCode.ok
  },
}
