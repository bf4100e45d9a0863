/**
 * The provenance JSON as MP4 container tags. The JSON goes in the tag `longshot_provenance`;
 * when it is long it is split over `longshot_provenance`, `longshot_provenance_2`, ... with the
 * count in `longshot_provenance_parts`, and a reader joins the parts in order.
 *
 * Why split: encodeMp4 passes tags to ffmpeg in an ffmetadata file, and the ffmpeg 4.x that
 * @ffmpeg-installer ships reads that file line by line into a 1024-byte buffer, silently cutting
 * longer values (ffmpeg 5 does not). A storyboard easily exceeds that, so each part is kept well
 * below the limit counted as the file stores it: UTF-8 bytes, with `=;#\` and newline escaped.
 */

/** The tag holding the (first part of the) provenance JSON. */
export const PROVENANCE_TAG = 'longshot_provenance';
/** The tag holding the number of parts, present only when there is more than one. */
export const PROVENANCE_PARTS_TAG = 'longshot_provenance_parts';

/** Escaped bytes of one part, leaving room for the key, '=' and the newline in a 1024-byte line. */
const PART_BYTES = 960;
/** More parts than any storyboard needs; a file claiming more is not trusted. */
const MAX_PARTS = 1000;

function escapedBytes(char: string): number {
  return Buffer.byteLength(char, 'utf8') + (/[=;#\\\n]/.test(char) ? 1 : 0);
}

/** Splits `text` into parts of at most PART_BYTES escaped bytes, never inside a character. */
function split(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of text) {
    const size = escapedBytes(char);
    if (bytes + size > PART_BYTES) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts;
}

const partKey = (index: number): string => (index === 0 ? PROVENANCE_TAG : `${PROVENANCE_TAG}_${index + 1}`);

/** The container tags that carry `json`. */
export function provenanceTags(json: string): Record<string, string> {
  const parts = split(json);
  const tags: Record<string, string> = {};
  parts.forEach((part, i) => {
    tags[partKey(i)] = part;
  });
  if (parts.length > 1) tags[PROVENANCE_PARTS_TAG] = String(parts.length);
  return tags;
}

/**
 * The provenance text joined from container tags; undefined when there is none. Throws a
 * RangeError when a part is missing or the count is not believable.
 */
export function provenanceText(tags: Readonly<Record<string, string>>): string | undefined {
  const first = tags[PROVENANCE_TAG];
  if (first === undefined) return undefined;
  const countText = tags[PROVENANCE_PARTS_TAG] ?? '1';
  const count = Number(countText);
  if (!Number.isInteger(count) || count < 1 || count > MAX_PARTS) {
    throw new RangeError(`${PROVENANCE_PARTS_TAG} is '${countText}', not a part count`);
  }
  let text = '';
  for (let i = 0; i < count; i += 1) {
    const part = tags[partKey(i)];
    if (part === undefined) throw new RangeError(`the provenance has ${count} parts but ${partKey(i)} is missing`);
    text += part;
  }
  return text;
}
