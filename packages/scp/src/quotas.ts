/** The Organizations limits an SCP rollout must fit in. */
export interface ScpQuotas {
  /** SCPs directly attached to one root, OU or account, FullAWSAccess and foreign policies included. */
  readonly scpsPerTarget: number
  /** Characters in one SCP, every character counted. */
  readonly scpCharacters: number
  /** OU nesting under the root. */
  readonly ouDepth: number
}

/** The limits in force since 15 May 2026. */
export const currentQuotas: ScpQuotas = { scpsPerTarget: 10, scpCharacters: 10_240, ouDepth: 5 }

/** The limits before 15 May 2026, for organizations that still plan against them. */
export const before2026Quotas: ScpQuotas = { scpsPerTarget: 5, scpCharacters: 5_120, ouDepth: 5 }
