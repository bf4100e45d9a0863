/** The first screen: the app's name, recent projects beside the New project form. */
import { useState } from 'react';
import type { ApiError } from '../../../../preload/api';
import { useApi } from '../../api/context';
import { ErrorNotice } from '../../shared/ErrorNotice';
import type { ProjectInfo } from '../../shared/types';
import { NewProjectForm } from './NewProjectForm';
import { RecentProjects } from './RecentProjects';

/** `focusNewProject` focuses the new-project form each time it changes (File > New Project). */
export function HomeScreen({ onOpened, focusNewProject }: { onOpened: (project: ProjectInfo) => void; focusNewProject: number }) {
  const api = useApi();
  const [error, setError] = useState<ApiError | undefined>();

  async function open(path: string) {
    const opened = await api.projects.open({ path });
    if (opened.ok) onOpened(opened.value);
    else setError(opened.error);
  }

  return (
    <div className="home">
      <header className="home-header">
        <h1 className="app-title">
          Longshot <span className="app-subtitle">long, consistent AI video on your own computer</span>
        </h1>
      </header>
      {error && <ErrorNotice error={error} />}
      <div className="columns">
        <RecentProjects onOpen={(path) => void open(path)} />
        <NewProjectForm onCreated={onOpened} focusRequest={focusNewProject} />
      </div>
    </div>
  );
}
