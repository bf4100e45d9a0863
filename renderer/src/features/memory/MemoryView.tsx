/** The Memory view: the inspector, the fidelity strip and the budget dial. */
import { BudgetDial } from './BudgetDial';
import { FidelityPanel } from './FidelityPanel';
import { MemoryInspector } from './MemoryInspector';

export function MemoryView() {
  return (
    <div className="view-grid memory">
      <MemoryInspector />
      <div className="stack">
        <BudgetDial />
        <FidelityPanel />
      </div>
    </div>
  );
}
