import type { CallContext, Input, Operation } from "../../operation.ts"
import { requireString, ServiceError } from "../../service-error.ts"
import { objectMember, packParametersMember, stringListMember, stringMember } from "./input.ts"
import { checkTemplate } from "./pack-template.ts"
import { deployPack, maxPacksPerRegion, packDeploymentMilliseconds, packState, removePack } from "./packs.ts"
import { configPage } from "./paging.ts"
import { type ConfigState, configState, type PackRecord } from "./state.ts"

/** The error AWS answers for pack names it does not know. */
export const noSuchPack = (names: ReadonlyArray<string>): ServiceError =>
  new ServiceError(
    "NoSuchConformancePackException",
    `One or more conformance packs do not exist: [${names.join(", ")}]. Check the names and try again.`,
  )

/** A pack of the caller's account and Region, or NoSuchConformancePackException. */
export const packOrThrow = (state: ConfigState, name: string): PackRecord => {
  const pack = state.packs[name]
  if (!pack) throw noSuchPack([name])
  return pack
}

/** The packs a request names (all of them when it names none), in name order. */
export const selectedPacks = (state: ConfigState, names: ReadonlyArray<string> | undefined): PackRecord[] => {
  if (!names || names.length === 0)
    return Object.values(state.packs).sort((a, b) => a.name.localeCompare(b.name))
  const missing = names.filter((n) => !state.packs[n])
  if (missing.length > 0) throw noSuchPack(missing)
  return names.map((n) => state.packs[n] as PackRecord)
}

/** Checks a pack name against Config's pattern. */
export const checkPackName = (name: string, field: string, maxLength: number): void => {
  if (name.length > maxLength || !/^[a-zA-Z][-a-zA-Z0-9]*$/.test(name))
    throw new ServiceError(
      "ValidationException",
      `1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    )
}

/** The template body of a put: the sandbox has no S3 or SSM to read templates from. */
export const templateBodyOf = (input: Input): string => {
  const body = stringMember(input, "TemplateBody")
  if (body !== undefined) return body
  if (stringMember(input, "TemplateS3Uri") !== undefined || objectMember(input, "TemplateSSMDocumentDetails"))
    throw new ServiceError(
      "InvalidParameterValueException",
      "The sandbox cannot read templates from S3 or SSM documents: pass the template as TemplateBody.",
    )
  throw new ServiceError(
    "InvalidParameterValueException",
    "Either TemplateBody or TemplateS3Uri must be given.",
  )
}

const detailShape = (pack: PackRecord) => ({
  ConformancePackName: pack.name,
  ConformancePackArn: pack.arn,
  ConformancePackId: pack.id,
  ...(pack.deliveryS3Bucket === undefined ? {} : { DeliveryS3Bucket: pack.deliveryS3Bucket }),
  ...(pack.deliveryS3KeyPrefix === undefined ? {} : { DeliveryS3KeyPrefix: pack.deliveryS3KeyPrefix }),
  ConformancePackInputParameters: pack.inputParameters,
  LastUpdateRequestedTime: new Date(pack.requestedAt),
  ...(pack.createdBy === undefined ? {} : { CreatedBy: pack.createdBy }),
})

const statusShape = (pack: PackRecord, now: number) => {
  const state = packState(pack, now)
  return {
    ConformancePackName: pack.name,
    ConformancePackId: pack.id,
    ConformancePackArn: pack.arn,
    ConformancePackState: state,
    StackArn: pack.stackArn,
    LastUpdateRequestedTime: new Date(pack.requestedAt),
    ...(state === "CREATE_IN_PROGRESS" ? {} : { LastUpdateCompletedTime: new Date(pack.readyAt) }),
    ...(state === "CREATE_FAILED" && pack.failure
      ? { ConformancePackStatusReason: `${pack.failure.code}: ${pack.failure.message}` }
      : {}),
  }
}

const stateOf = (context: CallContext): ConfigState =>
  configState(context.store, context.account, context.region)

/** PutConformancePack, DescribeConformancePacks, DescribeConformancePackStatus, DeleteConformancePack. */
export const conformancePackOperations: ReadonlyArray<Operation> = [
  {
    name: "PutConformancePack",
    readOnly: false,
    handle: (input, context) => {
      const name = requireString(input, "ConformancePackName")
      checkPackName(name, "conformancePackName", 256)
      const body = templateBodyOf(input)
      const inputs = packParametersMember(input)
      const checked = checkTemplate(body, inputs)
      const state = stateOf(context)
      if (!state.packs[name] && Object.keys(state.packs).length >= maxPacksPerRegion)
        throw new ServiceError(
          "MaxNumberOfConformancePacksExceededException",
          `You have reached the limit of ${maxPacksPerRegion} conformance packs in this account and Region.`,
        )
      const now = context.clock.now()
      const bucket = stringMember(input, "DeliveryS3Bucket")
      const prefix = stringMember(input, "DeliveryS3KeyPrefix")
      const pack = deployPack(context.store, {
        account: context.account,
        region: context.region,
        partition: context.partition,
        name,
        templateBody: body,
        checked,
        inputParameters: inputs,
        now,
        readyAt: now + packDeploymentMilliseconds,
        ...(bucket === undefined ? {} : { deliveryS3Bucket: bucket }),
        ...(prefix === undefined ? {} : { deliveryS3KeyPrefix: prefix }),
      })
      return { ConformancePackArn: pack.arn }
    },
  },
  {
    name: "DescribeConformancePacks",
    readOnly: true,
    handle: (input, context) => {
      const packs = selectedPacks(stateOf(context), stringListMember(input, "ConformancePackNames"))
      const page = configPage(packs.map(detailShape), input, { max: 20, default: 20 })
      return { ConformancePackDetails: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "DescribeConformancePackStatus",
    readOnly: true,
    handle: (input, context) => {
      const now = context.clock.now()
      const packs = selectedPacks(stateOf(context), stringListMember(input, "ConformancePackNames"))
      const page = configPage(
        packs.map((p) => statusShape(p, now)),
        input,
        { max: 20, default: 20 },
      )
      return { ConformancePackStatusDetails: page.items, NextToken: page.nextToken }
    },
  },
  {
    name: "DeleteConformancePack",
    readOnly: false,
    handle: (input, context) => {
      const name = requireString(input, "ConformancePackName")
      packOrThrow(stateOf(context), name)
      removePack(context.store, context.account, context.region, name)
      return {}
    },
  },
]
