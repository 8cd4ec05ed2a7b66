import type { ConfigCheck } from "./check.ts"

/** The organization block: regions are distinct, the home region is one of them, hub and management differ. */
export const organizationCheck: ConfigCheck = {
  name: "organization",
  run: ({ config, error, warn }) => {
    const org = config.organization
    if (org.regions.length === 0) {
      error(
        ["organization", "regions"],
        "config.regions",
        "no regions are configured",
        org.regions,
        "list at least one region, e.g. [eu-west-1]",
      )
    }
    org.regions.forEach((region, i) => {
      if (org.regions.indexOf(region) !== i) {
        error(
          ["organization", "regions", i],
          "config.duplicate-region",
          `${region} is listed twice`,
          region,
          "remove the repeat",
        )
      }
    })
    if (org.homeRegion !== undefined && !org.regions.includes(org.homeRegion)) {
      error(
        ["organization", "homeRegion"],
        "config.home-region",
        "homeRegion is not one of organization.regions",
        org.homeRegion,
        `add ${org.homeRegion} to regions or choose one of ${org.regions.join(", ")}`,
      )
    }
    if (org.hubAccountId === org.managementAccountId) {
      warn(
        ["organization", "hubAccountId"],
        "config.hub-is-management",
        "the hub is the management account; SCPs cannot protect it",
        org.hubAccountId,
        "run the hub in a delegated administrator member account",
      )
    }
    if (org.quotas && org.quotaProfile) {
      warn(
        ["organization", "quotas"],
        "config.quotas",
        "quotas override quotaProfile where both set a value",
        org.quotas,
        "keep one of them",
      )
    }
  },
}
