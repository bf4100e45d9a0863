/**
 * Entry of the engine utility process (bundled to out/main/engine.cjs). The build puts the app's
 * runner modules in the same bundle ahead of this file, so they have registered their job kinds
 * by the time the engine says it is ready.
 */
import { runPortEngine, type ParentPortLike } from './port-engine';

const port = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (!port) throw new Error('the engine entry must run in an Electron utility process');
void runPortEngine(port, [], (code) => process.exit(code));
