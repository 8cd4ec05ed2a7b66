export * from "./workflow-engine.ts"
