// The integration runner's front proxy (code-server's /proxy/PORT/ route in front of the bare VS Code server):
// its close() must end even while a WebSocket tunnel is open, or the runner never returns the tests' verdict.
import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';

const load = () => Promise.all([import('../../../scripts/host/frontProxy.mjs'), import('../../../scripts/host/freePort.mjs')]);
let startFrontProxy: Awaited<ReturnType<typeof load>>[0]['startFrontProxy'];
let freePort: Awaited<ReturnType<typeof load>>[1]['freePort'];
before(async () => {
  [{ startFrontProxy }, { freePort }] = await load();
});

/** A TCP server that answers any request with 101 and then holds the connection open, as VS Code's server does. */
async function upgradingServer(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    s.once('data', () => s.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as { port: number }).port, sockets };
}

describe('integration runner: front proxy', () => {
  it('closes with a WebSocket tunnel still open, ending both sides of the tunnel', async () => {
    const inner = await upgradingServer();
    const port = await freePort();
    const proxy = await startFrontProxy({ port, innerPort: inner.port });
    try {
      const req = request({ host: '127.0.0.1', port, path: '/', headers: { Connection: 'Upgrade', Upgrade: 'websocket' } });
      req.end();
      const [res, client] = (await once(req, 'upgrade')) as [{ statusCode: number }, Socket];
      assert.equal(res.statusCode, 101);
      client.on('error', () => undefined);
      const clientClosed = once(client, 'close');
      // Node's closeAllConnections() leaves upgraded sockets alone; without the proxy ending them this never resolves.
      await proxy.close();
      await clientClosed;
      const [tunnelEnd] = inner.sockets;
      assert.ok(tunnelEnd, 'the proxy opened the tunnel to the inner server');
      if (!tunnelEnd.destroyed) await once(tunnelEnd, 'close');
    } finally {
      inner.server.close();
      for (const s of inner.sockets) s.destroy();
    }
  });
});
