/** Durations and sizes as every report writes them. */

/** `1500 ms`, `10 s`, `2 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000 || ms % 1000 !== 0) return `${ms} ms`;
  const s = ms / 1000;
  return s >= 60 && s % 60 === 0 ? `${s / 60} min` : `${s} s`;
}

/**
 * `512 bytes`, `64 KiB`, `4 MiB`, `1.5 MiB`: short, and never a run of digits a report would take
 * for a phone number.
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] =
    bytes < 1024 * 1024
      ? [bytes / 1024, 'KiB']
      : bytes < 1024 ** 3
        ? [bytes / 1024 ** 2, 'MiB']
        : [bytes / 1024 ** 3, 'GiB'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}
