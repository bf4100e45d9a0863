/**
 * Where an evaluation's results go. Always: `KIND.json` (every number), `KIND.md` (the tables)
 * and `KIND.png` (the chart) in the run's output folder. With a docs folder: the same JSON and
 * PNG under DOCS/results/ and the section of DOCS/results.md between this kind's markers
 * replaced, so docs/results.md always holds the latest result of each evaluation, each written by
 * its command from its results. Files are written atomically (temporary name, rename).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../engine/checkpoint/atomic';
import { EvalError } from './errors';

/** The evaluations, in the order docs/results.md shows them. */
export const RESULT_KINDS = ['judge', 'retrieval', 'consistency', 'model'] as const;
/** One of RESULT_KINDS. */
export type ResultKind = (typeof RESULT_KINDS)[number];

/** One evaluation's rendered output. */
export interface RenderedResults {
  kind: ResultKind;
  json: unknown;
  /** Markdown of the section, given the chart's path relative to the Markdown file. */
  markdown(imagePath: string): string;
  /** The chart's PNG bytes, or null for a result without a chart. */
  png: Buffer | null;
}

/** The files written. */
export interface WrittenFiles {
  json: string;
  markdown: string;
  png: string | null;
  /** DOCS/results.md when a docs folder was given. */
  document: string | null;
}

const RESULTS_FILE = 'results.md';
const RESULTS_DIR = 'results';
const HEADER = [
  '# Longshot evaluation results',
  '',
  'Each section below is written by the `longshot eval` command named in it, from that run\'s results',
  `(the JSON beside the charts in \`${RESULTS_DIR}/\`); a command replaces only its own section. Do not edit by hand.`,
  '',
].join('\n');

const marker = (kind: ResultKind, end: 'start' | 'end'): string => `<!-- longshot-eval:${kind}:${end} -->`;
const text = (value: string): Uint8Array => Buffer.from(value, 'utf8');

/** The sections of an existing results document by kind. */
function readSections(path: string): Map<ResultKind, string> {
  const sections = new Map<ResultKind, string>();
  if (!existsSync(path)) return sections;
  const content = readFileSync(path, 'utf8');
  for (const kind of RESULT_KINDS) {
    const start = content.indexOf(marker(kind, 'start'));
    const end = content.indexOf(marker(kind, 'end'));
    if (start < 0 && end < 0) continue;
    if (start < 0 || end < start) throw new EvalError('invalid_results', `${path}: the ${kind} section's markers are damaged; fix or delete the file`);
    sections.set(kind, content.slice(start + marker(kind, 'start').length, end).trim());
  }
  return sections;
}

/** Writes `results` to `outDir` and, when given, into the docs folder (see the file comment). */
export function writeResults(results: RenderedResults, outDir: string, docsDir: string | null): WrittenFiles {
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, results.kind);
  const json = text(`${JSON.stringify(results.json, null, 2)}\n`);
  writeFileAtomic(`${base}.json`, json);
  if (results.png) writeFileAtomic(`${base}.png`, results.png);
  writeFileAtomic(`${base}.md`, text(`${results.markdown(`${results.kind}.png`)}\n`));
  let document: string | null = null;
  if (docsDir !== null) {
    const dir = join(docsDir, RESULTS_DIR);
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, `${results.kind}.json`), json);
    if (results.png) writeFileAtomic(join(dir, `${results.kind}.png`), results.png);
    document = join(docsDir, RESULTS_FILE);
    const sections = readSections(document);
    sections.set(results.kind, results.markdown(`${RESULTS_DIR}/${results.kind}.png`));
    const body = RESULT_KINDS.filter((kind) => sections.has(kind))
      .map((kind) => [marker(kind, 'start'), sections.get(kind), marker(kind, 'end')].join('\n'));
    writeFileAtomic(document, text(`${HEADER}\n${body.join('\n\n')}\n`));
  }
  return { json: `${base}.json`, markdown: `${base}.md`, png: results.png ? `${base}.png` : null, document };
}
