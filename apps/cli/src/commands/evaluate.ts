import {
  type AwsError,
  backupLive,
  type ClientCredentials,
  cloudTrailLive,
  rdsLive,
  Sts,
  stsLive,
} from "@rampart/aws"
import {
  type Catalog,
  type ConformancePackGuardrail,
  evaluateRules,
  loadCatalog,
  packRules,
  type RuleResult,
  type RuleToEvaluate,
} from "@rampart/catalog"
import { readConfigurationItems } from "@rampart/collector"
import { loadConfigFile } from "@rampart/config"
import { isAccountId, isRegion, suggestionFor } from "@rampart/model"
import { Effect, Layer } from "effect"
import { awsOptions, awsSettings } from "../aws-settings.ts"
import { type Command, catalogOption, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { printDiagnostics, printJson } from "../output.ts"
import { UsageError } from "../usage-error.ts"

/** One account and region to evaluate, with the credentials to read it (undefined: the caller's own). */
interface Target {
  readonly accountId: string
  readonly region: string
  readonly credentials?: ClientCredentials
}

const list = (value: unknown): ReadonlyArray<string> =>
  ((value as ReadonlyArray<string> | undefined) ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "")

export const evaluateCommand: Command = {
  name: "evaluate",
  summary:
    "Evaluate the catalog's Config rules directly against an account's resources, for accounts without AWS Config.",
  description:
    "Reads RDS instances, clusters and snapshots, backup vaults, plans, selections and recovery points, and trails\n" +
    "with describe calls, records them as AWS Config would, and judges them with the same evaluators the packs\n" +
    "deploy. Uses the standard AWS environment; with --account, assumes --role in each account first.\n" +
    "Exit 0 when everything is compliant, 1 when something is not, 2 for bad input, 3 when AWS refuses or fails.",
  options: {
    regions: {
      type: "string",
      multiple: true,
      valueName: "LIST",
      description: "Regions (comma-separated or repeated; default AWS_REGION, else us-east-1).",
    },
    account: {
      type: "string",
      multiple: true,
      valueName: "ID",
      description: "Accounts to evaluate (default: the caller's own).",
    },
    role: {
      type: "string",
      valueName: "NAME",
      description: "The role to assume in each --account (default: roles.audit of --config).",
    },
    "external-id": {
      type: "string",
      valueName: "ID",
      description: "The sts:ExternalId for --role (default: roles.externalId of --config).",
    },
    pack: {
      type: "string",
      multiple: true,
      valueName: "ID",
      description: "Conformance packs whose rules to evaluate (default: every pack of the catalog).",
    },
    config: {
      type: "string",
      valueName: "FILE",
      description: "A rampart.yaml whose pack parameters and roles to use.",
    },
    ...catalogOption,
    ...awsOptions,
    ...jsonOption,
  },
  examples: [
    "rampart evaluate --regions eu-west-1",
    "rampart evaluate --config rampart.yaml --account 222222222201 --regions eu-west-1 --json",
  ],
  run: async ({ options, out }) => {
    const regions =
      list(options.regions).length > 0
        ? list(options.regions)
        : [process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1"]
    const badRegion = regions.find((r) => !isRegion(r))
    if (badRegion !== undefined)
      throw new UsageError({ message: `--regions: "${badRegion}" is not a region name` })
    const accounts = list(options.account)
    const badAccount = accounts.find((a) => !isAccountId(a))
    if (badAccount !== undefined)
      throw new UsageError({ message: `--account: "${badAccount}" is not a 12-digit account id` })
    const loaded = loadCatalog(options.catalog as string | undefined)
    if (!loaded.ok) {
      printDiagnostics(out, loaded.diagnostics)
      return ExitCode.badInput
    }
    const catalog: Catalog = loaded.catalog
    const configPath = options.config as string | undefined
    const config =
      configPath === undefined ? undefined : loadConfigFile(configPath, { catalog, now: new Date() })
    if (config && !config.ok) {
      printDiagnostics(out, config.diagnostics)
      return ExitCode.badInput
    }
    const packs = catalog.guardrails.filter(
      (g): g is ConformancePackGuardrail => g.kind === "conformance-pack",
    )
    const chosen = list(options.pack)
    for (const id of chosen)
      if (!packs.some((p) => p.id === id))
        throw new UsageError({
          message: `--pack: no conformance pack "${id}": ${suggestionFor(
            id,
            packs.map((p) => p.id),
          )}`,
        })
    const rules: RuleToEvaluate[] = packs
      .filter((p) => chosen.length === 0 || chosen.includes(p.id))
      .flatMap((pack) => {
        const given = config?.ok
          ? config.config.guardrails.find((g) => g.id === pack.id)?.parameters
          : undefined
        return packRules(
          pack,
          Object.fromEntries(
            Object.entries(given ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]),
          ),
        )
      })
    const role = (options.role as string | undefined) ?? (config?.ok ? config.config.roles.audit : undefined)
    const externalId =
      (options["external-id"] as string | undefined) ??
      (config?.ok ? config.config.roles.externalId : undefined)

    const program = Effect.gen(function* () {
      const sts = yield* Sts
      const me = yield* sts.getCallerIdentity()
      const targets: Target[] = []
      for (const accountId of accounts.length > 0 ? accounts : [me.accountId]) {
        let credentials: ClientCredentials | undefined
        if (accountId !== me.accountId) {
          if (role === undefined)
            return yield* Effect.fail(
              new UsageError({ message: `to read ${accountId} give --role (or --config with roles.audit)` }),
            )
          credentials = yield* sts.assumeRole({
            roleArn: `arn:aws:iam::${accountId}:role/${role}`,
            sessionName: "rampart-evaluate",
            ...(externalId ? { externalId } : {}),
          })
        }
        for (const region of regions)
          targets.push({ accountId, region, ...(credentials ? { credentials } : {}) })
      }
      const items = yield* Effect.forEach(targets, (target) => readConfigurationItems(target), {
        concurrency: 4,
      })
      return evaluateRules(items.flat(), rules)
    })
    const layer = Layer.mergeAll(stsLive, rdsLive, backupLive, cloudTrailLive).pipe(
      Layer.provide(awsSettings(options)),
    )
    const outcome = await Effect.runPromise(Effect.result(program.pipe(Effect.provide(layer))))
    if (outcome._tag === "Failure") {
      const error = outcome.failure as AwsError | UsageError
      if (error instanceof UsageError) throw error
      out.stderr(`rampart evaluate: ${error._tag} on ${error.service}:${error.operation}: ${error.message}\n`)
      return ExitCode.failure
    }
    const { results, failures } = outcome.success
    const failing = results.filter((r) => r.compliance === "NON_COMPLIANT")
    if (options.json) printJson(out, { results, failures })
    else {
      const count = (status: RuleResult["compliance"]) =>
        results.filter((r) => r.compliance === status).length
      out.stdout(
        `${rules.length} rules, ${results.length} evaluations: ${count("COMPLIANT")} compliant, ${failing.length} non-compliant, ${count("NOT_APPLICABLE")} not applicable\n`,
      )
      for (const r of failing)
        out.stdout(
          `  NON_COMPLIANT  ${r.accountId} ${r.awsRegion}  ${r.ruleName}  ${r.resourceType} ${r.resourceId}${r.annotation ? `\n                 ${r.annotation}` : ""}\n`,
        )
      for (const f of failures) out.stdout(`  not evaluated  ${f.ruleName}: ${f.message}\n`)
    }
    return failing.length > 0 ? ExitCode.findings : ExitCode.ok
  },
}
