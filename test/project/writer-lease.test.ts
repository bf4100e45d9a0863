// The project write lease (main/project/writer-lease.ts): a second writer process is refused at
// once with the holder named; a lease whose holder is dead, or whose pid now belongs to another
// process (different start time), or that cannot be read, is taken over; one process shares its
// lease between its own connections; the lease goes at close and at exit; and a writer that takes
// the lease marks 'running' jobs interrupted even when their runner pid still answers (reused).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processStartId } from '../../main/project/process-identity';
import {
  closeProject, createJob, createProject, getJob, LEASE_FILE, openProject, ProjectInUseError, readLease, startJob, type LeaseHolder, type Project,
} from '../../main/project/index';
import { errorOf, useTempHome } from './helpers';
import { deadPid, holdLease, killHolder } from './lease-helpers';

const home = useTempHome();
const opened: Project[] = [];
const holders: Awaited<ReturnType<typeof holdLease>>[] = [];

afterEach(async () => {
  for (const project of opened.splice(0)) if (project.db.open) closeProject(project);
  for (const child of holders.splice(0)) await killHolder(child);
});

/** A closed project folder named `name`. */
function folderOf(name: string): string {
  const project = createProject(home.dir(), name);
  closeProject(project);
  return project.path;
}

function openWriter(folder: string, writer = 'the test'): Project {
  const project = openProject(folder, { writer });
  opened.push(project);
  return project;
}

/** Writes a lease file as another process would have left it. */
function plantLease(folder: string, holder: Partial<LeaseHolder>): void {
  const lease: LeaseHolder = {
    pid: deadPid(), startId: null, hostname: hostname(), command: 'longshot render', acquiredAt: '2026-01-02T03:04:05.000Z', token: 'planted', ...holder,
  };
  writeFileSync(join(folder, LEASE_FILE), JSON.stringify(lease));
}

const SINCE = /since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)/;

describe('the project write lease', () => {
  it('refuses a second writer at once, naming the live holder, and lets it in once the holder is killed', async () => {
    const folder = folderOf('Busy');
    const holder = await holdLease(folder);
    holders.push(holder);

    const started = performance.now();
    const refused = errorOf(() => openProject(folder, { writer: 'the test' }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(refused).toBeInstanceOf(ProjectInUseError);
    expect(refused.code).toBe('in_use');
    expect(refused.message).toMatch(new RegExp(`^project "Busy" is being written by pid ${holder.pid} \\(lease holder test, ${SINCE.source}; wait for it or end it$`));
    // A reader still opens it, and the refusal left the holder's lease as it was.
    const reader = openProject(folder);
    closeProject(reader);
    expect(readLease(join(folder, LEASE_FILE))).toMatchObject({ state: 'held', holder: { pid: holder.pid, command: 'lease holder test' } });

    await killHolder(holder);
    const project = openWriter(folder);
    expect(project.lease?.tookOver?.previous?.pid).toBe(holder.pid);
    expect(project.lease?.takeoverLine).toMatch(new RegExp(`^took over project "Busy" from pid ${holder.pid} \\(lease holder test, ${SINCE.source}: that process is no longer running$`));
    expect(readLease(join(folder, LEASE_FILE))).toMatchObject({ state: 'held', holder: { pid: process.pid, command: 'the test' } });
  });

  it('takes over a lease naming a dead pid', () => {
    const folder = folderOf('Dead');
    const pid = deadPid();
    plantLease(folder, { pid });
    const project = openWriter(folder);
    expect(project.lease?.tookOver).toMatchObject({ previous: { pid, command: 'longshot render' }, why: 'that process is no longer running' });
  });

  it.skipIf(processStartId(process.pid) === null)('takes over a lease naming a live pid that started at another time (a reused pid)', async () => {
    const folder = folderOf('Reused');
    const other = await holdLease(folderOf('Elsewhere'));
    holders.push(other);
    const real = processStartId(other.pid);
    expect(real).not.toBeNull();
    // The same live pid with its real start id is a live holder; with another start id it is not.
    plantLease(folder, { pid: other.pid, startId: real });
    expect(errorOf(() => openProject(folder, { writer: 'the test' })).code).toBe('in_use');
    plantLease(folder, { pid: other.pid, startId: `${real}0` });
    const project = openWriter(folder);
    expect(project.lease?.tookOver?.why).toBe(`pid ${other.pid} now belongs to another process`);
  });

  it('refuses a lease held on another machine, saying which file to delete', () => {
    const folder = folderOf('Shared');
    plantLease(folder, { pid: process.pid, hostname: 'other-machine' });
    const refused = errorOf(() => openProject(folder, { writer: 'the test' }));
    expect(refused.code).toBe('in_use');
    expect(refused.message).toContain(`is being written by pid ${process.pid} on other-machine (longshot render, since`);
    expect(refused.message).toContain(`if nothing on other-machine uses it, delete ${join(folder, LEASE_FILE)}`);
  });

  it('takes over a lease file it cannot read', () => {
    const folder = folderOf('Torn');
    writeFileSync(join(folder, LEASE_FILE), '{"pid": 12');
    expect(openWriter(folder).lease?.tookOver).toMatchObject({ previous: null, why: expect.stringMatching(/^its lease file could not be read/) });
  });

  it('is shared by the connections of one process and goes when the last one closes', () => {
    const folder = folderOf('Shared twice');
    const file = join(folder, LEASE_FILE);
    const first = openWriter(folder);
    const second = openWriter(folder);
    expect(first.lease?.fresh).toBe(true);
    expect(second.lease?.fresh).toBe(false);
    closeProject(first);
    expect(existsSync(file)).toBe(true);
    closeProject(second);
    expect(existsSync(file)).toBe(false);
    // A reader takes no lease and leaves none.
    closeProject(openProject(folder));
    expect(existsSync(file)).toBe(false);
  });

  it('is given back when its process exits without closing the project', async () => {
    const folder = folderOf('Exit');
    const holder = await holdLease(folder);
    holders.push(holder);
    expect(existsSync(join(folder, LEASE_FILE))).toBe(true);
    const exited = once(holder, 'exit');
    holder.stdin?.write('exit\n');
    expect(await exited).toEqual([0, null]);
    expect(existsSync(join(folder, LEASE_FILE))).toBe(false);
  });

  it('marks a job left running by a dead writer interrupted, even when its runner pid answers', () => {
    const folder = folderOf('Orphan');
    const before = openProject(folder);
    // The runner pid is this live process: as an orphaned engine or a reused pid would look.
    const job = startJob(before.db, createJob(before.db, { kind: 'generate', params: {} }).id, process.pid);
    closeProject(before);
    const reader = openProject(folder);
    expect(getJob(reader.db, job.id).status).toBe('running');
    closeProject(reader);

    plantLease(folder, {});
    const writer = openWriter(folder);
    expect(getJob(writer.db, job.id)).toMatchObject({ status: 'interrupted', message: 'stopped by a crash or quit' });
  });

  it('writes the lease file whole, naming this process', () => {
    const folder = folderOf('Named');
    openWriter(folder, 'longshot render');
    const lease = JSON.parse(readFileSync(join(folder, LEASE_FILE), 'utf8')) as LeaseHolder;
    expect(lease).toMatchObject({ pid: process.pid, startId: processStartId(process.pid), hostname: hostname(), command: 'longshot render' });
    expect(Date.now() - Date.parse(lease.acquiredAt)).toBeLessThan(60_000);
  });
});
