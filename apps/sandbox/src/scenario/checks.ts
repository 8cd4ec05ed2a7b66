import {
  type Diagnostic,
  durationMilliseconds,
  formatPath,
  suggestionFor,
  type YamlSource,
} from "@rampart/model"
import type { ServiceDefinition } from "../operation.ts"
import type { OuNode, Scenario } from "./scenario.ts"

/** Where a checked scenario came from, and what to check it against. */
export interface ScenarioCheckOptions {
  readonly file: string
  /** Positions of paths in the file, for diagnostics (absent for scenarios built in code). */
  readonly positionOf?: YamlSource["positionOf"]
  /** When given, activity must name one of these services and one of its operations. */
  readonly services?: ReadonlyArray<ServiceDefinition>
}

type Path = ReadonlyArray<PropertyKey>

/** Backfilled calls per activity entry beyond which a scenario is refused (they are all recorded at start). */
export const maxBackfilledCalls = 10_000

/** OUs nest at most this deep under the root (AWS Organizations quota). */
const maxOuDepth = 5

/**
 * The checks a schema cannot make: account ids unique and outside the tree for the management account, OU names
 * unique under one parent, access keys, roles and delegated administrators in accounts of the organization, SCP
 * targets that exist, activity whose principal, service and operation exist. Every problem is reported, each with
 * its path, value and fix.
 */
export const checkScenario = (
  scenario: Scenario,
  options: ScenarioCheckOptions,
): ReadonlyArray<Diagnostic> => {
  const diagnostics: Diagnostic[] = []
  const report = (path: Path, code: string, message: string, value: unknown, fix: string) => {
    const position = options.positionOf?.(path)
    diagnostics.push({
      severity: "error",
      code: `scenario.${code}`,
      file: options.file,
      path: formatPath(path),
      message,
      fix,
      ...(value === undefined ? {} : { value }),
      ...(position ? { position } : {}),
    })
  }
  const org = scenario.organization
  const management = org.managementAccount.id

  if (scenario.regions.length === 0)
    report(
      ["regions"],
      "no-regions",
      "the scenario names no region",
      [],
      "list at least one region, e.g. [eu-west-1]",
    )

  // Accounts: where each id was first seen, and the OU paths of the tree.
  const accounts = new Map<string, Path>([[management, ["organization", "managementAccount", "id"]]])
  const ouPaths = new Set<string>(["/"])
  const addAccount = (id: string, path: Path) => {
    if (id === management) {
      report(
        path,
        "management-in-tree",
        `the management account ${id} is listed inside the organization`,
        id,
        "remove it here: the management account always sits directly under the root and is given once, as organization.managementAccount",
      )
      return
    }
    const first = accounts.get(id)
    if (first) {
      report(
        path,
        "duplicate-account",
        `account ${id} is listed twice (first at ${formatPath(first)})`,
        id,
        "give each account its own id: an account belongs to exactly one OU",
      )
      return
    }
    accounts.set(id, path)
  }
  for (const [i, account] of (org.accounts ?? []).entries())
    addAccount(account.id, ["organization", "accounts", i, "id"])
  const walk = (nodes: ReadonlyArray<OuNode>, base: Path, parentPath: string, depth: number) => {
    const siblings = new Map<string, number>()
    nodes.forEach((node, i) => {
      const here = [...base, i]
      const ouPath = `${parentPath === "/" ? "" : parentPath}/${node.ou}`
      if (node.ou === "" || node.ou.includes("/")) {
        report(
          [...here, "ou"],
          "invalid-ou-name",
          "an OU name must be non-empty and cannot contain /",
          node.ou,
          "name the OU alone and nest it with `children` to build a path",
        )
      }
      const first = siblings.get(node.ou.toLowerCase())
      if (first !== undefined) {
        report(
          [...here, "ou"],
          "duplicate-ou",
          `OU "${node.ou}" appears twice under ${parentPath} (first at ${formatPath([...base, first, "ou"])})`,
          node.ou,
          "merge the two entries into one, or rename one of them",
        )
      } else siblings.set(node.ou.toLowerCase(), i)
      if (depth > maxOuDepth) {
        report(
          [...here, "ou"],
          "ou-too-deep",
          `${ouPath} is nested ${depth} levels deep; AWS Organizations allows ${maxOuDepth}`,
          node.ou,
          `move it up so that no OU is more than ${maxOuDepth} levels below the root`,
        )
      }
      ouPaths.add(ouPath)
      for (const [k, account] of (node.accounts ?? []).entries())
        addAccount(account.id, [...here, "accounts", k, "id"])
      if (node.children) walk(node.children, [...here, "children"], ouPath, depth + 1)
    })
  }
  walk(org.tree ?? [], ["organization", "tree"], "/", 1)
  const accountIds = [...accounts.keys()]

  const requireAccount = (id: string, path: Path, what: string) => {
    if (accounts.has(id)) return true
    report(
      path,
      "unknown-account",
      `${what} is in account ${id}, which is not in the organization`,
      id,
      `${suggestionFor(id, accountIds).replace(/^use one of/, "use an account of the organization, such as")}; or add the account to organization.tree`,
    )
    return false
  }

  const policyNames = new Map<string, number>()
  org.policies?.forEach((policy, i) => {
    const first = policyNames.get(policy.name)
    if (first !== undefined)
      report(
        ["organization", "policies", i, "name"],
        "duplicate-policy",
        `an SCP named "${policy.name}" is already defined (organization.policies[${first}])`,
        policy.name,
        "give every SCP its own name (AWS refuses duplicates with DuplicatePolicyException)",
      )
    else policyNames.set(policy.name, i)
    policy.attach?.forEach((target, j) => {
      if (ouPaths.has(target) || accounts.has(target)) return
      const looksLikeAccount = /^\d+$/.test(target)
      report(
        ["organization", "policies", i, "attach", j],
        "unknown-attach-target",
        looksLikeAccount
          ? `${target} is not an account of the organization`
          : `${target} is neither an OU path of organization.tree (such as /Workloads/Prod), / for the root, nor an account id`,
        target,
        suggestionFor(target, looksLikeAccount ? accountIds : [...ouPaths]),
      )
    })
  })

  org.delegatedAdministrators?.forEach((delegated, i) => {
    const path = ["organization", "delegatedAdministrators", i, "account"]
    if (delegated.account === management)
      report(
        path,
        "management-delegated",
        "the management account cannot be a delegated administrator",
        delegated.account,
        "name a member account (usually the security or hub account)",
      )
    else requireAccount(delegated.account, path, "the delegated administrator")
  })

  const roles = new Map<string, number>()
  scenario.roles?.forEach((role, i) => {
    requireAccount(role.account, ["roles", i, "account"], `the role ${role.name}`)
    const key = `${role.account}/${role.name}`
    const first = roles.get(key)
    if (first !== undefined)
      report(
        ["roles", i, "name"],
        "duplicate-role",
        `role ${role.name} of account ${role.account} is already defined (roles[${first}])`,
        role.name,
        "define each role once; list all its policies in that entry",
      )
    else roles.set(key, i)
  })

  const keys = new Map<string, number>()
  scenario.accessKeys.forEach((key, i) => {
    requireAccount(key.account, ["accessKeys", i, "account"], `the access key ${key.accessKeyId}`)
    const first = keys.get(key.accessKeyId)
    if (first !== undefined)
      report(
        ["accessKeys", i, "accessKeyId"],
        "duplicate-access-key",
        `access key ${key.accessKeyId} is already defined (accessKeys[${first}])`,
        key.accessKeyId,
        "give every access key its own id",
      )
    else keys.set(key.accessKeyId, i)
  })

  const activityNames = new Map<string, number>()
  scenario.activity?.forEach((entry, i) => {
    const base = ["activity", i]
    const first = activityNames.get(entry.name)
    if (first !== undefined)
      report(
        [...base, "name"],
        "duplicate-activity",
        `an activity named "${entry.name}" is already defined (activity[${first}])`,
        entry.name,
        "give every activity entry its own name",
      )
    else activityNames.set(entry.name, i)
    if (!keys.has(entry.principal))
      report(
        [...base, "principal"],
        "unknown-principal",
        `no access key "${entry.principal}" is defined in accessKeys`,
        entry.principal,
        `${suggestionFor(entry.principal, [...keys.keys()])}; the principal is the accessKeyId of an entry of accessKeys`,
      )
    const every = durationMilliseconds(entry.every)
    if (every <= 0)
      report(
        [...base, "every"],
        "invalid-every",
        "`every` must be longer than 0s",
        entry.every,
        "write e.g. 6h",
      )
    else if (
      entry.backfill !== undefined &&
      durationMilliseconds(entry.backfill) / every > maxBackfilledCalls
    )
      report(
        [...base, "backfill"],
        "backfill-too-long",
        `backfilling ${entry.backfill} every ${entry.every} records ${Math.floor(durationMilliseconds(entry.backfill) / every)} calls at start; at most ${maxBackfilledCalls} are allowed`,
        entry.backfill,
        "shorten backfill or lengthen every",
      )
    if (options.services) {
      const service = options.services.find((s) => s.signingName === entry.service)
      if (!service)
        report(
          [...base, "service"],
          "unknown-service",
          `the sandbox does not emulate the service "${entry.service}"`,
          entry.service,
          `${suggestionFor(
            entry.service,
            options.services.map((s) => s.signingName),
          )}; name the service by its signing name`,
        )
      else if (!service.operations.some((o) => o.name === entry.operation))
        report(
          [...base, "operation"],
          "unknown-operation",
          `the sandbox's ${entry.service} has no operation "${entry.operation}"`,
          entry.operation,
          suggestionFor(
            entry.operation,
            service.operations.map((o) => o.name),
          ),
        )
    }
  })
  return diagnostics
}
