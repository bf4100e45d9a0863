/** Shapes of the contract the screens pass around, named once. */
import type { CallOutput } from '../../../preload/api';

export type ProjectInfo = CallOutput<'projects.open'>;
export type Caption = CallOutput<'storyboard.add'>;
