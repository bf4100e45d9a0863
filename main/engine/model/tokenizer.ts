/**
 * Caption tokenizer: lower-cased words, with a small character fallback. The vocabulary is a
 * string array (index = id) built from a caption corpus and stored in the model config, so it
 * travels with the checkpoint. A word outside the vocabulary is spelled with character tokens
 * ('#c'); a character outside it becomes [unk]. Output is padded with [pad] (id 0) to maxLength.
 */
import { ModelError } from './errors';

/** Padding token, id 0; the caption encoder masks it out of attention. */
export const PAD = '[pad]';
/** Unknown token, id 1. */
export const UNK = '[unk]';
/** Prefix of character-fallback tokens. */
export const CHAR_PREFIX = '#';

const FALLBACK_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Splits a caption into lower-case words and single punctuation marks. */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}

/** Options for building a vocabulary. */
export interface VocabularyOptions {
  /** Most entries in total, special and character tokens included. */
  maxSize: number;
  /** A word needs at least this many occurrences. */
  minCount?: number;
}

/**
 * [pad], [unk], the character-fallback tokens, then the corpus's words by falling frequency
 * (ties alphabetical, so the same corpus always gives the same vocabulary).
 */
export function buildVocabulary(corpus: Iterable<string>, options: VocabularyOptions): string[] {
  const base = [PAD, UNK, ...[...FALLBACK_CHARS].map((ch) => CHAR_PREFIX + ch)];
  if (options.maxSize < base.length) {
    throw new ModelError('invalid_config', `a vocabulary needs at least ${base.length} entries, got maxSize ${options.maxSize}`);
  }
  const counts = new Map<string, number>();
  for (const text of corpus) {
    for (const word of splitWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const minCount = options.minCount ?? 1;
  const words = [...counts.entries()]
    .filter(([, count]) => count >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([word]) => word)
    .slice(0, options.maxSize - base.length);
  return [...base, ...words];
}

/** Maps captions to fixed-length id sequences. */
export class Tokenizer {
  private readonly ids: Map<string, number>;

  constructor(readonly vocab: readonly string[], readonly maxLength: number) {
    if (vocab[0] !== PAD || vocab[1] !== UNK) {
      throw new ModelError('invalid_config', `a vocabulary must start with ${PAD} and ${UNK}`);
    }
    this.ids = new Map(vocab.map((token, id) => [token, id]));
  }

  /** The ids of `text`, truncated or padded with 0 to maxLength. */
  encode(text: string): number[] {
    const out: number[] = [];
    for (const word of splitWords(text)) {
      const id = this.ids.get(word);
      if (id !== undefined) out.push(id);
      else for (const ch of word) out.push(this.ids.get(CHAR_PREFIX + ch) ?? 1);
      if (out.length >= this.maxLength) break;
    }
    out.length = Math.min(out.length, this.maxLength);
    while (out.length < this.maxLength) out.push(0);
    return out;
  }

  /** Row-major [texts.length, maxLength] ids. */
  encodeBatch(texts: readonly string[]): Int32Array {
    const out = new Int32Array(texts.length * this.maxLength);
    texts.forEach((text, i) => out.set(this.encode(text), i * this.maxLength));
    return out;
  }

  /** The tokens of ids, without padding (for tests and debugging). */
  decode(ids: readonly number[]): string[] {
    return ids.filter((id) => id !== 0).map((id) => this.vocab[id] ?? UNK);
  }
}
