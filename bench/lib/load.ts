import { Agent, request as httpRequest } from 'node:http';

// ---------------------------------------------------------------------------------------------
// A small JSON client over keep-alive HTTP/1.1.
//
// node:http with a keep-alive Agent rather than fetch: fetch (undici inside Node) cannot be given
// a connection pool from here without the undici package, and a fresh connection per request would
// measure TCP handshakes instead of the gateway. One socket per virtual client (maxSockets =
// concurrency) means no request ever queues inside the load generator itself.

export interface JsonResponse {
  status: number;
  body: any;
}

export class JsonClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(baseUrl: string, maxSockets = 16) {
    this.url = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'fifo' });
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // not JSON: keep the text for the error message
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Like `request`, but any status other than `expected` is an error that says what came back. */
  async expect(expected: number, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any> {
    const response = await this.request(method, path, body, headers);
    if (response.status !== expected) {
      throw new Error(`${method} ${path} answered ${response.status} (expected ${expected}): ${JSON.stringify(response.body).slice(0, 500)}`);
    }
    return response.body;
  }

  close(): void {
    this.agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Latency statistics.

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Percentiles by the nearest-rank method: p99 is a latency that 99% of requests did not exceed. */
export function summarise(latenciesMs: Float64Array | number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, meanMs: NaN, p50Ms: NaN, p95Ms: NaN, p99Ms: NaN, maxMs: NaN };
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count: n, meanMs: round2(sum / n), p50Ms: round2(at(50)), p95Ms: round2(at(95)), p99Ms: round2(at(99)), maxMs: round2(sorted[n - 1]) };
}

/** A growable array of doubles: a latency per request without boxing thousands of numbers. */
class Samples {
  private data = new Float64Array(4096);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

// ---------------------------------------------------------------------------------------------
// Closed-loop load: N virtual clients, each sending its next request as soon as the previous one
// answered, for a fixed time. Throughput then is what the system sustains at that concurrency,
// and latency is what each of those N clients waits.

/** What one request came to. `outcome` names a refusal reason or an error (e.g. `HTTP 503`). */
export type Outcome = { kind: 'accepted' } | { kind: 'refused'; reason: string } | { kind: 'error'; reason: string };

export interface VirtualClient {
  /** Sends one request and classifies the answer. Must not throw for an answer; a throw counts as an error. */
  step(): Promise<Outcome>;
}

export interface LoadOptions {
  concurrency: number;
  /** Measured time. */
  durationMs: number;
  /** Run first and thrown away: JIT compilation, connection pools and caches settle here. */
  warmupMs: number;
  client(index: number): VirtualClient;
  /** Called about every 250 ms with the measured-window figures so far (for a progress bar). */
  onTick?(progress: { elapsedMs: number; accepted: number; refused: number; errors: number }): void;
  /** Called when the measured window opens and closes (e.g. to read CPU counters over exactly that time). */
  onWindowStart?(): void;
  onWindowEnd?(): void;
  /** Also answer every latency of the window (`samples`), e.g. to pool several windows into one distribution. */
  keepSamples?: boolean;
}

export interface LoadResult {
  concurrency: number;
  durationSeconds: number;
  requests: number;
  accepted: number;
  refused: number;
  errors: number;
  acceptedPerSecond: number;
  refusedPerSecond: number;
  requestsPerSecond: number;
  /** Every request that completed in the window: accepted, refused and failed alike. */
  latency: LatencySummary;
  /** Latency of accepted bids only. */
  acceptedLatency: LatencySummary;
  refusalReasons: Record<string, number>;
  errorReasons: Record<string, number>;
  /** Requests sent in all, warm-up and the drain after the window included. */
  totalRequests: number;
  /** Every latency of the window, with `keepSamples` (not for the results file). */
  samples?: Float64Array;
}

/**
 * Runs the clients for warm-up + duration. A request counts if it completed inside the measured
 * window; those still in flight at its end are awaited (so nothing is left running) but not counted.
 */
export async function runClosedLoop(options: LoadOptions): Promise<LoadResult> {
  const t0 = performance.now();
  const windowStart = t0 + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const all = new Samples();
  const acceptedLatencies = new Samples();
  const refusalReasons: Record<string, number> = {};
  const errorReasons: Record<string, number> = {};
  let accepted = 0;
  let refused = 0;
  let errors = 0;
  let totalRequests = 0;

  let windowOpened = false;
  let windowClosed = false;
  const openWindow = () => {
    windowOpened = true;
    options.onWindowStart?.();
  };
  const closeWindow = () => {
    if (!windowOpened || windowClosed) return;
    windowClosed = true;
    options.onWindowEnd?.();
  };
  const windowTimers = [setTimeout(openWindow, options.warmupMs), setTimeout(closeWindow, options.warmupMs + options.durationMs)];
  const ticker = options.onTick
    ? setInterval(() => options.onTick!({ elapsedMs: Math.max(0, performance.now() - windowStart), accepted, refused, errors }), 250)
    : null;

  const loop = async (client: VirtualClient) => {
    while (performance.now() < windowEnd) {
      const sent = performance.now();
      let outcome: Outcome;
      try {
        outcome = await client.step();
      } catch (error) {
        outcome = { kind: 'error', reason: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
      }
      const done = performance.now();
      totalRequests++;
      if (done < windowStart || done > windowEnd) continue; // warm-up, or finished after the bell
      const ms = done - sent;
      all.push(ms);
      if (outcome.kind === 'accepted') {
        accepted++;
        acceptedLatencies.push(ms);
      } else if (outcome.kind === 'refused') {
        refused++;
        refusalReasons[outcome.reason] = (refusalReasons[outcome.reason] ?? 0) + 1;
      } else {
        errors++;
        errorReasons[outcome.reason] = (errorReasons[outcome.reason] ?? 0) + 1;
        // A failing system answers errors instantly; do not spin on it.
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: options.concurrency }, (_, i) => loop(options.client(i))));
  } finally {
    if (ticker) clearInterval(ticker);
    windowTimers.forEach(clearTimeout);
    closeWindow(); // in case the last client stopped a hair before the closing timer ran
  }
  const seconds = options.durationMs / 1000;
  const requests = accepted + refused + errors;
  return {
    concurrency: options.concurrency,
    durationSeconds: seconds,
    requests,
    accepted,
    refused,
    errors,
    acceptedPerSecond: round1(accepted / seconds),
    refusedPerSecond: round1(refused / seconds),
    requestsPerSecond: round1(requests / seconds),
    latency: summarise(all.values()),
    acceptedLatency: summarise(acceptedLatencies.values()),
    refusalReasons,
    errorReasons,
    totalRequests,
    ...(options.keepSamples ? { samples: Float64Array.from(all.values()) } : {}),
  };
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
export const round2 = (n: number) => Math.round(n * 100) / 100;
