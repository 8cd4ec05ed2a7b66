import type { ServiceDefinition } from "../operation.ts"
import { backupService } from "./backup/index.ts"
import { cloudTrailService } from "./cloudtrail/index.ts"
import { configService } from "./config/index.ts"
import { iamService } from "./iam/index.ts"
import { kmsService } from "./kms/index.ts"
import { organizationsService } from "./organizations/index.ts"
import { rdsService } from "./rds/index.ts"
import { stsService } from "./sts/index.ts"

/**
 * Every service the sandbox emulates. Seeding follows this order: KMS before the services that encrypt with its
 * keys, Config last so that its packs see the resources the others created.
 */
export const services: ReadonlyArray<ServiceDefinition> = [
  organizationsService,
  stsService,
  iamService,
  kmsService,
  rdsService,
  backupService,
  cloudTrailService,
  configService,
]
