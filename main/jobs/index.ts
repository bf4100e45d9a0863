/**
 * The job host and the engine side of jobs. The services layer creates one `JobHost` with an
 * engine transport, attaches each open project, and forwards the host's events; runner modules
 * (listed in runner-modules.ts) call `registerRunner` for their job kind.
 */
export { JobHost } from './host';
export type { HostProject, JobHostOptions } from './host-types';
export type { JobHostEvent, JobHostListener, FinalStatus } from './host-events';
export { JobError, JobCancelledError, type JobErrorCode } from './errors';
export {
  registerRunner,
  registerBackendSetup,
  type Runner,
  type RunnerContext,
  type BackendSetup,
} from './runners';
export type { EngineTransport, EngineFactory, EngineExit } from './transport';
export { TransportEvents } from './transport';
export { nodeChildEngine, type NodeEngineOptions } from './node-transport';
export { inProcessEngine, type InProcessEngineOptions } from './in-process-transport';
export { EngineCore, announceReady, type EngineSend } from './engine-process';
export { ProgressMeter, type ProgressEstimate } from './progress-meter';
export {
  parseEngineMessage,
  parseHostMessage,
  LOG_LEVELS,
  type HostMessage,
  type EngineMessage,
  type BackendInfo,
  type LogLevel,
} from './protocol';
export { RUNNER_MODULES } from './runner-modules';
