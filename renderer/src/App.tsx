/**
 * The app shell: the home screen or an open project, and the status bar. The open project's
 * folder is remembered for this browser tab, so a reload (or a renderer restart) comes back to
 * the project, where running jobs are still running, instead of to the home screen.
 */
import { useEffect, useState } from 'react';
import { useApi } from './api/context';
import { HomeScreen } from './features/projects/HomeScreen';
import { ProjectScreen } from './features/project/ProjectScreen';
import { StatusBar } from './features/system/StatusBar';
import type { ProjectInfo } from './shared/types';

const OPEN_PROJECT_KEY = 'longshot.openProject';

export function App() {
  const api = useApi();
  const [project, setProject] = useState<ProjectInfo | undefined>();
  const [restoring, setRestoring] = useState(() => sessionStorage.getItem(OPEN_PROJECT_KEY) !== null);

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

  function open(info: ProjectInfo | undefined) {
    if (info) sessionStorage.setItem(OPEN_PROJECT_KEY, info.path);
    else sessionStorage.removeItem(OPEN_PROJECT_KEY);
    setProject(info);
  }

  return (
    <div className="app">
      <main className={project ? 'main-project' : 'main-home'}>
        {project ? (
          <ProjectScreen key={project.id} project={project} onClose={() => open(undefined)} />
        ) : restoring ? (
          <p className="muted centered">Reopening the project…</p>
        ) : (
          <HomeScreen onOpened={open} />
        )}
      </main>
      <StatusBar />
    </div>
  );
}
