/** The views of a project as tabs, with their number keys. */
import { useObservable } from '../../shared/use-observable';
import { VIEWS, type View } from './project-session';
import { useSession } from './session-context';

const TITLES: Record<View, string> = {
  storyboard: 'Storyboard',
  generate: 'Generate',
  memory: 'Memory',
  training: 'Training',
  export: 'Export',
  settings: 'Settings',
};

/** The title of a view. */
export function viewTitle(view: View): string {
  return TITLES[view];
}

export function ProjectTabs() {
  const session = useSession();
  const current = useObservable(session.view);
  const running = useObservable(session.jobs).filter((view) => view.job.status === 'running' || view.job.status === 'queued').length;
  return (
    <nav className="tabs" role="tablist" aria-label="Project views">
      {VIEWS.map((view, index) => (
        <button
          key={view}
          type="button"
          role="tab"
          id={`tab-${view}`}
          aria-controls="project-view"
          aria-selected={view === current}
          className="tab"
          onClick={() => session.view.set(view)}
          title={`${TITLES[view]} (${index + 1})`}
        >
          {TITLES[view]}
          {view === 'generate' && running > 0 && <span className="tab-badge">{running}</span>}
        </button>
      ))}
    </nav>
  );
}
