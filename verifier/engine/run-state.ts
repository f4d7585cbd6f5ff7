import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../../input/errors.ts';

/** Where `pwpkit verify` keeps what it could not clean up, unless told otherwise (`--state-file`). */
export const DEFAULT_STATE_FILE = '.pwpkit/verify-state.json';

/**
 * A resource verify created and could not end (the spec has no de-registration operation, the
 * de-registration was refused, the run stopped first): a fixture subject's enrolment and its link.
 * The next run against the same provider reuses the link instead of failing to enrol the subject
 * again, and de-registers it first where the spec can.
 */
export interface LeftResource {
  /** The producing operation's key (`<api>/<operation>`): one enrolment per family. */
  family: string;
  /** The path parameter the link is and its value. */
  param: string;
  value: string;
  /**
   * The fixture subject's key (a card's last four digits). Named `card` because state files
   * written before subjects were generic say so, and the next run must still read them.
   */
  card: string;
  /** `active`: activated and usable; `pending`: enrolled, not activated. */
  status: 'active' | 'pending';
  /** ISO time it was created. */
  since: string;
}

interface StateDocument {
  version: 1;
  /** By provider (server root URL). */
  providers: Record<string, { left: LeftResource[] }>;
}

/**
 * What verify left at one provider, read from the state file at the start of a run and written
 * back at its end (in memory only when no file is given). Nothing secret is kept: links are
 * identifiers, and a subject is its key (a plug-in keeps secrets out of it: a card's last four digits).
 */
export class RunState {
  private left: LeftResource[];

  private constructor(
    readonly file: string | undefined,
    private readonly provider: string,
    private readonly doc: StateDocument,
  ) {
    this.left = [...(doc.providers[provider]?.left ?? [])];
  }

  static async load(file: string | undefined, provider: string): Promise<RunState> {
    const empty: StateDocument = { version: 1, providers: {} };
    if (file === undefined) return new RunState(undefined, provider, empty);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new RunState(file, provider, empty);
      throw new InputError(
        `--state-file ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new InputError(
        `--state-file ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)}); ` +
          'delete it to start afresh',
      );
    }
    const doc = data as Partial<StateDocument> | null;
    if (!doc || typeof doc !== 'object' || doc.version !== 1 || !doc.providers || typeof doc.providers !== 'object') {
      throw new InputError(
        `--state-file ${file}: not a pwpkit verify state file ` +
          '(expected { "version": 1, "providers": {…} }); delete it to start afresh',
      );
    }
    for (const entry of Object.values(doc.providers)) {
      if (!entry || !Array.isArray(entry.left))
        throw new InputError(`--state-file ${file}: each provider needs a "left" list; delete it to start afresh`);
    }
    return new RunState(file, provider, doc as StateDocument);
  }

  /** The resource an earlier run left for this family on this subject. */
  leftover(family: string, subject: string): LeftResource | undefined {
    return this.left.find((l) => l.family === family && l.card === subject);
  }

  remember(resource: Omit<LeftResource, 'since'>): void {
    this.forget(resource.family, resource.card);
    this.left.push({ ...resource, since: new Date().toISOString() });
  }

  forget(family: string, subject: string): void {
    this.left = this.left.filter((l) => !(l.family === family && l.card === subject));
  }

  /** What is left now, for the report. */
  get resources(): readonly LeftResource[] {
    return this.left;
  }

  /** Writes the file (atomically) when one was given; a provider with nothing left is dropped from it. */
  async save(): Promise<void> {
    if (this.file === undefined) return;
    const providers = { ...this.doc.providers };
    if (this.left.length > 0) providers[this.provider] = { left: this.left };
    else delete providers[this.provider];
    const before = JSON.stringify(this.doc.providers);
    if (before === JSON.stringify(providers) && Object.keys(providers).length === 0) return;
    const text = `${JSON.stringify({ version: 1, providers }, null, 2)}\n`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, text);
      await rename(temp, this.file);
    } catch (error) {
      throw new InputError(
        `--state-file ${this.file}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  }
}
