import { compileHierarchy, readHierarchy, readRequest } from "@rampart/scp"
import { type Command, jsonOption } from "../../command.ts"
import { ExitCode } from "../../exit-code.ts"
import { readJsonFile } from "../../json-file.ts"
import { printDiagnostics, printJson } from "../../output.ts"
import { UsageError } from "../../usage-error.ts"

export const simulateCommand: Command = {
  name: "simulate",
  summary: "Decide one request through a hierarchy of SCPs, as AWS Organizations would, and say why.",
  description:
    "The hierarchy lists the SCPs attached at each level from the root to the account:\n" +
    '  {"managementAccountId": "999999999999", "levels": [{"id": "r-root", "policies": [{"name": "FullAWSAccess",\n' +
    '   "document": {...}}]}, {"id": "ou-...", "policies": [...]}, {"id": "111111111111", "policies": [...]}]}\n' +
    "The request:\n" +
    '  {"action": "rds:CreateDBInstance", "resource": "arn:...", "principalArn": "arn:aws:iam::111111111111:role/Dev",\n' +
    '   "account": "111111111111", "region": "us-east-1", "context": {"rds:StorageEncrypted": "false"}}\n' +
    "Exit 0 when allowed, 1 when denied, 2 for bad input.",
  options: {
    hierarchy: { type: "string", valueName: "FILE", description: "The hierarchy JSON file." },
    request: { type: "string", valueName: "FILE", description: "The request JSON file." },
    ...jsonOption,
  },
  examples: ["rampart scp simulate --hierarchy hierarchy.json --request request.json --json"],
  run: ({ options, out }) => {
    const hierarchyPath = options.hierarchy as string | undefined
    const requestPath = options.request as string | undefined
    if (!hierarchyPath || !requestPath)
      throw new UsageError({ message: "give both --hierarchy FILE and --request FILE" })
    const hierarchyJson = readJsonFile(hierarchyPath)
    const requestJson = readJsonFile(requestPath)
    const hierarchy = hierarchyJson.ok ? readHierarchy(hierarchyJson.value, hierarchyPath) : hierarchyJson
    const request = requestJson.ok ? readRequest(requestJson.value, requestPath) : requestJson
    const problems = [
      ...(hierarchy.ok ? [] : hierarchy.diagnostics),
      ...(request.ok ? [] : request.diagnostics),
    ]
    if (!hierarchy.ok || !request.ok) {
      printDiagnostics(out, problems)
      return ExitCode.badInput
    }
    const decision = compileHierarchy(hierarchy.hierarchy).evaluate(request.request)
    if (options.json) printJson(out, decision)
    else {
      out.stdout(`${decision.decision}: ${decision.reason}\n`)
      for (const by of decision.decidedBy)
        out.stdout(`  ${by.level}  ${by.policy}  ${by.sid ?? `statement ${by.statement}`}\n`)
      if (decision.missingAllowAt) out.stdout(`  no Allow at: ${decision.missingAllowAt.join(", ")}\n`)
    }
    return decision.decision === "Allow" ? ExitCode.ok : ExitCode.findings
  },
}
