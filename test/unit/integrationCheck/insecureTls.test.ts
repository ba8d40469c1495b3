import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { renderReportMarkdown, runIntegrationCheck } from '../../../src/core/integrationCheck';
import { verifySignedParams, type SignableParams } from '../../../src/core/signing';

const SECRET = '5PUZmVMmukNwiHc7V/TJvFHRQZWZumIpCnfZKrVYGpuAdkCcEfv3LIDSrsJ+xOVH';

// A self-signed certificate for 127.0.0.1 (made with openssl req -x509, valid for 100 years), as a local https:// app has.
const tls = { key: readFileSync(join(__dirname, 'fixtures', 'localhost.key')), cert: readFileSync(join(__dirname, 'fixtures', 'localhost.crt')) };

describe('runIntegrationCheck against an https:// app with a self-signed certificate', () => {
  it('fails on the certificate by default, and passes with insecureTls, saying so in the report', async () => {
    const server = createServer(tls, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { payload?: SignableParams };
        res.writeHead(body.payload && verifySignedParams(body.payload, SECRET) ? 200 : 403).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    try {
      const strict = await runIntegrationCheck({ appUrl: url, secret: SECRET, timeoutMs: 3000 });
      assert.equal(strict.passed, false);
      assert.match(strict.cases[0]?.actual ?? '', /certificate/i);
      assert.equal(strict.insecureTls, undefined);

      const insecure = await runIntegrationCheck({ appUrl: url, secret: SECRET, timeoutMs: 3000, insecureTls: true });
      assert.equal(insecure.passed, true, JSON.stringify(insecure.cases.filter((c) => c.outcome === 'fail').map((c) => c.actual)));
      assert.match(renderReportMarkdown(insecure), /\| TLS \| certificate \*\*not verified\*\*/);
      // The extension checks loopback apps in insecure mode; a plain http:// one has no certificate to speak of.
      const plain = renderReportMarkdown({ ...insecure, target: insecure.target.replace(/^https:/, 'http:') });
      assert.doesNotMatch(plain, /\| TLS \|/, 'no TLS line for http://');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
