/**
 * Strict input, one rule for every protocol: a request member Outrigger does not define is
 * refused, naming the nearest one it does (a field it would otherwise ignore is a setting the
 * caller believes took effect), and event data declared as JSON must be JSON, so that nothing is
 * stored that its own label misdescribes.
 */
import { OutriggerError } from '../../kernel/errors.js';
import { closest } from '../../kernel/suggest.js';
import { isJsonContentType, isSerialisedJson } from '../cloudevents.js';
import { isJsonText } from './json-syntax.js';

/**
 * Other spellings callers bring from elsewhere, mapped to ours: gRPC's snake_case fields, which
 * edit distance alone would not always connect.
 */
const otherSpellings: Record<string, string> = {
  dead_letter: 'deadLetter',
  retry_after: 'retryAfterMs',
  retryAfter: 'retryAfterMs',
  body_base64: 'bodyBase64',
};

/**
 * Throws `bad_request` for the first member of `object` not in `known`, with a suggestion; `where`
 * prefixes the detail (e.g. `entry 3: `) and `extensions` go into the problem.
 */
export function refuseUnknownFields(object: object, known: readonly string[], where = '', extensions: Record<string, unknown> = {}, what = 'field'): void {
  for (const field of Object.keys(object)) {
    if (known.includes(field)) continue;
    const mapped = otherSpellings[field];
    const guess = mapped !== undefined && known.includes(mapped) ? mapped : closest(field, known);
    const hint = guess === undefined ? `known: ${known.length === 0 ? 'none' : known.join(', ')}` : `did you mean '${guess}'?`;
    throw new OutriggerError('bad_request', `${where}unknown ${what} '${field}' (${hint})`, {
      extensions: { ...extensions, field, ...(guess === undefined ? {} : { suggestion: guess }) },
    });
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Throws `invalid_body` when `contentType` declares JSON and `data` is not a JSON document. Empty
 * data carries no content (the type is dropped with it), so it passes.
 */
export function checkDeclaredJson(contentType: string | undefined, data: Uint8Array, where = '', extensions: Record<string, unknown> = {}): void {
  if (contentType === undefined || data.byteLength === 0 || isSerialisedJson(data) || !isJsonContentType(contentType)) return;
  if (isJsonText(data)) return;
  // Refused, or beyond what isJsonText checks: JSON.parse decides, and words the reason.
  try {
    JSON.parse(utf8.decode(data));
  } catch (err) {
    const reason = err instanceof SyntaxError ? err.message : 'it is not UTF-8';
    throw new OutriggerError('invalid_body', `${where}the data is declared '${contentType}' but is not valid JSON (${reason}); nothing was stored`, { extensions });
  }
}
