/**
 * A loopback server standing for "another host": it records every request (headers and body) and
 * answers like a hostile server would, so a test can prove a stored key never reached it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CanaryRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Canary {
  /** http://127.0.0.1:port */
  origin: string;
  requests: CanaryRequest[];
  /** Connections opened, whether or not a request followed. */
  connections: number;
  /** Whether any request carried `secret` in its headers, URL or body. */
  saw(secret: string): boolean;
  close(): Promise<void>;
}

/** Starts a canary on 127.0.0.1; `answer` chooses its reply (default: 400 quoting the Authorization header). */
export async function startCanary(answer?: (req: CanaryRequest) => { status: number; body: unknown }): Promise<Canary> {
  const requests: CanaryRequest[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(entry);
      const reply = answer?.(entry) ?? { status: 400, body: { message: `no such route; you sent ${String(req.headers.authorization ?? req.headers['x-api-key'] ?? '')}` } };
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    saw: (secret) => requests.some((r) => JSON.stringify(r).includes(secret)),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
