/** The Settings view: the project's settings beside what the app runs on. */
import { SettingsPanel } from './SettingsPanel';
import { SystemPanel } from './SystemPanel';

export function SettingsView() {
  return (
    <div className="view-grid two">
      <SettingsPanel />
      <SystemPanel />
    </div>
  );
}
