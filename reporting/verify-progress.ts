import type { VerifyEvent } from '../verifier/types.ts';

/**
 * The progress line on stderr: rewritten in place on a terminal; elsewhere (CI logs) one compact
 * line per phase and a last line with the totals, so logs stay short.
 */
export function progressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  label = 'verify',
): (event: VerifyEvent) => void {
  const tty = stream.isTTY === true;
  let planned = 0;
  let done = 0;
  let failed = 0;
  let phase = '';
  let last = 0;
  const draw = (force = false) => {
    const now = performance.now();
    if (!force && now - last < 50) return;
    last = now;
    stream.write(`\r\x1b[2K${label}: ${phase} ${done}/${planned} checks${failed ? `, ${failed} failed` : ''}`);
  };
  return (event) => {
    switch (event.type) {
      case 'phase':
        phase = event.name;
        if (tty) draw(true);
        else stream.write(`${label}: ${event.name}…\n`);
        break;
      case 'planned':
        planned += event.count;
        break;
      case 'case':
        done++;
        if (event.result.findings.length > 0) failed++;
        if (tty) draw();
        break;
      case 'stopped':
        // The reason is printed once, by the command: here only the progress line goes.
        if (tty) stream.write('\r\x1b[2K');
        break;
      case 'finish': {
        if (tty) stream.write('\r\x1b[2K');
        const s = event.summary;
        const skipped = s.skipped ? `, ${s.skipped} skipped` : '';
        stream.write(
          `${label}: ${s.total} checks, ${s.failed} failed${skipped}, ` +
            `${s.requests} requests in ${(s.durationMs / 1000).toFixed(2)} s\n`,
        );
        break;
      }
    }
  };
}
