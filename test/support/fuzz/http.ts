import { Agent, request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  ms: number;
  /** Set when no answer came within the bound (the request was then aborted). */
  timedOut?: boolean;
  /** Set when the connection failed or was reset without an answer. */
  networkError?: string;
}

/**
 * Sends a request exactly as given (raw path, raw body, any content type) with Node's http client,
 * which does not normalise `..` or re-encode the path the way `fetch` does. A server-sent event
 * stream counts as answered once it opens.
 */
export function rawRequest(
  port: number,
  agent: Agent,
  method: string,
  url: string,
  headers: Record<string, string | undefined>,
  body: string | Buffer | undefined,
  timeoutMs: number,
): Promise<RawResponse> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (response: Omit<RawResponse, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...response, ms: Date.now() - started });
    };
    const sent: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
    if (body !== undefined) sent['content-length'] = String(Buffer.byteLength(body));
    const req = request({ host: '127.0.0.1', port, method, path: url, headers: sent, agent }, (res) => {
      if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
        // A live stream (server-sent events) never ends by design: its answer is the opened stream.
        finish({ status: res.statusCode ?? 0, headers: res.headers, text: '' });
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => finish({ status: 0, headers: {}, text: '', networkError: error.message }));
    });
    const timer = setTimeout(() => {
      finish({ status: 0, headers: {}, text: '', timedOut: true });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish({ status: 0, headers: {}, text: '', networkError: error.message }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}
