import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small load balancer for tests, configured like deploy/Caddyfile: each request goes to the next backend in
 * turn, among those whose `/readyz` answered 200 at the last check (every 500 ms), so a replica that is still
 * starting gets nothing. A backend that refuses the connection (killed since the last check) is skipped and the
 * request tried on the next one; it never reached the app, so a retry is safe. A backend that dies while
 * handling a request answers 502: the client cannot know whether it was applied.
 */
export async function startRoundRobinProxy(all: () => string[]): Promise<{ url: string; close(): Promise<void>; counts: Map<string, number> }> {
  let next = 0;
  const ready = new Set<string>(all());
  const check = async () => {
    await Promise.all(
      all().map(async (b) => {
        // A slow answer (a busy machine) keeps the backend's state; a refusal or a 503 takes it out.
        const state = await fetch(`${b}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
          (r) => (r.status === 200 ? 'ready' : 'not ready'),
          (e: Error) => (e.name === 'TimeoutError' ? 'unknown' : 'not ready'),
        );
        if (state === 'ready') ready.add(b);
        if (state === 'not ready') ready.delete(b);
      }),
    );
  };
  let checking = false;
  const checker = setInterval(() => {
    if (checking) return;
    checking = true;
    void check().finally(() => (checking = false));
  }, 500);
  // With none known ready, every backend is tried (a refusal still moves on to the next).
  const backends = () => (ready.size ? all().filter((b) => ready.has(b)) : all());
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const counts = new Map<string, number>();
  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => resolve(Buffer.concat(parts)));
      req.on('error', reject);
    });

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req).catch(() => Buffer.alloc(0));
    const list = backends();
    const first = next++;
    const attempt = (tries: number) => {
      if (tries >= list.length || list.length === 0) {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"no backend"}');
        return;
      }
      const target = new URL(list[(first + tries) % list.length]!);
      // The Host header passes through, as behind a real proxy: the app's origin checks see the public host.
      const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
      const up = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
        (upRes) => {
          counts.set(target.origin, (counts.get(target.origin) ?? 0) + 1);
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          upRes.on('error', () => res.destroy());
        },
      );
      up.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'ECONNREFUSED' && !res.headersSent) return attempt(tries + 1);
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"backend failed"}');
        else res.destroy();
      });
      up.end(body);
    };
    attempt(0);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(checker);
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
