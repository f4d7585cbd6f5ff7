// One name for one thing across commands: --provider-url everywhere, the old names as aliases
// with a notice; --version on the root command.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.ts';

function captureStderr(): { text: () => string } {
  let text = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  return { text: () => text };
}

afterEach(() => vi.restoreAllMocks());

describe('the CLI vocabulary', () => {
  it('verify --base-url still works for a release, with a notice naming --provider-url', async () => {
    const stderr = captureStderr();
    // A closed port: the command gets as far as contacting the provider, then exits 2.
    const code = await main([
      'verify',
      '--base-url',
      'http://127.0.0.1:9',
      '--spec',
      'spec/pay-with-points.swagger.yaml',
      '--no-scenarios',
    ]);
    expect(code).toBe(2);
    expect(stderr.text()).toContain('--base-url is now --provider-url');
  });

  it('both names at once, or neither, is one clear refusal', async () => {
    const stderr = captureStderr();
    expect(await main(['verify', '--base-url', 'http://127.0.0.1:9', '--provider-url', 'http://127.0.0.1:9'])).toBe(2);
    expect(stderr.text()).toContain('give --provider-url or --base-url (its old name), not both');
    expect(await main(['proxy', '--spec', 'spec/pay-with-points.swagger.yaml'])).toBe(2);
    expect(stderr.text()).toContain("required option '--provider-url <url>' not specified");
  });

  it('proxy --target is the old name of --provider-url', async () => {
    const stderr = captureStderr();
    expect(await main(['proxy', '--target', 'not a url'])).toBe(2);
    expect(stderr.text()).toContain('--target is now --provider-url');
    expect(stderr.text()).toContain('--provider-url: "not a url" is not a URL');
  });

  it('--version prints the package version', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    expect(await main(['--version'])).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
