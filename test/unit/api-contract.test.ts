// The contract and the Api type stay in step: the channel list, the methods createApi builds and
// the Api type are all derived from `calls`. The type assertions are checked by `tsc` (test files
// are in tsconfig.json); the runtime assertions by vitest.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  callSpec,
  channels,
  createApi,
  eventNames,
  events,
  type Api,
  type Area,
  type CallInput,
  type CallOutput,
  type Channel,
  type EventName,
  type EventPayload,
  type Result,
  type Transport,
  type Unsubscribe,
} from '../../preload/api';

type ApiChannel = { [A in Area]: `${A}.${keyof Api[A] & string}` }[Area];

function recordingTransport() {
  const invoked: { channel: string; input: unknown }[] = [];
  const subscribed: string[] = [];
  const transport: Transport = {
    invoke: async (channel, input) => {
      invoked.push({ channel, input });
      return { ok: true, value: channel };
    },
    subscribe: (event) => {
      subscribed.push(event);
      return () => undefined;
    },
    mediaUrl: (projectId, path) => `media:${projectId}/${path}`,
  };
  return { transport, invoked, subscribed };
}

describe('the Api type', () => {
  it('has exactly one method per channel of the contract', () => {
    expectTypeOf<ApiChannel>().toEqualTypeOf<Channel>();
    expectTypeOf<keyof Api>().toEqualTypeOf<Area | 'events' | 'mediaUrl'>();
    expectTypeOf<keyof Api['events']>().toEqualTypeOf<EventName>();
  });

  it('takes the input schema type and answers a Result of the output schema type', () => {
    expectTypeOf<Api['storyboard']['add']>().parameter(0).toEqualTypeOf<CallInput<'storyboard.add'>>();
    expectTypeOf<Api['storyboard']['add']>().returns.toEqualTypeOf<Promise<Result<CallOutput<'storyboard.add'>>>>();
    expectTypeOf<CallOutput<'storyboard.add'>>().toHaveProperty('startSec').toEqualTypeOf<number>();
    expectTypeOf<CallInput<'projects.updateSettings'>>().toHaveProperty('projectId').toEqualTypeOf<string>();
  });

  it('lets calls without required input be made without an argument, and no others', () => {
    expectTypeOf<Api['system']['info']>().toBeCallableWith();
    expectTypeOf<Api['projects']['listRecent']>().toBeCallableWith();
    // @ts-expect-error storyboard.list needs a projectId
    expectTypeOf<Api['storyboard']['list']>().toBeCallableWith();
  });

  it('types event handlers by the payload schema and returns an unsubscribe', () => {
    expectTypeOf<Api['events']['jobProgress']>().parameter(0).parameter(0).toEqualTypeOf<EventPayload<'jobProgress'>>();
    expectTypeOf<Api['events']['log']>().returns.toEqualTypeOf<Unsubscribe>();
  });
});

describe('the channel list', () => {
  it('names every call of the contract once, as area.call', () => {
    expect(new Set(channels).size).toBe(channels.length);
    for (const channel of channels) {
      expect(channel).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(callSpec(channel)).toBeDefined();
    }
    expect(channels).toContain('projects.create');
    expect(channels).toContain('generation.regenerate');
  });

  it('knows no other names, including prototype keys', () => {
    for (const name of ['projects', 'projects.', '.create', 'projects.nope', '__proto__', 'constructor.name', 'projects.__proto__', 'toString']) {
      expect(callSpec(name)).toBeUndefined();
    }
  });

  it('covers every area and event product.md needs', () => {
    const areas = new Set(channels.map((c) => c.split('.')[0]));
    const needed = ['export', 'footage', 'generation', 'jobs', 'memory', 'models', 'projects', 'storyboard', 'system', 'training'];
    expect([...areas]).toEqual(expect.arrayContaining(needed));
    expect([...eventNames]).toEqual(expect.arrayContaining(['artifact', 'jobProgress', 'jobState', 'log', 'preview']));
  });
});

describe('createApi', () => {
  it('builds a method for every channel that invokes exactly that channel', async () => {
    const { transport, invoked } = recordingTransport();
    const api = createApi(transport) as unknown as Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>>;
    for (const channel of channels) {
      const [area, name] = channel.split('.') as [string, string];
      const answer = await api[area]![name]!({ probe: channel });
      expect(answer).toEqual({ ok: true, value: channel });
    }
    expect(invoked.map((i) => i.channel)).toEqual([...channels]);
    expect(invoked.every((i) => (i.input as { probe: string }).probe === i.channel)).toBe(true);
  });

  it('sends {} for a call made without an argument', async () => {
    const { transport, invoked } = recordingTransport();
    await createApi(transport).system.info();
    expect(invoked).toEqual([{ channel: 'system.info', input: {} }]);
  });

  it('subscribes to every event and passes mediaUrl through', () => {
    const { transport, subscribed } = recordingTransport();
    const api = createApi(transport);
    for (const event of eventNames) api.events[event](() => undefined);
    expect(subscribed).toEqual([...eventNames]);
    expect(api.mediaUrl('p1', 'media/a.png')).toBe('media:p1/media/a.png');
  });
});

describe('schemas', () => {
  it('refuse unknown keys in inputs and bound their sizes', () => {
    const add = callSpec('storyboard.add')!.input;
    const caption = { startSec: 0, endSec: 1, text: 'a cat' };
    expect(add.safeParse({ projectId: 'p', caption }).success).toBe(true);
    expect(add.safeParse({ projectId: 'p', caption, extra: 1 }).success).toBe(false);
    expect(add.safeParse({ projectId: 'p', caption: { ...caption, text: 'x'.repeat(5000) } }).success).toBe(false);
    expect(add.safeParse({ projectId: '../x', caption }).success).toBe(false);
  });

  it('validate event payloads', () => {
    expect(events.jobState.safeParse({ projectId: 'p', jobId: 1, status: 'running', message: null }).success).toBe(true);
    expect(events.jobState.safeParse({ projectId: 'p', jobId: 1, status: 'exploded', message: null }).success).toBe(false);
  });
});
