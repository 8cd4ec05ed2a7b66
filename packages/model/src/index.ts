export * from "./compliance.ts"
export * from "./diagnostic.ts"
export * from "./guardrail.ts"
export * from "./ids.ts"
