/**
 * The one entry point of both transports: `handleCall(channel, rawInput, ctx)` validates the
 * input with the contract, runs the service, validates the output, and turns every failure into
 * a Result, so nothing ever throws across the boundary.
 */
import { callSpec, type Result } from '../../preload/api';
import type { ServiceContext } from './context';
import { ServiceError, describeZodError, toApiError } from './errors';
import { services } from './services';

type AnyService = (input: unknown, ctx: ServiceContext) => unknown;

function serviceFor(channel: string): AnyService {
  const [area, name] = channel.split('.') as [string, string];
  const group = (services as unknown as Record<string, Record<string, AnyService>>)[area];
  const service = group?.[name];
  if (!service) throw new ServiceError('internal', `no service implements ${channel}`);
  return service;
}

/** Runs one call of the contract; always resolves, never rejects. */
export async function handleCall(channel: string, rawInput: unknown, ctx: ServiceContext): Promise<Result<unknown>> {
  const spec = typeof channel === 'string' ? callSpec(channel) : undefined;
  if (!spec) {
    return { ok: false, error: { code: 'unknown_channel', message: `there is no call named '${String(channel).slice(0, 100)}'` } };
  }
  const input = spec.input.safeParse(rawInput);
  if (!input.success) {
    return { ok: false, error: { code: 'invalid_input', message: `${channel}: ${describeZodError(input.error)}` } };
  }
  try {
    const value = await serviceFor(channel)(input.data, ctx);
    const output = spec.output.safeParse(value);
    if (!output.success) {
      // A service answering outside the contract is a bug on this side; say so, keep the details in the log.
      ctx.bus.log('error', 'services', `${channel} answered outside the contract: ${describeZodError(output.error)}`);
      return { ok: false, error: { code: 'internal', message: `${channel} produced an invalid answer` } };
    }
    return { ok: true, value: output.data };
  } catch (error) {
    const apiError = toApiError(error);
    if (apiError.code === 'internal') ctx.bus.log('error', 'services', `${channel}: ${apiError.message}`);
    return { ok: false, error: apiError };
  }
}
