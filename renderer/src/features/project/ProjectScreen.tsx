/**
 * An open project: header, view tabs, the chosen view, and the timeline docked below every view
 * (the storyboard is the document all views work on). The session (project-session.ts) is
 * opened here and shared with every panel.
 */
import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/context';
import { ErrorNotice } from '../../shared/ErrorNotice';
import type { ProjectInfo } from '../../shared/types';
import type { Load } from '../../shared/use-load';
import { useObservable } from '../../shared/use-observable';
import { ExportView } from '../export/ExportView';
import { GenerateView } from '../generate/GenerateView';
import { MemoryView } from '../memory/MemoryView';
import { SettingsView } from '../settings/SettingsView';
import { StoryboardView } from '../storyboard/StoryboardView';
import { Timeline } from '../timeline/Timeline';
import { TrainingView } from '../training/TrainingView';
import { closeSession, mayLeave } from './leave-project';
import { ProjectSession, type View } from './project-session';
import { ProjectTabs, viewTitle } from './ProjectTabs';
import { SessionProvider, useSession } from './session-context';
import { ShortcutHelp } from './ShortcutHelp';
import { useShortcuts } from './use-shortcuts';

function ViewBody({ view }: { view: View }) {
  switch (view) {
    case 'storyboard':
      return <StoryboardView />;
    case 'generate':
      return <GenerateView />;
    case 'memory':
      return <MemoryView />;
    case 'training':
      return <TrainingView />;
    case 'export':
      return <ExportView />;
    case 'settings':
      return <SettingsView />;
    default:
      return view satisfies never;
  }
}

function ProjectLayout({ onClose }: { onClose: () => void }) {
  const session = useSession();
  const view = useObservable(session.view);
  const settings = useObservable(session.settings);
  const problem = useObservable(session.problem);
  const [help, setHelp] = useState(false);
  const showHelp = useCallback(() => setHelp(true), []);
  useShortcuts(session, showHelp);

  async function close() {
    if (!mayLeave(session, (question) => window.confirm(question))) return;
    await closeSession(session);
    onClose();
  }

  return (
    <div className="project-screen">
      <header className="project-header">
        <button type="button" className="ghost" onClick={() => void close()} title="Close the project and go back to the project list">
          ← Projects
        </button>
        <h1>{settings.name}</h1>
        <span className="project-path" title={session.info.path}>
          {session.info.path}
        </span>
        <button type="button" className="ghost" onClick={showHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
      </header>
      <ProjectTabs />
      {problem && (
        <div className="banner" role="alert">
          <ErrorNotice error={problem} />
          <button type="button" className="ghost small" onClick={() => session.problem.set(null)}>
            Dismiss
          </button>
        </div>
      )}
      <section className="workspace" id="project-view" role="tabpanel" aria-labelledby={`tab-${view}`} aria-label={viewTitle(view)}>
        <ViewBody view={view} />
      </section>
      <Timeline />
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}

/** `onSession` hears of the project's session once it is open, and undefined when it goes. */
export function ProjectScreen({ project, onClose, onSession }: { project: ProjectInfo; onClose: () => void; onSession: (session: ProjectSession | undefined) => void }) {
  const api = useApi();
  const [session, setSession] = useState<Load<ProjectSession>>({ state: 'loading' });

  useEffect(() => {
    let current = true;
    void ProjectSession.open(api, project).then((opened) => {
      if (current) setSession(opened.ok ? { state: 'ok', value: opened.value } : { state: 'error', error: opened.error });
    });
    return () => {
      current = false;
    };
  }, [api, project]);

  useEffect(() => (session.state === 'ok' ? session.value.connect() : undefined), [session]);
  useEffect(() => {
    if (session.state !== 'ok') return undefined;
    onSession(session.value);
    return () => onSession(undefined);
  }, [session, onSession]);

  if (session.state === 'loading') return <p className="muted centered">Opening {project.name}…</p>;
  if (session.state === 'error') {
    return (
      <div className="centered">
        <ErrorNotice error={session.error} />
        <button type="button" onClick={onClose}>
          Back to projects
        </button>
      </div>
    );
  }
  return (
    <SessionProvider session={session.value}>
      <ProjectLayout onClose={onClose} />
    </SessionProvider>
  );
}
