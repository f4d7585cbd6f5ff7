import { writeFile } from 'node:fs/promises';
import { InputError } from '../generator/errors.ts';

/** A command's report in each format it can write. */
export interface ReportFormats {
  text: string;
  json?: () => string;
  junit?: () => string;
}

/** Where the user asked for each format: a file, or `-` for stdout (in place of the text report). */
export interface ReportTargets {
  json?: string;
  junit?: string;
}

/**
 * The one way every command writes its reports: `--json -` / `--junit -` print that format on
 * stdout instead of the text report (for pipes); other values are files. At most one format may
 * take stdout.
 */
export async function writeReports(report: ReportFormats, targets: ReportTargets): Promise<void> {
  const toStdout = (['json', 'junit'] as const).filter((format) => targets[format] === '-');
  if (toStdout.length > 1) throw new InputError('only one of --json and --junit can be "-" (stdout)');
  const stdoutFormat = toStdout[0];
  process.stdout.write(stdoutFormat === undefined ? report.text : render(report, stdoutFormat));
  for (const format of ['json', 'junit'] as const) {
    const file = targets[format];
    if (file === undefined || file === '-') continue;
    await writeReportFile(file, render(report, format));
  }
}

function render(report: ReportFormats, format: 'json' | 'junit'): string {
  const produce = report[format];
  if (produce === undefined) throw new InputError(`this command has no --${format} report`);
  return produce();
}

async function writeReportFile(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new InputError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
