import { writeFileSync } from "node:fs"
import { organizationsLive, readOrganizationTree } from "@rampart/aws"
import { Effect, Layer } from "effect"
import { stringify } from "yaml"
import { awsOptions, awsSettings } from "../aws-settings.ts"
import { type Command, jsonOption } from "../command.ts"
import { ExitCode } from "../exit-code.ts"
import { printJson } from "../output.ts"
import { scenarioOfOrganization } from "../scenario-of-organization.ts"
import { UsageError } from "../usage-error.ts"

export const sandboxImportCommand: Command = {
  name: "import",
  summary:
    "Build a sandbox scenario from a real organization, read-only (tree, accounts, SCPs and attachments).",
  description:
    "Reads the organization with the standard AWS environment (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL); the\n" +
    "credentials need organizations:Describe*/List* in the management account or a delegated administrator.\n" +
    "Nothing is changed. Rehearse with `rampart sandbox up --scenario FILE`.",
  options: {
    out: { type: "string", valueName: "FILE", description: "Where to write the scenario (YAML)." },
    regions: {
      type: "string",
      valueName: "LIST",
      description: "Comma-separated regions of the scenario (default AWS_REGION, else us-east-1).",
    },
    ...awsOptions,
    ...jsonOption,
  },
  examples: [
    "AWS_PROFILE=management rampart sandbox import --out rehearsal.yaml --regions eu-west-1,us-east-1",
  ],
  run: async ({ options, out }) => {
    const file = options.out as string | undefined
    if (!file) throw new UsageError({ message: "give --out FILE" })
    const regionList = ((options.regions as string | undefined) ?? process.env.AWS_REGION ?? "us-east-1")
      .split(",")
      .map((r) => r.trim())
      .filter((r) => r !== "")
    const bad = regionList.find((r) => !/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(r))
    if (bad !== undefined) throw new UsageError({ message: `--regions: "${bad}" is not a region name` })
    const layer = organizationsLive.pipe(Layer.provide(awsSettings(options)))
    const result = await Effect.runPromise(Effect.result(readOrganizationTree.pipe(Effect.provide(layer))))
    if (result._tag === "Failure") {
      const error = result.failure
      out.stderr(
        `rampart sandbox import: ${error._tag} on ${error.service}:${error.operation}: ${error.message}\n`,
      )
      return ExitCode.failure
    }
    const { scenario, notes } = scenarioOfOrganization(result.success, {
      regions: regionList,
      importedAt: new Date(),
    })
    writeFileSync(
      file,
      `# Rampart sandbox scenario (apps/sandbox/SCENARIOS.md)\n${stringify(scenario, { lineWidth: 120 })}`,
    )
    const summary = {
      file,
      organization: scenario.organization.id,
      accounts: result.success.accounts.length,
      ous: result.success.ous.length,
      scps: scenario.organization.policies?.length ?? 0,
      ...notes,
    }
    if (options.json) printJson(out, summary)
    else {
      out.stdout(
        `wrote ${file}: organization ${summary.organization}, ${summary.accounts} accounts, ${summary.ous} OUs, ${summary.scps} customer SCPs\n`,
      )
      if (notes.withoutFullAwsAccess.length > 0)
        out.stdout(
          `note: FullAWSAccess is not attached at ${notes.withoutFullAwsAccess.join(", ")}; the sandbox attaches it everywhere\n`,
        )
      if (notes.skippedAccounts.length > 0)
        out.stdout(`note: accounts not ACTIVE were left out: ${notes.skippedAccounts.join(", ")}\n`)
    }
    return ExitCode.ok
  },
}
