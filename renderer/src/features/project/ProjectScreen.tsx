/** An open project: its settings and storyboard (the shell the full editor grows from). */
import { useState } from 'react';
import { useApi } from '../../api/context';
import type { ProjectInfo } from '../../shared/types';
import { SettingsPanel } from './SettingsPanel';
import { StoryboardPanel } from './StoryboardPanel';

export function ProjectScreen({ project, onClose }: { project: ProjectInfo; onClose: () => void }) {
  const api = useApi();
  const [name, setName] = useState(project.name);

  async function close() {
    await api.projects.close({ projectId: project.id });
    onClose();
  }

  return (
    <div className="project">
      <header className="project-header">
        <h1>{name}</h1>
        <span className="project-path">{project.path}</span>
        <button type="button" onClick={() => void close()}>
          Close project
        </button>
      </header>
      <div className="columns">
        <SettingsPanel projectId={project.id} settings={project.settings} onSaved={(s) => setName(s.name)} />
        <StoryboardPanel projectId={project.id} />
      </div>
    </div>
  );
}
