/** What the CLI prints for people at a terminal and for programs reading a pipe. */
import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Output } from '../../src/cli/output.js';

/** A real Writable (styleText insists on one) that keeps what was written and says whether it is a terminal. */
function stream(isTTY: boolean): Writable & { isTTY: boolean; text: string } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      sink.text += chunk.toString();
      done();
    },
  }) as Writable & { isTTY: boolean; text: string };
  sink.isTTY = isTTY;
  sink.text = '';
  return sink;
}

describe('output - terminal or pipe', () => {
  it('output - a terminal gets the human line and notes; no JSON', () => {
    const [stdout, stderr] = [stream(true), stream(true)];
    const out = new Output({ stdout, stderr }, { json: false });
    out.result({ id: 'x' }, () => 'sent x');
    out.note('a hint');
    expect(stdout.text).toContain('sent x');
    expect(stdout.text).not.toContain('{');
    expect(stderr.text).toContain('a hint');
  });

  it('output - a pipe gets one JSON value per line and no notes, without escape codes', () => {
    const [stdout, stderr] = [stream(false), stream(false)];
    const out = new Output({ stdout, stderr }, { json: false });
    out.result({ id: 'x' }, 'sent x');
    out.result({ id: 'y' }, 'sent y');
    out.note('a hint');
    out.progress('working', true);
    expect(stdout.text).toBe('{"id":"x"}\n{"id":"y"}\n');
    expect(stderr.text).toBe('');
  });

  it('output - --json on a terminal is JSON too; errors are JSON when asked for or when stderr is a pipe', () => {
    const [stdout, stderr] = [stream(true), stream(true)];
    const out = new Output({ stdout, stderr }, { json: true });
    out.result({ id: 'x' }, 'sent x');
    out.error('unknown_resource: no queue', { code: 'unknown_resource' });
    expect(stdout.text).toBe('{"id":"x"}\n');
    expect(JSON.parse(stderr.text)).toEqual({ error: { code: 'unknown_resource' } });
    const piped = stream(false);
    new Output({ stdout: stream(true), stderr: piped }, { json: false }).error('unknown_resource: no queue', { code: 'unknown_resource' });
    expect(JSON.parse(piped.text)).toEqual({ error: { code: 'unknown_resource' } });
    const terminal = stream(true);
    new Output({ stdout: stream(true), stderr: terminal }, { json: false }).error('unknown_resource: no queue', { code: 'unknown_resource' });
    expect(terminal.text).toMatch(/error:.* unknown_resource: no queue\n$/);
  });

  it('output - the progress line is redrawn in place on a terminal and cleared before the next result', () => {
    const [stdout, stderr] = [stream(true), stream(true)];
    const out = new Output({ stdout, stderr }, { json: false });
    out.progress('redriven 500', true);
    out.progress('redriven 1000', true);
    out.result({}, 'done');
    expect(stderr.text.split('\r\x1b[2K').filter((part) => part !== '').map((part) => stripVTControlCharacters(part))).toEqual(['redriven 500', 'redriven 1000']);
    expect(stderr.text.endsWith('\r\x1b[2K')).toBe(true);
  });
});
