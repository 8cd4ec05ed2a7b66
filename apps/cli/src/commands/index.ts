import type { Command } from "../command.ts"
import { catalogCommand } from "./catalog.ts"
import { driftCommand } from "./drift.ts"
import { evaluateCommand } from "./evaluate.ts"
import { findingsCommand } from "./findings.ts"
import { orgCommand } from "./org.ts"
import { planCommand } from "./plan.ts"
import { remediateCommand } from "./remediate.ts"
import { renderCommand } from "./render.ts"
import { rolloutCommand } from "./rollout/index.ts"
import { sandboxCommand } from "./sandbox.ts"
import { scanCommand } from "./scan.ts"
import { scpCommand } from "./scp/index.ts"
import { validateCommand } from "./validate.ts"

/** The top-level `rampart` command and everything under it. */
export const rootCommand: Command = {
  name: "rampart",
  summary: "roll guardrails out across an AWS Organization, OU by OU, and report compliance.",
  subcommands: [
    validateCommand,
    renderCommand,
    evaluateCommand,
    orgCommand,
    scanCommand,
    planCommand,
    rolloutCommand,
    driftCommand,
    findingsCommand,
    remediateCommand,
    catalogCommand,
    scpCommand,
    sandboxCommand,
  ],
}
