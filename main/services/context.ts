/**
 * What every service function receives, and the type that ties each contract channel to the
 * function implementing it (so a channel without a service, or a service answering the wrong
 * shape, is a compile error).
 */
import type { z } from 'zod';
import type { Area, CallSpec, Calls } from '../../preload/api';
import type { JobHost } from '../jobs/index';
import type { EventBus } from './event-bus';
import type { OpenProjects } from './open-projects';

/** Shared state of one main-side session (one Electron app or one `longshot serve`). */
export interface ServiceContext {
  readonly projects: OpenProjects;
  readonly bus: EventBus;
  /** Runs the queued jobs of every open project. */
  readonly jobs: JobHost;
  /** Where projects.create puts a project when the caller names no folder. */
  readonly projectsDir: string;
  readonly appVersion: string;
  /** Ends the session: stops the job host (running jobs resume next time), closes every project. */
  close(): Promise<void>;
}

type Service<S> =
  S extends CallSpec<infer I, infer O> ? (input: z.output<I>, ctx: ServiceContext) => z.input<O> | Promise<z.input<O>> : never;

/** The services of one area, one per call of the contract. */
export type AreaServices<A extends Area> = { [N in keyof Calls[A]]: Service<Calls[A][N]> };

/** Every service, grouped like the contract. */
export type Services = { [A in Area]: AreaServices<A> };
