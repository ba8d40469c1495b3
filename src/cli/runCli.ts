import { parseArgs } from 'node:util';
import { CliError, type CliIO } from './CliCommand';
import { COMMANDS } from './commandTable';

const TOP_USAGE = (summaries: string) => `gcdev — GoCardless Basic API (v1) developer tools

Usage: gcdev <command> [options]

Commands:
${summaries}

Run "gcdev <command> --help" for a command's options.
`;

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const lines: string[] = [];
    const width = Math.max(...Object.keys(COMMANDS).map((key) => key.length));
    for (const [key, load] of Object.entries(COMMANDS)) lines.push(`  ${key.padEnd(width)}  ${(await load()).summary}`);
    io.stdout.write(TOP_USAGE(lines.join('\n')));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${process.env['GCDEV_VERSION'] ?? 'dev'}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.stderr.write(`gcdev: unknown command "${name}" (see gcdev --help)\n`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`gcdev ${name}: ${err.message}\n`);
      return err.exitCode;
    }
    // parseArgs reports unknown or malformed options with this code.
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`gcdev ${name}: ${err.message} (see gcdev ${name} --help)\n`);
      return 2;
    }
    io.stderr.write(`gcdev ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

export { parseArgs };
