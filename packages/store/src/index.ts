export * from "./database.ts"
export * from "./findings.ts"
export * from "./migrations.ts"
export * from "./scans.ts"
