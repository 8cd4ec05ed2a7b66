import { defineConfig } from "vitest/config"

// Every test here starts processes (the sandbox, `rampart`), and the long end-to-end files run beside each other
// on the machine's cores: a process start takes seconds then, so no test is held to Vitest's 5-second default.
export default defineConfig({ test: { testTimeout: 60_000 } })
