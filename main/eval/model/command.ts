/** The `longshot eval model` command line of a set of params, as the model card prints it to reproduce its figures. */
import type { ModelParams } from '../params';

const quoted = (value: string): string => (/^[\w./:@=+,-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`);

/**
 * Every option spelled out (defaults too), so the command measures the same thing after a later
 * version changes a default. `--batch` is included because the retrieval draws go batch by batch.
 */
export function modelEvalCommand(params: ModelParams): string {
  const options: [string, string | number | undefined][] = [
    ['model', params.model], ...params.data.map((dir): [string, string] => ['data', dir]),
    ['clips', params.clips], ['targets', params.targets], ['few-steps', params.fewSteps], ['batch', params.batch],
    ['videos', params.videos], ['score-seconds', params.scoreSeconds], ['sampling-steps', params.samplingSteps], ['guidance', params.guidance],
    ['validation', params.validationFraction], ['seed', params.seed], ['judge', params.judge],
  ];
  return ['npx longshot eval model', ...options.flatMap(([name, value]) => (value === undefined ? [] : [`--${name} ${quoted(String(value))}`]))].join(' ');
}
