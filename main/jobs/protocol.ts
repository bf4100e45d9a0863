/**
 * The messages between the job host and the engine process, as zod schemas so that both sides
 * validate what crosses the process boundary: a malformed message is dropped and logged, never
 * trusted. Host -> engine messages are `HostMessage`, engine -> host messages are
 * `EngineMessage`. Bulk data never travels here: previews and artifacts are file paths.
 *
 * Besides jobs, the host can ask the engine a quick question (`call`, answered by `reply` or
 * `call-error` with the same `callId`): work that needs the engine (tfjs) but is not a queued
 * job, such as inspecting a take's memory (engine-calls.ts).
 */
import { z } from 'zod';
// From the jobs module itself, not the store's index: the engine process need not load SQLite.
import { JOB_KINDS } from '../project/jobs';

const jobId = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
const callId = z.number().int().nonnegative();

/** The quick calls an engine answers (engine-calls.ts). */
export const ENGINE_CALL_METHODS = ['inspectMemory', 'modelFromCheckpoint'] as const;
/** One of ENGINE_CALL_METHODS. */
export type EngineCallMethod = (typeof ENGINE_CALL_METHODS)[number];

/** Severity of a `log` message. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** Severity of a `log` message. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Host -> engine. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    jobId,
    kind: z.enum(JOB_KINDS),
    params: z.unknown(),
    projectPath: z.string().min(1),
  }),
  z.object({ type: z.literal('cancel'), jobId }),
  z.object({ type: z.literal('shutdown') }),
  z.object({
    type: z.literal('call'),
    callId,
    method: z.enum(ENGINE_CALL_METHODS),
    params: z.unknown(),
    projectPath: z.string().min(1),
  }),
]);
/** Host -> engine. */
export type HostMessage = z.infer<typeof hostMessageSchema>;

/** What the engine process runs on, reported once in `ready`. */
export const backendInfoSchema = z.object({
  /** The tfjs backend name ('tensorflow', 'wasm', 'cpu'), or 'none' before the engine picks one. */
  name: z.string(),
  /** Human-readable detail for the UI, e.g. "wasm, SIMD, 1 thread". */
  detail: z.string().optional(),
  /** True when this backend is the slow fallback and the UI should say so. */
  slow: z.boolean().optional(),
});
/** What the engine process runs on, reported once in `ready`. */
export type BackendInfo = z.infer<typeof backendInfoSchema>;

/** Engine -> host. */
export const engineMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    pid: z.number().int(),
    backend: backendInfoSchema,
    kinds: z.array(z.string()),
  }),
  z.object({
    type: z.literal('progress'),
    jobId,
    step: count,
    total: count,
    /** Steps per second, from the smoothed step duration; null until a step has been timed. */
    rate: z.number().nonnegative().nullable(),
    /** Seconds left; null until a couple of steps have been timed. */
    etaSec: z.number().nonnegative().nullable(),
    message: z.string().optional(),
  }),
  z.object({ type: z.literal('preview'), jobId, path: z.string().min(1) }),
  z.object({ type: z.literal('artifact'), jobId, kind: z.string().min(1), path: z.string().min(1) }),
  z.object({ type: z.literal('log'), jobId: jobId.optional(), level: z.enum(LOG_LEVELS), text: z.string() }),
  z.object({ type: z.literal('done'), jobId, result: z.unknown() }),
  z.object({ type: z.literal('error'), jobId, code: z.string().min(1), message: z.string() }),
  z.object({ type: z.literal('reply'), callId, result: z.unknown() }),
  z.object({ type: z.literal('call-error'), callId, code: z.string().min(1), message: z.string() }),
]);
/** Engine -> host. */
export type EngineMessage = z.infer<typeof engineMessageSchema>;
/** The engine's answer to a `call`. */
export type CallAnswer = Extract<EngineMessage, { type: 'reply' | 'call-error' }>;

/** The outcome of checking one incoming message. */
export type Parsed<T> = { ok: true; message: T } | { ok: false; problem: string };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, message: result.data };
  const problem = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, problem };
}

/** Validates a message received by the engine process. */
export function parseHostMessage(raw: unknown): Parsed<HostMessage> {
  return parseWith(hostMessageSchema, raw);
}

/** Validates a message received by the host. */
export function parseEngineMessage(raw: unknown): Parsed<EngineMessage> {
  return parseWith(engineMessageSchema, raw);
}
