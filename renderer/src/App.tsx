/**
 * The app shell: the home screen or an open project, and the status bar. The open project's
 * folder is remembered for this browser tab, so a reload (or a renderer restart) comes back to
 * the project, where running jobs are still running, instead of to the home screen. The desktop
 * menu's commands are carried out here, where both the navigation and the open session are known.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../preload/api';
import { useApi } from './api/context';
import type { MenuShell } from './features/menu/menu-commands';
import { pageEditing, useMenuCommands } from './features/menu/use-menu-commands';
import type { ProjectSession } from './features/project/project-session';
import { HomeScreen } from './features/projects/HomeScreen';
import { ProjectScreen } from './features/project/ProjectScreen';
import { StatusBar } from './features/system/StatusBar';
import { ErrorNotice } from './shared/ErrorNotice';
import type { ProjectInfo } from './shared/types';

const OPEN_PROJECT_KEY = 'longshot.openProject';

export function App() {
  const api = useApi();
  const [project, setProject] = useState<ProjectInfo | undefined>();
  const [restoring, setRestoring] = useState(() => sessionStorage.getItem(OPEN_PROJECT_KEY) !== null);
  /** Bumped by File > New Project: the home screen focuses its form on each change. */
  const [newProjectRequests, setNewProjectRequests] = useState(0);
  const [notice, setNotice] = useState<ApiError | undefined>();
  const session = useRef<ProjectSession | undefined>(undefined);
  const onSession = useCallback((current: ProjectSession | undefined) => {
    session.current = current;
  }, []);

  useEffect(() => {
    const path = sessionStorage.getItem(OPEN_PROJECT_KEY);
    if (path === null) return;
    let current = true;
    void api.projects.open({ path }).then((opened) => {
      if (!current) return;
      if (opened.ok) setProject(opened.value);
      else sessionStorage.removeItem(OPEN_PROJECT_KEY);
      setRestoring(false);
    });
    return () => {
      current = false;
    };
  }, [api]);

  const open = useCallback((info: ProjectInfo | undefined) => {
    if (info) sessionStorage.setItem(OPEN_PROJECT_KEY, info.path);
    else sessionStorage.removeItem(OPEN_PROJECT_KEY);
    setNotice(undefined);
    setProject(info);
  }, []);

  const menuShell = useMemo<MenuShell>(
    () => ({
      ...pageEditing,
      session: () => session.current,
      showProject: open,
      showNewProjectForm: () => {
        open(undefined);
        setNewProjectRequests((count) => count + 1);
      },
      report: setNotice,
    }),
    [open],
  );
  useMenuCommands(api, menuShell);

  return (
    <div className="app">
      <main className={project ? 'main-project' : 'main-home'}>
        {notice && !project && (
          <div className="banner" role="alert">
            <ErrorNotice error={notice} />
            <button type="button" className="ghost small" onClick={() => setNotice(undefined)}>
              Dismiss
            </button>
          </div>
        )}
        {project ? (
          <ProjectScreen key={project.id} project={project} onClose={() => open(undefined)} onSession={onSession} />
        ) : restoring ? (
          <p className="muted centered">Reopening the project…</p>
        ) : (
          <HomeScreen onOpened={open} focusNewProject={newProjectRequests} />
        )}
      </main>
      <StatusBar />
    </div>
  );
}
