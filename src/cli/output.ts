/**
 * What a verb prints. People at a terminal get short coloured lines and a progress line;
 * pipes and `--json` get one JSON value per line, so `| jq` and scripts never parse prose.
 */
import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

export interface Streams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export class Output {
  readonly json: boolean;
  /** Errors go to stderr, so they are JSON when asked for or when stderr is read by a program. */
  private readonly jsonErrors: boolean;
  private progressShown = false;
  private lastProgress = 0;

  constructor(
    private readonly streams: Streams,
    options: { json: boolean },
  ) {
    this.json = options.json || streams.stdout.isTTY !== true;
    this.jsonErrors = options.json || streams.stderr.isTTY !== true;
  }

  /** One result: `human` on a terminal, `value` as a JSON line otherwise. */
  result(value: unknown, human: string | (() => string)): void {
    this.clearProgress();
    if (this.json) this.streams.stdout.write(`${JSON.stringify(value)}\n`);
    else this.streams.stdout.write(`${typeof human === 'string' ? human : human()}\n`);
  }

  /** A remark for people (hints, summaries); never mixed into JSON output. */
  note(text: string): void {
    if (this.json) return;
    this.clearProgress();
    this.streams.stderr.write(`${this.style('dim', text)}\n`);
  }

  error(message: string, problem?: Record<string, unknown>): void {
    this.clearProgress();
    if (this.jsonErrors && problem !== undefined) this.streams.stderr.write(`${JSON.stringify({ error: problem })}\n`);
    else this.streams.stderr.write(`${this.style('red', 'error:')} ${message}\n`);
  }

  /** A status line redrawn in place on a terminal's stderr, at most a few times a second. */
  progress(text: string, force = false): void {
    if (this.json || this.streams.stderr.isTTY !== true) return;
    const now = Date.now();
    if (!force && now - this.lastProgress < 150) return;
    this.lastProgress = now;
    this.streams.stderr.write(`\r\x1b[2K${this.style('cyan', text)}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.streams.stderr.write('\r\x1b[2K');
    this.progressShown = false;
  }

  /** Colour only where the stream is a terminal that wants it (NO_COLOR, FORCE_COLOR are honoured). */
  style(format: Style, text: string): string {
    return styleText(format, text, { stream: this.streams.stdout });
  }
}
