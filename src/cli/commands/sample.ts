import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findSampleSource, SampleTargetError, writeSample } from '../../core/sample/writeSample';
import { CliError, type CliCommand } from '../CliCommand';

const USAGE = `gcdev sample DIR

Writes a small, readable Node integration of the Basic API into DIR (created if
missing; nothing is overwritten): a page that creates a signed payment link,
/return that verifies the redirect and confirms the bill, /webhooks that
verifies each webhook and answers 200 OK, and /bills listing the merchant's
bills. It has no dependencies. Start it with the sandbox's credentials:

  gcdev sample my-integration && cd my-integration
  GOCARDLESS_BASE_URL=… GOCARDLESS_APP_ID=… GOCARDLESS_APP_SECRET=… \\
  GOCARDLESS_MERCHANT_ID=… GOCARDLESS_ACCESS_TOKEN=… PORT=3000 npm start

Its README says how to run it in VS Code (F5) and check it with gcdev check.

Exit status: 0 when written, 1 when DIR already holds one of its files, 2 for bad options.
`;

export const command: CliCommand = {
  name: 'sample',
  summary: 'Write a sample Node integration (payment link, redirect, webhooks, bills) into a folder',
  usage: USAGE,
  async run(args, io) {
    const { positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: {} });
    if (positionals.length !== 1) throw new CliError('gcdev sample takes one folder, e.g. gcdev sample my-integration');
    const target = resolve(positionals[0]!);
    try {
      const files = await writeSample(findSampleSource(__dirname), target);
      io.stdout.write(JSON.stringify({ written: target, files }) + '\n');
      return 0;
    } catch (error) {
      if (error instanceof SampleTargetError) {
        io.stderr.write(`gcdev sample: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};
