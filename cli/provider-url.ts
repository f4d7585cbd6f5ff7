import { Option, type Command } from 'commander';
import { InputError } from '../input/errors.ts';

/**
 * One name for the provider in every command: `--provider-url`. The names verify (`--base-url`)
 * and proxy (`--target`) used before stay as hidden aliases for a release, with a notice.
 */
export function withProviderUrl(command: Command, description: string, legacyFlag: '--base-url' | '--target'): Command {
  return command
    .addOption(new Option('--provider-url <url>', description))
    .addOption(new Option(`${legacyFlag} <url>`, 'old name of --provider-url').hideHelp());
}

export function providerUrlOf(
  opts: { providerUrl?: string; baseUrl?: string; target?: string },
  legacyFlag: '--base-url' | '--target',
): string {
  const legacy = legacyFlag === '--base-url' ? opts.baseUrl : opts.target;
  if (opts.providerUrl !== undefined && legacy !== undefined)
    throw new InputError(`give --provider-url or ${legacyFlag} (its old name), not both`);
  if (legacy !== undefined)
    process.stderr.write(`pwpkit: ${legacyFlag} is now --provider-url; the old name goes away in the next release\n`);
  const url = opts.providerUrl ?? legacy;
  if (url === undefined) throw new InputError("required option '--provider-url <url>' not specified");
  return url;
}
