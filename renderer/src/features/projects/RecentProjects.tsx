/** The home screen's list of recent projects; a click opens one. */
import { useApi } from '../../api/context';
import { ErrorNotice } from '../../shared/ErrorNotice';
import { useLoad } from '../../shared/use-load';
import { OpenByPath } from './OpenByPath';

export function RecentProjects({ onOpen }: { onOpen: (path: string) => void }) {
  const api = useApi();
  const [recent] = useLoad(() => api.projects.listRecent(), [api]);
  return (
    <section className="panel" aria-labelledby="recent-title">
      <h2 id="recent-title">Recent projects</h2>
      {recent.state === 'loading' && <p className="muted">Loading...</p>}
      {recent.state === 'error' && <ErrorNotice error={recent.error} />}
      {recent.state === 'ok' && recent.value.length === 0 && <p className="muted">No projects yet: create one.</p>}
      {recent.state === 'ok' && recent.value.length > 0 && (
        <ul className="project-list">
          {recent.value.map((project) => (
            <li key={project.path}>
              <button type="button" className="project-row" disabled={project.missing} onClick={() => onOpen(project.path)}>
                <span className="project-name">{project.name}</span>
                <span className="project-path">{project.missing ? 'missing (moved or deleted): ' : ''}{project.path}</span>
                <span className="project-date">{new Date(project.openedAt).toLocaleString()}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>Open a project folder</h3>
      <OpenByPath onOpen={onOpen} />
    </section>
  );
}
