export * from "./remediation/index.ts"
export * from "./workflow-engine.ts"
