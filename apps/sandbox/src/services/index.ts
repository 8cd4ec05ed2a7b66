import type { ServiceDefinition } from "../operation.ts"
import { organizationsService } from "./organizations/index.ts"
import { stsService } from "./sts/index.ts"

/** Every service the sandbox emulates. */
export const services: ReadonlyArray<ServiceDefinition> = [organizationsService, stsService]
