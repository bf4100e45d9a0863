/** The Generate view: start, the queue, the video as it grows, and the takes. */
import { GenerateCard } from './GenerateCard';
import { JobQueue } from './JobQueue';
import { LivePreview } from './LivePreview';
import { TakesPanel } from './TakesPanel';

export function GenerateView() {
  return (
    <div className="view-grid generate">
      <div className="stack">
        <GenerateCard />
        <JobQueue />
      </div>
      <LivePreview />
      <TakesPanel />
    </div>
  );
}
