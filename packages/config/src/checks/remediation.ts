import type { ConfigCheck } from "./check.ts"

/** The remediation window is a real window and actions are listed once. */
export const remediationCheck: ConfigCheck = {
  name: "remediation",
  run: ({ config, error }) => {
    const remediation = config.remediation
    if (!remediation) return
    const window = remediation.maintenanceWindow
    if (window && window.start === window.end) {
      error(
        ["remediation", "maintenanceWindow", "end"],
        "config.maintenance-window",
        "the window starts and ends at the same time",
        window.end,
        "give an end time after the start (windows may cross midnight)",
      )
    }
    if (window && window.days.length === 0) {
      error(
        ["remediation", "maintenanceWindow", "days"],
        "config.maintenance-window",
        "the window has no days",
        window.days,
        "list the days, e.g. [sat, sun]",
      )
    }
    remediation.actions?.forEach((action, i) => {
      if (remediation.actions?.indexOf(action) !== i)
        error(
          ["remediation", "actions", i],
          "config.duplicate-action",
          `${action} is listed twice`,
          action,
          "remove the repeat",
        )
    })
  },
}
