import { resolve } from 'node:path';
import type { LoadedSpec } from '../input/document.ts';
import type { ImportExtension } from './emit/source-text.ts';
import { InputError } from '../input/errors.ts';
import { generateFiles, type GeneratedApi } from './generate-files.ts';
import { loadSpec, specFromText } from './load/load-spec.ts';
import { refPolicy } from './load/file-refs.ts';
import { bundleExternalRefs } from './load/validate-spec.ts';
import { findRefProblems } from './normalize/ref-check.ts';
import { formatNormalizationSummary } from './report.ts';
import { checkOutputFolder, diffGenerated, writeGenerated } from './write-output.ts';

export interface GenerateCommandOptions {
  specs: string[];
  out: string;
  check?: boolean;
  lenient?: boolean;
  allowRemoteRefs?: boolean;
  /** Folders file `$ref`s may reach besides the spec's folder and the working directory. */
  allowRefOutside?: readonly string[];
  /** How generated modules import each other (default `.js`). */
  importExtension?: ImportExtension;
  log?: (line: string) => void;
  /** Problems that do not stop generation (default: stderr). */
  warn?: (line: string) => void;
}

/** `pwpkit generate`: load, normalize, emit; then write (or, with --check, compare). Returns the exit code. */
export async function runGenerate(options: GenerateCommandOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (options.specs.length === 0)
    throw new InputError(
      'no spec given: pass --spec <file> or set "spec" in pwpkit.config.json or package.json#/pwpkit',
    );
  const warn = options.warn ?? ((line: string) => process.stderr.write(`pwpkit: warning: ${line}\n`));
  await checkOutputFolder(options.out);
  const apis: GeneratedApi[] = [];
  for (const file of options.specs) {
    const loaded = await loadSpec(file);
    for (const warning of loaded.warnings ?? []) warn(warning);
    const spec = await withExternalRefsBundled(loaded, options.allowRemoteRefs === true, options.allowRefOutside ?? []);
    apis.push(
      await generateFiles(
        spec,
        { lenient: options.lenient, allowRemoteRefs: options.allowRemoteRefs },
        { importExtension: options.importExtension ?? '.js' },
      ),
    );
  }
  const names = apis.map((a) => a.apiName);
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash)
    throw new InputError(`two specs would both generate into ${options.out}/${clash}: rename one of the files`);
  const outDir = resolve(options.out);
  if (options.check) {
    const drift = await diffGenerated(outDir, apis);
    if (drift.length === 0) {
      log(`generated/ is up to date (${apis.length} API${apis.length === 1 ? '' : 's'})`);
      return 0;
    }
    log(
      'generated output is stale; run `pwpkit generate`. Files that differ:\n' + drift.map((d) => `  ${d}`).join('\n'),
    );
    return 1;
  }
  for (const note of await writeGenerated(outDir, apis)) log(note);
  for (const api of apis) log(formatNormalizationSummary(api));
  log(`wrote ${apis.reduce((n, a) => n + a.files.size, 0)} files to ${options.out}/`);
  return 0;
}

/** Relative-file `$ref`s are inlined; http ones only with --allow-remote-refs (else the normalizer refuses them). */
async function withExternalRefsBundled(
  spec: LoadedSpec,
  allowRemote: boolean,
  allowRefOutside: readonly string[],
): Promise<LoadedSpec> {
  const external = findRefProblems(spec.document).filter((p) => p.kind === 'remote');
  if (external.length === 0) return spec;
  if (!allowRemote && external.some((p) => /^https?:/i.test(p.ref))) return spec;
  const bundled = await bundleExternalRefs(spec, allowRemote, refPolicy(spec.file, allowRefOutside));
  // The stamp becomes the bundle's hash, which no later read of the file matches: tools that
  // reuse generated/ (api-definition.ts) then rebuild, as they must when a referenced file changed.
  return { ...specFromText(JSON.stringify(bundled), spec.file), lineOf: spec.lineOf };
}
