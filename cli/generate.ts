import type { Command } from 'commander';
import { parseImportExtension, readGenerateConfig } from '../generator/config.ts';
import { runGenerate } from '../generator/generate-command.ts';

export function registerGenerate(program: Command, setExit: (code: number) => void): void {
  program
    .command('generate')
    .description('normalize the spec(s) and emit types, operations, validators, error catalog and client')
    .option('--spec <file...>', 'spec file(s); default from pwpkit.config.json or package.json#/pwpkit')
    .option('--out <dir>', 'output folder (default "generated")')
    .option('--check', 'regenerate in memory and exit 1 if the output folder differs')
    .option('--lenient', 'type dangling $refs as unknown instead of refusing the spec')
    .option('--allow-remote-refs', 'allow http(s) $refs to be fetched')
    .option(
      '--allow-ref-outside <dir>',
      "let file $refs reach this folder too, besides the spec's folder and the working directory (repeatable)",
      (dir: string, dirs: string[]) => [...dirs, dir],
      [] as string[],
    )
    .option('--import-extension <ext>', 'how generated modules import each other: .js (default), .ts or none')
    .action(
      async (opts: {
        spec?: string[];
        out?: string;
        check?: boolean;
        lenient?: boolean;
        allowRemoteRefs?: boolean;
        allowRefOutside: string[];
        importExtension?: string;
      }) => {
        const config = await readGenerateConfig(process.cwd());
        setExit(
          await runGenerate({
            specs: opts.spec ?? config.spec,
            out: opts.out ?? config.out,
            check: opts.check,
            lenient: opts.lenient,
            allowRemoteRefs: opts.allowRemoteRefs,
            allowRefOutside: opts.allowRefOutside,
            importExtension:
              opts.importExtension === undefined
                ? config.importExtension
                : parseImportExtension(opts.importExtension, '--import-extension'),
          }),
        );
      },
    );
}
