/** The first screen: recent projects beside the New project form. */
import { useState } from 'react';
import type { ApiError } from '../../../../preload/api';
import { useApi } from '../../api/context';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { NewProjectForm } from './NewProjectForm';
import type { ProjectInfo } from '../../shared/types';
import { RecentProjects } from './RecentProjects';

export function HomeScreen({ onOpened }: { onOpened: (project: ProjectInfo) => void }) {
  const api = useApi();
  const [error, setError] = useState<ApiError | undefined>();

  async function open(path: string) {
    const opened = await api.projects.open({ path });
    if (opened.ok) onOpened(opened.value);
    else setError(opened.error);
  }

  return (
    <div className="home">
      {error && <ErrorNotice error={error} />}
      <div className="columns">
        <RecentProjects onOpen={(path) => void open(path)} />
        <NewProjectForm onCreated={onOpened} />
      </div>
    </div>
  );
}
