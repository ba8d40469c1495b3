import { runCli } from './cli/runCli';

const stopSignal = new Promise<string>((resolve) => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve(sig));
});

runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, stopSignal })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err: unknown) => {
    process.stderr.write(`gcdev: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
