import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../input/errors.ts';

/** A command's report in each format it can write; the formats are rendered only when asked for. */
export interface ReportFormats {
  text: string;
  json?: () => string;
  junit?: () => string;
}

/** Where the user asked for each format: a file, or `-` for stdout (in place of the text report). */
export interface ReportTargets {
  json?: string;
  junit?: string;
  /** A file for the text report too (it is printed on stdout either way, unless a format took stdout). */
  text?: string;
}

/**
 * Which format takes stdout (`--json -` / `--junit -`), if any; at most one may. Commands ask it
 * early, so their status lines can go to stderr and leave stdout to that report.
 */
export function stdoutFormat(targets: ReportTargets): 'json' | 'junit' | undefined {
  if (targets.json === '-' && targets.junit === '-')
    throw new InputError('only one of --json and --junit can be "-" (stdout)');
  return targets.json === '-' ? 'json' : targets.junit === '-' ? 'junit' : undefined;
}

/**
 * The one way every command writes its reports: `-` prints that format on stdout instead of the
 * text report (for pipes); other values are files (their folder is created). Returns the files
 * written.
 */
export async function writeReports(report: ReportFormats, targets: ReportTargets): Promise<string[]> {
  const onStdout = stdoutFormat(targets);
  process.stdout.write(onStdout === undefined ? report.text : render(report, onStdout));
  const written: string[] = [];
  for (const format of ['text', 'json', 'junit'] as const) {
    const file = targets[format];
    if (file === undefined || file === '-') continue;
    await writeReportFile(file, format === 'text' ? report.text : render(report, format));
    written.push(file);
  }
  return written;
}

function render(report: ReportFormats, format: 'json' | 'junit'): string {
  const produce = report[format];
  if (produce === undefined) throw new InputError(`this command has no --${format} report`);
  return produce();
}

async function writeReportFile(file: string, text: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  } catch (error) {
    throw new InputError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
