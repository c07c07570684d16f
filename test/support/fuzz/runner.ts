import { Agent } from 'node:http';
import { FuzzCase } from './cases';
import { rawRequest, RawResponse } from './http';

export interface Finding {
  index: number;
  operation: string;
  name: string;
  request: string;
  problem: string;
  status: number;
  answer: string;
}

export interface FuzzReport {
  seed: string;
  sent: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  timeouts: number;
  slowestMs: number;
  slowest: string;
  findings: Finding[];
  /** Writes (POST, PUT, PATCH, DELETE) that were answered 2xx: each must have changed nothing. */
  acceptedWrites: string[];
}

const ERROR_KEYS = new Set(['code', 'message', 'fields', 'details']);

/** What is wrong with a 4xx/5xx answer's body, or null if it has the standard error shape. */
export function errorShapeProblem(response: RawResponse): string | null {
  if (!/^application\/json/.test(String(response.headers['content-type'] ?? ''))) return `content-type ${response.headers['content-type']}`;
  let body: { error?: Record<string, unknown>; correlationId?: unknown };
  try {
    body = JSON.parse(response.text);
  } catch {
    return 'body is not JSON';
  }
  if (!body || typeof body !== 'object' || !body.error || typeof body.error !== 'object') return 'no error object';
  const extra = Object.keys(body).filter((k) => k !== 'error' && k !== 'correlationId');
  if (extra.length) return `unexpected top-level keys ${extra.join(', ')}`;
  const { code, message, fields } = body.error;
  if (typeof code !== 'string' || !/^[A-Z][A-Z0-9_.]+$/.test(code)) return `bad code ${JSON.stringify(code)}`;
  if (typeof message !== 'string' || !message) return 'no message';
  const unknownKeys = Object.keys(body.error).filter((k) => !ERROR_KEYS.has(k));
  if (unknownKeys.length) return `unexpected error keys ${unknownKeys.join(', ')}`;
  if (fields !== undefined && (!Array.isArray(fields) || fields.some((f) => typeof f?.field !== 'string' || !Array.isArray(f?.messages)))) return 'malformed fields';
  if (typeof body.correlationId !== 'string' || body.correlationId !== response.headers['x-request-id']) return 'correlationId missing or not the x-request-id header';
  return null;
}

const describe = (c: FuzzCase) => {
  const body = c.body === undefined ? '' : ` body(${Buffer.byteLength(c.body)} bytes)=${String(c.body).slice(0, 160)}`;
  return `${c.method} ${c.url.slice(0, 300)}${body}`;
};

/**
 * Sends every case with `concurrency` requests in flight and judges each answer: no 5xx, an answer
 * within `timeoutMs`, the standard error body on every 4xx. `authorize` gives the caller's
 * Authorization header for an operation (or none for public ones).
 */
export async function runFuzz(options: {
  seed: string;
  port: number;
  cases: FuzzCase[];
  authorize: (c: FuzzCase) => string | undefined;
  timeoutMs: number;
  concurrency: number;
}): Promise<FuzzReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const report: FuzzReport = { seed: options.seed, sent: 0, byStatus: {}, serverErrors: 0, timeouts: 0, slowestMs: 0, slowest: '', findings: [], acceptedWrites: [] };
  let next = 0;
  const work = async () => {
    while (next < options.cases.length) {
      const c = options.cases[next++];
      const authorization = c.authorization ?? options.authorize(c);
      const headers = { ...c.headers, 'x-request-id': `fuzz-${options.seed}-${c.index}`.replace(/[^A-Za-z0-9._-]/g, '-'), ...(authorization ? { authorization } : {}) };
      const response = await rawRequest(options.port, agent, c.method, c.url, headers, c.body, options.timeoutMs);
      report.sent++;
      const status = response.timedOut ? 'timeout' : response.networkError ? 'network error' : String(response.status);
      report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
      if (response.ms > report.slowestMs) Object.assign(report, { slowestMs: response.ms, slowest: `#${c.index} ${c.operation.key}: ${c.name}` });
      const finding = (problem: string) =>
        report.findings.push({ index: c.index, operation: c.operation.key, name: c.name, request: describe(c), problem, status: response.status, answer: response.text.slice(0, 400) });
      if (c.method !== 'GET' && response.status >= 200 && response.status < 300) report.acceptedWrites.push(`#${c.index} ${c.operation.key}: ${c.name} → ${response.status}`);
      if (response.timedOut) {
        report.timeouts++;
        finding(`no answer within ${options.timeoutMs} ms`);
      } else if (response.networkError) {
        finding(`connection failed: ${response.networkError}`);
      } else if (response.status >= 500) {
        report.serverErrors++;
        finding(`server error ${response.status}`);
      } else if (response.status >= 400) {
        const problem = errorShapeProblem(response);
        if (problem) finding(`error body: ${problem}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, work));
  agent.destroy();
  return report;
}
