import type { CallContext, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import type { OrganizationState } from "../../state/organization.ts"
import type { SandboxStore } from "../../state/store.ts"
import { checkPackName, templateBodyOf } from "./conformance-packs.ts"
import { objectMember, packParametersMember, stringListMember, stringMember } from "./input.ts"
import { type CheckedTemplate, checkTemplate, resolvePack } from "./pack-template.ts"
import { deployPack, packDeploymentMilliseconds, removePack } from "./packs.ts"
import { configPage } from "./paging.ts"
import {
  type ConfigState,
  configState,
  type MemberDeployment,
  multiAccountSetupService,
  type OrganizationPackRecord,
} from "./state.ts"

/** AWS's limit on organization conformance packs. */
export const maxOrganizationPacks = 50

const templateCode = "OrganizationConformancePackTemplateValidationException"

/**
 * The organization, if the caller may act for it in Config: the management account, or a delegated administrator
 * registered for `servicePrincipal`. Others get OrganizationAccessDeniedException; accounts outside any
 * organization NoAvailableOrganizationException.
 */
export const organizationAdmin = (context: CallContext, servicePrincipal: string): OrganizationState => {
  const org = context.store.organization
  if (!org || (org.managementAccountId !== context.account && !org.accounts[context.account]))
    throw new ServiceError("NoAvailableOrganizationException", "Organization is no longer available.")
  const delegated = org.delegatedAdministrators.some(
    (d) => d.accountId === context.account && d.servicePrincipal === servicePrincipal,
  )
  if (context.account !== org.managementAccountId && !delegated)
    throw new ServiceError(
      "OrganizationAccessDeniedException",
      `This action can only be made by the organization's management account or a delegated administrator registered for ${servicePrincipal}.`,
    )
  return org
}

/** Where organization packs live: the management account's Config state in the Region. */
const organizationState = (store: SandboxStore, org: OrganizationState, region: string): ConfigState =>
  configState(store, org.managementAccountId, region)

const packOrThrow = (state: ConfigState, name: string): OrganizationPackRecord => {
  const pack = state.organizationPacks[name]
  if (!pack)
    throw new ServiceError(
      "NoSuchOrganizationConformancePackException",
      `Organization conformance pack ${name} does not exist.`,
    )
  return pack
}

/** One deployment of an organization pack across the organization in a Region. */
export interface OrganizationPackDeployment {
  readonly org: OrganizationState
  /** The account that asked for it (management or delegated administrator). */
  readonly admin: string
  readonly region: string
  readonly partition: string
  readonly name: string
  readonly templateBody: string
  readonly checked: CheckedTemplate
  readonly inputParameters: ReadonlyArray<{ readonly ParameterName: string; readonly ParameterValue: string }>
  readonly excludedAccounts: ReadonlyArray<string>
  readonly deliveryS3Bucket?: string
  readonly deliveryS3KeyPrefix?: string
  readonly now: number
  readonly readyAt: number
}

/**
 * Creates or updates an organization pack: deploys `OrgConformsPack-<name>-<suffix>` into every active account
 * of the organization (the management account included) except the excluded ones, in the Region, and removes it
 * from accounts excluded since. An account the pack cannot be created in (no configuration recorder, ...) is
 * recorded as failed with Config's error code.
 */
export const deployOrganizationPack = (
  store: SandboxStore,
  deployment: OrganizationPackDeployment,
): OrganizationPackRecord => {
  const { org, region, name } = deployment
  const state = organizationState(store, org, region)
  const previous = state.organizationPacks[name]
  const suffix = previous?.suffix ?? store.nextId("", 8)
  const memberPackName = `OrgConformsPack-${name}-${suffix}`
  const excluded = new Set(deployment.excludedAccounts)
  const targets = Object.values(org.accounts)
    .filter((a) => a.status === "ACTIVE" && !excluded.has(a.id))
    .map((a) => a.id)
    .sort()
  const members: Record<string, MemberDeployment> = {}
  for (const accountId of targets) {
    const operation = previous?.members[accountId] ? "UPDATE" : "CREATE"
    let failed: MemberDeployment["failed"]
    try {
      failed = deployPack(store, {
        account: accountId,
        region,
        partition: deployment.partition,
        name: memberPackName,
        templateBody: deployment.templateBody,
        checked: deployment.checked,
        inputParameters: deployment.inputParameters,
        createdBy: multiAccountSetupService,
        now: deployment.now,
        readyAt: deployment.readyAt,
        ...(deployment.deliveryS3Bucket === undefined
          ? {}
          : { deliveryS3Bucket: deployment.deliveryS3Bucket }),
        ...(deployment.deliveryS3KeyPrefix === undefined
          ? {}
          : { deliveryS3KeyPrefix: deployment.deliveryS3KeyPrefix }),
      }).failure
    } catch (error) {
      failed = {
        code: error instanceof ServiceError ? error.code : "InternalFailure",
        message: error instanceof Error ? error.message : String(error),
      }
    }
    members[accountId] = {
      accountId,
      packName: memberPackName,
      operation,
      readyAt: deployment.readyAt,
      ...(failed === undefined ? {} : { failed }),
    }
  }
  for (const accountId of Object.keys(previous?.members ?? {}))
    if (!members[accountId]) removePack(store, accountId, region, memberPackName)
  const pack: OrganizationPackRecord = {
    name,
    suffix,
    arn:
      previous?.arn ??
      `arn:${deployment.partition}:config:${region}:${deployment.admin}:organization-conformance-pack/${name}-${suffix}`,
    templateBody: deployment.templateBody,
    inputParameters: deployment.inputParameters.map((p) => ({
      ParameterName: p.ParameterName,
      ParameterValue: p.ParameterValue,
    })),
    excludedAccounts: [...deployment.excludedAccounts],
    operation: previous ? "UPDATE" : "CREATE",
    lastUpdateTime: deployment.now,
    readyAt: deployment.readyAt,
    members,
    ...(deployment.deliveryS3Bucket === undefined ? {} : { deliveryS3Bucket: deployment.deliveryS3Bucket }),
    ...(deployment.deliveryS3KeyPrefix === undefined
      ? {}
      : { deliveryS3KeyPrefix: deployment.deliveryS3KeyPrefix }),
  }
  state.organizationPacks[name] = pack
  store.touch(org.managementAccountId)
  return pack
}

/** A member account's status: in progress until the deployment completes, then successful or failed. */
const memberStatus = (member: MemberDeployment, now: number): string =>
  `${member.operation}_${member.readyAt > now ? "IN_PROGRESS" : member.failed ? "FAILED" : "SUCCESSFUL"}`

/** The organization pack's status: failed when any member account failed. */
const packStatus = (pack: OrganizationPackRecord, now: number): string =>
  `${pack.operation}_${
    pack.readyAt > now
      ? "IN_PROGRESS"
      : Object.values(pack.members).some((m) => m.failed)
        ? "FAILED"
        : "SUCCESSFUL"
  }`

const selected = (state: ConfigState, names: ReadonlyArray<string> | undefined): OrganizationPackRecord[] =>
  names && names.length > 0
    ? names.map((n) => packOrThrow(state, n))
    : Object.values(state.organizationPacks).sort((a, b) => a.name.localeCompare(b.name))

const excludedAccountsOf = (accounts: ReadonlyArray<string>): ReadonlyArray<string> => {
  if (accounts.length > 1000)
    throw new ServiceError("ValidationException", "ExcludedAccounts takes at most 1000 account ids.")
  for (const id of accounts)
    if (!/^\d{12}$/.test(id))
      throw new ServiceError(
        "ValidationException",
        `1 validation error detected: Value '${id}' at 'excludedAccounts' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}`,
      )
  return accounts
}

/** The organization conformance pack operations, for the management account and delegated administrators. */
export const organizationPackOperations: ReadonlyArray<Operation> = [
  {
    name: "PutOrganizationConformancePack",
    readOnly: false,
    handle: (input, context) => {
      const org = organizationAdmin(context, multiAccountSetupService)
      const name = requireString(input, "OrganizationConformancePackName")
      checkPackName(name, "organizationConformancePackName", 128)
      const body = templateBodyOf(input)
      const inputs = packParametersMember(input)
      const checked = checkTemplate(body, inputs, templateCode)
      // Resolving once here reports template problems as the organization's error, before any account changes.
      resolvePack(
        checked,
        { account: context.account, region: context.region, partition: context.partition, stackName: name },
        templateCode,
      )
      const excluded = excludedAccountsOf(stringListMember(input, "ExcludedAccounts") ?? [])
      const state = organizationState(context.store, org, context.region)
      if (
        !state.organizationPacks[name] &&
        Object.keys(state.organizationPacks).length >= maxOrganizationPacks
      )
        throw new ServiceError(
          "MaxNumberOfOrganizationConformancePacksExceededException",
          `You have reached the limit of ${maxOrganizationPacks} organization conformance packs.`,
        )
      const now = context.clock.now()
      const bucket = stringMember(input, "DeliveryS3Bucket")
      const prefix = stringMember(input, "DeliveryS3KeyPrefix")
      const pack = deployOrganizationPack(context.store, {
        org,
        admin: context.account,
        region: context.region,
        partition: context.partition,
        name,
        templateBody: body,
        checked,
        inputParameters: inputs,
        excludedAccounts: excluded,
        now,
        readyAt: now + packDeploymentMilliseconds,
        ...(bucket === undefined ? {} : { deliveryS3Bucket: bucket }),
        ...(prefix === undefined ? {} : { deliveryS3KeyPrefix: prefix }),
      })
      return { OrganizationConformancePackArn: pack.arn }
    },
  },
  {
    name: "DescribeOrganizationConformancePacks",
    readOnly: true,
    handle: (input, context) => {
      const org = organizationAdmin(context, multiAccountSetupService)
      const state = organizationState(context.store, org, context.region)
      const packs = selected(state, stringListMember(input, "OrganizationConformancePackNames")).map((p) => ({
        OrganizationConformancePackName: p.name,
        OrganizationConformancePackArn: p.arn,
        LastUpdateTime: new Date(p.lastUpdateTime),
        ...(p.deliveryS3Bucket === undefined ? {} : { DeliveryS3Bucket: p.deliveryS3Bucket }),
        ...(p.deliveryS3KeyPrefix === undefined ? {} : { DeliveryS3KeyPrefix: p.deliveryS3KeyPrefix }),
        ConformancePackInputParameters: p.inputParameters,
        ExcludedAccounts: p.excludedAccounts,
      }))
      const page = configPage(packs, input, { max: 100, default: 100 })
      return { OrganizationConformancePacks: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "DescribeOrganizationConformancePackStatuses",
    readOnly: true,
    handle: (input, context) => {
      const org = organizationAdmin(context, multiAccountSetupService)
      const state = organizationState(context.store, org, context.region)
      const now = context.clock.now()
      const statuses = selected(state, stringListMember(input, "OrganizationConformancePackNames")).map(
        (p) => {
          const status = packStatus(p, now)
          const failures = Object.values(p.members).filter((m) => m.failed).length
          return {
            OrganizationConformancePackName: p.name,
            Status: status,
            ...(status.endsWith("_FAILED")
              ? {
                  ErrorCode: "OrganizationConformancePackMemberAccountFailure",
                  ErrorMessage: `The pack failed in ${failures} member account(s); see GetOrganizationConformancePackDetailedStatus.`,
                }
              : {}),
            LastUpdateTime: new Date(p.readyAt > now ? p.lastUpdateTime : p.readyAt),
          }
        },
      )
      const page = configPage(statuses, input, { max: 100, default: 100 })
      return { OrganizationConformancePackStatuses: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "GetOrganizationConformancePackDetailedStatus",
    readOnly: true,
    handle: (input, context) => {
      const org = organizationAdmin(context, multiAccountSetupService)
      const name = requireString(input, "OrganizationConformancePackName")
      const pack = packOrThrow(organizationState(context.store, org, context.region), name)
      const filters = objectMember(input, "Filters") ?? {}
      const account = stringMember(filters, "AccountId")
      const wanted = stringMember(filters, "Status")
      const now = context.clock.now()
      const statuses = Object.values(pack.members)
        .sort((a, b) => a.accountId.localeCompare(b.accountId))
        .map((m) => ({
          AccountId: m.accountId,
          ConformancePackName: m.packName,
          Status: memberStatus(m, now),
          ...(m.failed && m.readyAt <= now
            ? { ErrorCode: m.failed.code, ErrorMessage: m.failed.message }
            : {}),
          LastUpdateTime: new Date(m.readyAt > now ? pack.lastUpdateTime : m.readyAt),
        }))
        .filter(
          (s) =>
            (account === undefined || s.AccountId === account) &&
            (wanted === undefined || s.Status === wanted),
        )
      const page = configPage(statuses, input, { max: 100, default: 100 })
      return { OrganizationConformancePackDetailedStatuses: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "DeleteOrganizationConformancePack",
    readOnly: false,
    handle: (input, context) => {
      const org = organizationAdmin(context, multiAccountSetupService)
      const name = requireString(input, "OrganizationConformancePackName")
      const state = organizationState(context.store, org, context.region)
      const pack = packOrThrow(state, name)
      for (const member of Object.values(pack.members))
        removePack(context.store, member.accountId, context.region, member.packName)
      delete state.organizationPacks[name]
      context.store.touch(org.managementAccountId)
      return {}
    },
  },
]
