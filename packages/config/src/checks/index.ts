import type { ConfigCheck } from "./check.ts"
import { exceptionsCheck } from "./exceptions.ts"
import { guardrailParametersCheck } from "./guardrail-parameters.ts"
import { guardrailsCheck } from "./guardrails.ts"
import { organizationCheck } from "./organization.ts"
import { remediationCheck } from "./remediation.ts"
import { scpSizeCheck } from "./scp-size.ts"
import { wavesCheck } from "./waves.ts"

export type { CheckContext, ConfigCheck } from "./check.ts"

/** Every semantic check of rampart.yaml, in the order their findings are reported. */
export const configChecks: ReadonlyArray<ConfigCheck> = [
  organizationCheck,
  guardrailsCheck,
  guardrailParametersCheck,
  scpSizeCheck,
  wavesCheck,
  exceptionsCheck,
  remediationCheck,
]
