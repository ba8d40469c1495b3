// The front door code-server puts before VS Code: `/proxy/PORT/…` is forwarded to 127.0.0.1:PORT with the
// request line's bytes unchanged (prefix stripped), everything else (HTTP and WebSocket) to the VS Code server.
// The integration tests run the bare VS Code server, which has no /proxy/ route; with this in front, a loopback
// link opened in the test browser travels the way it does under `npm start`: VS Code maps it to
// `<workbench>/proxy/PORT/` (its default proxy template) and the browser requests it from the workbench's origin.
import { connect } from 'node:net';
import { createServer, request } from 'node:http';

const ROUTE = /^\/proxy\/(\d{1,5})(\/.*)?$/s;

function target(url, innerPort) {
  const match = ROUTE.exec(url);
  return match ? { port: Number(match[1]), path: match[2] ?? '/' } : { port: innerPort, path: url };
}

/**
 * Listens on 127.0.0.1:`port` in front of the VS Code server on `innerPort`.
 * @returns {Promise<{ close: () => Promise<void> }>}
 */
export async function startFrontProxy({ port, innerPort }) {
  // closeAllConnections() leaves upgraded sockets (the workbench's WebSockets) alone, and close() waits for them.
  const tunnels = new Set();
  const server = createServer((req, res) => {
    const to = target(req.url ?? '/', innerPort);
    const upstream = request({ host: '127.0.0.1', port: to.port, path: to.path, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(`proxy: ${e.message}`);
    });
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket, head) => {
    const to = target(req.url ?? '/', innerPort);
    const upstream = connect(to.port, '127.0.0.1', () => {
      const headers = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${req.method} ${to.path} HTTP/${req.httpVersion}\r\n${headers.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
    });
    for (const end of [socket, upstream]) {
      tunnels.add(end);
      end.once('close', () => tunnels.delete(end));
    }
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      for (const end of tunnels) end.destroy();
    }),
  };
}
