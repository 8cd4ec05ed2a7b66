// A load generator run in its own process, so that the sandbox under test has the other core to itself.
// Usage: node load-generator.ts <url> <seconds> <concurrency> <request.json>; prints one JSON line of results.

import { readFileSync } from "node:fs"
import http from "node:http"

const [url = "", secondsText = "5", concurrencyText = "16", requestFile = ""] = process.argv.slice(2)
const request = JSON.parse(readFileSync(requestFile, "utf8")) as {
  method: string
  path: string
  headers: Record<string, string>
  body: string
}
const target = new URL(url)
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrencyText) })
const deadline = performance.now() + Number(secondsText) * 1000
const latencies: number[] = []
let errors = 0
let statuses: Record<number, number> = {}

const once = (): Promise<void> =>
  new Promise((resolve) => {
    const started = performance.now()
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent,
      },
      (res) => {
        res.resume()
        res.on("end", () => {
          statuses = { ...statuses, [res.statusCode ?? 0]: (statuses[res.statusCode ?? 0] ?? 0) + 1 }
          latencies.push(performance.now() - started)
          resolve()
        })
      },
    )
    req.on("error", () => {
      errors++
      resolve()
    })
    req.end(request.body)
  })

const worker = async () => {
  while (performance.now() < deadline) await once()
}
const started = performance.now()
await Promise.all(Array.from({ length: Number(concurrencyText) }, worker))
const elapsed = (performance.now() - started) / 1000
latencies.sort((a, b) => a - b)
const at = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN
console.log(
  JSON.stringify({
    requests: latencies.length,
    errors,
    statuses,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
  }),
)
agent.destroy()
