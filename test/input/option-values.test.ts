import { describe, expect, it } from 'vitest';
import { parseHttpUrl, parsePort } from '../../input/option-values.ts';

describe('shared command-line checks', () => {
  it('parseHttpUrl accepts http(s) and names the option when it refuses', () => {
    expect(parseHttpUrl('http://127.0.0.1:4010/api', '--base-url').href).toBe('http://127.0.0.1:4010/api');
    expect(() => parseHttpUrl('localhost:4010', '--base-url')).toThrow(
      '--base-url: "localhost:4010" is not an http(s) URL',
    );
    expect(() => parseHttpUrl('nope', '--target')).toThrow('--target: "nope" is not a URL (expected http://host:port)');
  });

  it('parseHttpUrl refuses credentials in a URL without repeating them', () => {
    let message = '';
    try {
      parseHttpUrl('https://client:s3cr3t-value@api.example.com/api', '--provider-url');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('--provider-url: put credentials in --token');
    expect(message).toContain('https://***@api.example.com/api');
    expect(message).not.toContain('s3cr3t-value');
  });

  it('parsePort takes 0..65535 only', () => {
    expect(parsePort('0')).toBe(0);
    expect(parsePort('4010')).toBe(4010);
    for (const bad of ['', '-1', '65536', '1.5', 'abc'])
      expect(() => parsePort(bad), bad).toThrow('--port: expected a whole number from 0 to 65535');
  });
});
