/** The app shell: the home screen or an open project, and the status bar. */
import { useState } from 'react';
import { HomeScreen } from './features/projects/HomeScreen';
import { ProjectScreen } from './features/project/ProjectScreen';
import { StatusBar } from './features/system/StatusBar';
import type { ProjectInfo } from './shared/types';

export function App() {
  const [project, setProject] = useState<ProjectInfo | undefined>();
  return (
    <div className="app">
      <main className={project ? 'main-project' : 'main-home'}>
        {project ? (
          <ProjectScreen key={project.id} project={project} onClose={() => setProject(undefined)} />
        ) : (
          <HomeScreen onOpened={setProject} />
        )}
      </main>
      <StatusBar />
    </div>
  );
}
